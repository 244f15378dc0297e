import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readResultsFromText } from './messages.ts';
import {
  buildCoverage,
  loadCatalog,
  matchesPrefix,
  parseCatalog,
  parsePrefixes,
  renderCoverageMarkdown,
  requiredCoverageFailures,
} from './coverage.ts';
import { SAMPLE_CATALOG, SAMPLE_NDJSON } from './testdata.ts';

const scenarios = readResultsFromText(SAMPLE_NDJSON).scenarios;
const catalog = parseCatalog(SAMPLE_CATALOG);

test('one row per behavior, in catalog order, with its result', () => {
  const report = buildCoverage(catalog, scenarios);
  assert.deepEqual(
    report.rows.map((r) => [r.id, r.result]),
    [
      ['BE-1', 'failed'], // feature-level tag: "fails" failed
      ['BE-2', 'failed'],
      ['BE-3', 'passed'], // both outline rows passed
      ['BE-4', 'not run'], // tagged scenario filtered out
      ['BE-5', 'not covered'],
      ['AUTH-1', 'failed'], // undefined
      ['AUTH-2', 'failed'], // pending
      ['AUTH-3', 'passed'], // passed on retry
      ['AUTH-4', 'failed'], // ambiguous
      ['PRS-11', 'not covered'],
    ],
  );
  assert.deepEqual(report.totals, { behaviors: 10, passed: 2, failed: 5, notCovered: 2, notRun: 1 });
});

test('rows list the tagged scenarios with file:line, name and status', () => {
  const rows = new Map(buildCoverage(catalog, scenarios).rows.map((r) => [r.id, r]));
  assert.deepEqual(rows.get('BE-3')?.scenarios, [
    { uri: 'features/batch-endpoints/invoke.feature', line: 19, name: 'row 1', status: 'passed' },
    { uri: 'features/batch-endpoints/invoke.feature', line: 20, name: 'row 2', status: 'passed' },
  ]);
  assert.equal(rows.get('BE-1')?.scenarios.length, 5);
  assert.deepEqual(rows.get('BE-4')?.scenarios.map((s) => s.status), ['not run']);
  assert.deepEqual(rows.get('AUTH-3')?.scenarios[0], {
    uri: 'features/auth/token.feature',
    line: 11,
    name: 'flaky',
    status: 'passed',
    attempts: 2,
  });
  assert.deepEqual(rows.get('BE-5')?.scenarios, []);
  assert.equal(rows.get('BE-1')?.area, 'batch-endpoints');
  assert.equal(rows.get('BE-1')?.summary, 'Invoke a batch endpoint');
});

test('behavior-looking tags missing from the catalog are errors; other tags are ignored', () => {
  const { errors } = buildCoverage(catalog, scenarios);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind, 'unknown-behavior-tag');
  assert.equal(errors[0].tag, '@AUTH-99');
  assert.match(errors[0].message, /@AUTH-99 .*features\/auth\/token\.feature:11/);
});

