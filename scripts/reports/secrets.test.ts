import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findLeaks, reportsWithTokens } from './secrets.ts';

test('a secret in a log is found, named by where it is, without being repeated', () => {
  const key = 'k3yW1thEnoughCharacters';
  const leaks = findLeaks([key, 'short'], [['job j logs/user/stdout.txt', `printed ${key} here`], ['the last error', 'nothing']]);
  assert.deepEqual(leaks, ['a secret (k3yW…, 23 characters) in job j logs/user/stdout.txt']);
  assert.ok(!leaks[0].includes(key));
});

test('a signed token in a report file is found; a report without one is not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reports-'));
  mkdirSync(join(dir, 'in-process'));
  const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL21sLmF6dXJlLmNvbSJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2ln';
  writeFileSync(join(dir, 'in-process', 'messages.ndjson'), `{"attachment":{"body":"Bearer ${jwt}"}}\n`);
  writeFileSync(join(dir, 'coverage.md'), '| BE-20 | passed |\n');
  assert.deepEqual(reportsWithTokens(dir), [join(dir, 'in-process', 'messages.ndjson')]);
});
