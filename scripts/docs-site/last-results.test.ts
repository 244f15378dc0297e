/** Finding the last run's results on disk, as scripts/run-features.ts left them. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SAMPLE_NDJSON } from '../reports/testdata.ts';
import { lastRuns, singleRuntimeName } from './last-results.ts';

function reports(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-site-reports-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'reports', name)), { recursive: true });
    fs.writeFileSync(path.join(root, 'reports', name), text);
  }
  return root;
}

const summary = (root: string) => lastRuns(root).map((r) => [r.runtime, r.results?.scenarios.length ?? null, r.note ?? null]);

test('with --runtimes: each runtime of coverage.json, in its order, with why one did not run', (t) => {
  const root = reports({
    'coverage.json': JSON.stringify({
      runtimes: ['in-process', 'container'],
      runs: {
        'in-process': { messages: 'reports/in-process/messages.ndjson', skipped: null, runError: null },
        container: { messages: 'reports/container/messages.ndjson', skipped: 'interrupted', runError: null },
      },
    }),
    'in-process/messages.ndjson': SAMPLE_NDJSON,
  });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(summary(root), [
    ['in-process', 10, null],
    ['container', null, 'interrupted'],
  ]);
});

test('without --runtimes: the single run, named after SIM_RUNTIME', (t) => {
  const root = reports({
    'coverage.json': JSON.stringify({ run: { messages: 'reports/messages.ndjson', runError: null } }),
    'messages.ndjson': SAMPLE_NDJSON,
  });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(summary(root), [[singleRuntimeName(), 10, null]]);
  assert.equal(singleRuntimeName({}), 'in-process');
  assert.equal(singleRuntimeName({ SIM_RUNTIME: ' container ' }), 'container');
});

test('without coverage.json: reports/messages.ndjson, else each runtime folder found', (t) => {
  const single = reports({ 'messages.ndjson': SAMPLE_NDJSON, 'container/messages.ndjson': SAMPLE_NDJSON });
  const multi = reports({ 'container/messages.ndjson': SAMPLE_NDJSON });
  const none = reports({});
  t.after(() => [single, multi, none].forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
  assert.deepEqual(summary(single), [[singleRuntimeName(), 10, null]]);
  assert.deepEqual(summary(multi), [['container', 10, null]]);
  assert.deepEqual(summary(none), []);
});

test('a messages file that coverage.json names but is gone is a note', (t) => {
  const root = reports({ 'coverage.json': JSON.stringify({ run: { messages: 'reports/messages.ndjson' } }) });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.deepEqual(summary(root), [[singleRuntimeName(), null, 'reports/messages.ndjson not found']]);
});