test('an unknown tag that differs only in zero-padding gets a suggestion', () => {
  const padded = parseCatalog({ behaviors: [{ id: 'BE-01' }, { id: 'BE-03' }] });
  const { rows, errors } = buildCoverage(padded, scenarios);
  // Matching is exact: @BE-1 does not cover BE-01 ...
  assert.deepEqual(rows.map((r) => r.result), ['not covered', 'not covered']);
  // ... but the error says what was probably meant.
  const be1 = errors.find((e) => e.tag === '@BE-1');
  assert.match(be1?.message ?? '', /^tag @BE-1 is not a behavior in the catalog \(did you mean @BE-01\?\) \(used by /);
  const be2 = errors.find((e) => e.tag === '@BE-2');
  assert.doesNotMatch(be2?.message ?? '', /did you mean/);
});

test('duplicate catalog IDs are reported and counted once', () => {
  const dup = parseCatalog({ behaviors: [{ id: 'BE-3' }, { id: 'BE-3', summary: 'again' }] });
  const report = buildCoverage(dup, scenarios);
  assert.equal(report.rows.length, 1);
  assert.ok(report.errors.some((e) => e.kind === 'duplicate-behavior-id' && e.id === 'BE-3'));
});

test('parseCatalog validates the shape', () => {
  assert.throws(() => parseCatalog({ documents: {} }), /"behaviors" array/);
  assert.throws(() => parseCatalog({ behaviors: [{ area: 'auth' }] }), /behaviors\[0\] has no string "id"/);
  assert.deepEqual(parseCatalog({ behaviors: [{ id: ' X-1 ' }] }).behaviors, [{ id: 'X-1', area: '', summary: '' }]);
});

test('loadCatalog reads a file and reports invalid JSON with the path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-test-'));
  try {
    const good = path.join(dir, 'behaviors.json');
    fs.writeFileSync(good, JSON.stringify(SAMPLE_CATALOG));
    assert.equal(loadCatalog(good).behaviors.length, 10);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"behaviors": [');
    assert.throws(() => loadCatalog(bad), (e: Error) => e.message.startsWith(`${bad}: invalid JSON`));
    assert.throws(() => loadCatalog(path.join(dir, 'missing.json')), { code: 'ENOENT' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('required coverage: prefixes select behaviors; anything but passed fails', () => {
  assert.deepEqual(parsePrefixes(['BE,PRS', ' AUTH ', '']), ['BE', 'PRS', 'AUTH']);
  assert.ok(matchesPrefix('BE-13', ['BE']));
  assert.ok(!matchesPrefix('BEX-1', ['BE']));
  assert.ok(matchesPrefix('BE-13', ['BE-1']));
  const report = buildCoverage(catalog, scenarios);
  assert.deepEqual(
    requiredCoverageFailures(report, ['BE', 'PRS']).map((r) => `${r.id}:${r.result}`),
    ['BE-1:failed', 'BE-2:failed', 'BE-4:not run', 'BE-5:not covered', 'PRS-11:not covered'],
  );
  assert.deepEqual(requiredCoverageFailures(report, []), []);
  assert.deepEqual(
    requiredCoverageFailures(report, ['AUTH']).map((r) => r.id),
    ['AUTH-1', 'AUTH-2', 'AUTH-4'],
  );
});

test('markdown: table in catalog order, escaped cells, errors and requirement status', () => {
  const report = buildCoverage(catalog, scenarios);
  const md = renderCoverageMarkdown(report, {
    catalogPath: 'specs/behaviors.json',
    notes: ['cucumber-js exited with code 1'],
    requiredPrefixes: ['PRS'],
    requiredFailures: requiredCoverageFailures(report, ['PRS']),
  });
  const lines = md.split('\n');
  assert.ok(lines.includes('| ID | Area | Summary | Scenarios | Result |'));
  const rowIds = lines.filter((l) => /^\| [A-Z]+-\d+ \|/.test(l)).map((l) => l.split(' | ')[0].slice(2));
  assert.deepEqual(rowIds, catalog.behaviors.map((b) => b.id));
  assert.ok(
    lines.includes(
      '| BE-3 | batch-endpoints | Rows \\| outline | `features/batch-endpoints/invoke.feature:19` row 1 (passed)<br>' +
        '`features/batch-endpoints/invoke.feature:20` row 2 (passed) | passed |',
    ),
  );
  assert.ok(lines.includes('| BE-5 | batch-endpoints | Nobody wrote a scenario | — | not covered |'));
  assert.ok(md.includes('(passed after 2 attempts)'));
  assert.ok(md.includes('**10 behaviors:** 2 passed, 5 failed, 2 not covered, 1 not run'));
  assert.ok(md.includes('> cucumber-js exited with code 1'));
  assert.ok(md.includes('Required coverage (PRS): **not met** — PRS-11 (not covered).'));
  assert.ok(md.includes('## Errors'));
  assert.ok(md.includes('- tag @AUTH-99 is not a behavior in the catalog'));
});
