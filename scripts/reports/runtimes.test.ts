import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScenarioResult, ScenarioStatus } from './messages.ts';
import { buildCoverage, parseCatalog, requiredCoverageFailures } from './coverage.ts';
import { emptyCounts, resultLine, sumCounts } from './summary.ts';
import {
  combinedResult,
  executedLine,
  mergeCoverage,
  onlyTag,
  renderRuntimeCoverageMarkdown,
  runtimeStatusLabel,
  runtimeTagFilter,
  runtimeView,
} from './runtimes.ts';

/** A scenario result as readResults() gives it; no status = filtered out (not executed). */
function sc(uri: string, line: number, name: string, tags: string[], status?: ScenarioStatus, attempts = 1): ScenarioResult {
  return {
    pickleId: `${uri}:${line}`,
    uri,
    line,
    name,
    featureName: 'F',
    tags,
    executed: status !== undefined,
    ...(status ? { status } : {}),
    attempts: status ? attempts : 0,
  };
}

const A = 'features/batch-endpoints/a.feature';
const B = 'features/batch-endpoints/b.feature';

const catalog = parseCatalog({
  behaviors: [
    { id: 'BE-1', area: 'batch-endpoints', summary: 'Both pass' },
    { id: 'BE-2', area: 'batch-endpoints', summary: 'One scenario per runtime' },
    { id: 'BE-3', area: 'batch-endpoints', summary: 'Retried on one runtime' },
    { id: 'BE-4', area: 'batch-endpoints', summary: 'Fails in a container' },
    { id: 'BE-5', area: 'batch-endpoints', summary: 'Nobody wrote a scenario' },
    { id: 'BE-6', area: 'batch-endpoints', summary: 'In-process only' },
    { id: 'PRS-1', area: 'parallel-run', summary: 'Not yet' },
  ],
});

// The same pickles on both runtimes; the runtime-only tags decide what each one executed.
const inProcess: ScenarioResult[] = [
  sc(A, 3, 'both pass', ['@BE-1'], 'passed'),
  sc(A, 8, 'container only', ['@BE-2', '@container-only']),
  sc(A, 12, 'in-process only', ['@BE-2', '@in-process-only'], 'passed'),
  sc(A, 16, 'flaky in a container', ['@BE-3'], 'passed'),
  sc(B, 4, 'fails in a container', ['@BE-4', '@BE-99'], 'passed'),
  sc(B, 9, 'needs worker threads', ['@BE-6', '@in-process-only'], 'passed'),
];
const container: ScenarioResult[] = [
  sc(A, 3, 'both pass', ['@BE-1'], 'passed'),
  sc(A, 8, 'container only', ['@BE-2', '@container-only'], 'passed'),
  sc(A, 12, 'in-process only', ['@BE-2', '@in-process-only']),
  sc(A, 16, 'flaky in a container', ['@BE-3'], 'passed', 2),
  sc(B, 4, 'fails in a container', ['@BE-4', '@BE-99'], 'failed'),
  sc(B, 9, 'needs worker threads', ['@BE-6', '@in-process-only']),
];

const merged = mergeCoverage([
  { runtime: 'in-process', report: buildCoverage(catalog, inProcess) },
  { runtime: 'container', report: buildCoverage(catalog, container) },
]);
const row = (id: string) => {
  const r = merged.rows.find((x) => x.id === id);
  assert.ok(r, id);
  return r;
};

test('runtime-only tags: each runtime leaves out the other runtimes\' @<runtime>-only scenarios', () => {
  assert.equal(onlyTag('container'), '@container-only');
  assert.equal(runtimeTagFilter('in-process'), 'not @container-only');
  assert.equal(runtimeTagFilter('container'), 'not @in-process-only');
  assert.equal(runtimeTagFilter('container', ['in-process', 'container']), 'not @in-process-only');
  // A runtime outside the known two (e.g. a throwaway copy) runs neither side's only-scenarios,
  // and the known ones leave out its own.
  assert.equal(runtimeTagFilter('gpu', ['in-process', 'gpu']), 'not @in-process-only and not @container-only');
  assert.equal(runtimeTagFilter('in-process', ['in-process', 'gpu']), 'not @container-only and not @gpu-only');
});

test('one result column per runtime, in runtime order, in catalog order', () => {
  assert.deepEqual(merged.runtimes, ['in-process', 'container']);
  assert.deepEqual(
    merged.rows.map((r) => [r.id, r.results['in-process'], r.results.container, r.result]),
    [
      ['BE-1', 'passed', 'passed', 'passed'],
      ['BE-2', 'passed', 'passed', 'passed'], // a different scenario on each runtime
      ['BE-3', 'passed', 'passed', 'passed'],
      ['BE-4', 'passed', 'failed', 'failed'],
      ['BE-5', 'not covered', 'not covered', 'not covered'],
      ['BE-6', 'passed', 'not run', 'not run'],
      ['PRS-1', 'not covered', 'not covered', 'not covered'],
    ],
  );
  assert.deepEqual(Object.keys(row('BE-1').results), ['in-process', 'container']);
  assert.equal(row('BE-4').summary, 'Fails in a container');
  assert.equal(row('BE-4').area, 'batch-endpoints');
  assert.deepEqual(merged.totals, {
    'in-process': { behaviors: 7, passed: 5, failed: 0, notCovered: 2, notRun: 0 },
    container: { behaviors: 7, passed: 3, failed: 1, notCovered: 2, notRun: 1 },
  });
});

test('scenarios are merged by file:line with a status per runtime; attempts only where retried', () => {
  assert.deepEqual(row('BE-2').scenarios, [
    { uri: A, line: 8, name: 'container only', statuses: { 'in-process': 'not run', container: 'passed' } },
    { uri: A, line: 12, name: 'in-process only', statuses: { 'in-process': 'passed', container: 'not run' } },
  ]);
  assert.deepEqual(row('BE-3').scenarios, [
    {
      uri: A,
      line: 16,
      name: 'flaky in a container',
      statuses: { 'in-process': 'passed', container: 'passed' },
      attempts: { container: 2 },
    },
  ]);
  assert.deepEqual(row('BE-5').scenarios, []);
});

test('a runtime that reported nothing (crashed, interrupted) shows its scenarios as not run', () => {
  const m = mergeCoverage([
    { runtime: 'in-process', report: buildCoverage(catalog, inProcess) },
    { runtime: 'container', report: buildCoverage(catalog, []) },
  ]);
  const r = m.rows.find((x) => x.id === 'BE-1')!;
  assert.deepEqual(r.results, { 'in-process': 'passed', container: 'not run' });
  assert.equal(r.result, 'not run');
  assert.deepEqual(r.scenarios[0].statuses, { 'in-process': 'passed', container: 'not run' });
  assert.deepEqual(m.totals.container, { behaviors: 7, passed: 0, failed: 0, notCovered: 2, notRun: 5 });
});

test('--require-coverage is checked on every runtime', () => {
  const failures = (rt: string, prefixes: string[]) =>
    requiredCoverageFailures(runtimeView(merged, rt), prefixes).map((r) => `${r.id}:${r.result}`);
  assert.deepEqual(failures('in-process', ['BE']), ['BE-5:not covered']);
  assert.deepEqual(failures('container', ['BE']), ['BE-4:failed', 'BE-5:not covered', 'BE-6:not run']);
  assert.deepEqual(failures('container', ['BE-1', 'BE-2', 'BE-3']), []);
  assert.deepEqual(failures('container', []), []);
});

test('runtimeView gives one runtime\'s column as a plain coverage report', () => {
  const view = runtimeView(merged, 'container');
  const be3 = view.rows.find((r) => r.id === 'BE-3')!;
  assert.equal(be3.result, 'passed');
  assert.deepEqual(be3.scenarios, [{ uri: A, line: 16, name: 'flaky in a container', status: 'passed', attempts: 2 }]);
  assert.deepEqual(view.totals, merged.totals.container);
  assert.equal(view.errors.length, 1);
  assert.equal('runtimes' in view.errors[0], false);
  assert.throws(() => runtimeView(merged, 'gpu'), /no runtime gpu/);
  // A single runtime merges back to exactly what buildCoverage says.
  const alone = buildCoverage(catalog, container);
  const one = runtimeView(mergeCoverage([{ runtime: 'container', report: alone }]), 'container');
  assert.deepEqual(one.rows, alone.rows);
  assert.deepEqual(one.totals, alone.totals);
});

test('errors reported by several runtimes are listed once, with the runtimes that saw them', () => {
  assert.equal(merged.errors.length, 1);
  assert.equal(merged.errors[0].tag, '@BE-99');
  assert.deepEqual(merged.errors[0].runtimes, ['in-process', 'container']);
  const m = mergeCoverage([
    { runtime: 'in-process', report: buildCoverage(catalog, inProcess) },
    { runtime: 'container', report: buildCoverage(catalog, []) },
  ]);
  assert.deepEqual(m.errors.map((e) => e.runtimes), [['in-process']]);
});

test('a runtime given twice is refused', () => {
  const r = buildCoverage(catalog, inProcess);
  assert.throws(() => mergeCoverage([{ runtime: 'x', report: r }, { runtime: 'x', report: r }]), /runtime x given twice/);
});

test('combinedResult: passed only when passed everywhere', () => {
  assert.equal(combinedResult(['passed', 'passed']), 'passed');
  assert.equal(combinedResult(['passed', 'failed']), 'failed');
  assert.equal(combinedResult(['not run', 'failed']), 'failed');
  assert.equal(combinedResult(['passed', 'not run']), 'not run');
  assert.equal(combinedResult(['not covered', 'not covered']), 'not covered');
  assert.equal(combinedResult([]), 'not covered');
});

test('status labels are compact when the runtimes agree', () => {
  const rts = ['in-process', 'container'];
  assert.equal(runtimeStatusLabel(row('BE-1').scenarios[0], rts), 'passed');
  assert.equal(runtimeStatusLabel(row('BE-3').scenarios[0], rts), 'in-process: passed, container: passed after 2 attempts');
  assert.equal(runtimeStatusLabel(row('BE-4').scenarios[0], rts), 'in-process: passed, container: failed');
});

test('markdown: a result column per runtime, a runtime table, requirement per runtime', () => {
  const md = renderRuntimeCoverageMarkdown(merged, {
    catalogPath: 'specs/behaviors.json',
    generatedAt: '2026-01-01T00:00:00.000Z',
    notes: ['container: cucumber-js exited with code 1'],
    runs: {
      'in-process': { executed: 5, reportsDir: 'reports/in-process/' },
      container: { executed: 4, reportsDir: 'reports/container/' },
    },
    requiredPrefixes: ['BE'],
    requiredFailures: {
      'in-process': requiredCoverageFailures(runtimeView(merged, 'in-process'), ['BE']),
      container: requiredCoverageFailures(runtimeView(merged, 'container'), ['BE']),
    },
  });
  const lines = md.split('\n');
  assert.ok(lines.includes('Catalog: `specs/behaviors.json` · runtimes: in-process, container · generated 2026-01-01T00:00:00.000Z'));
  assert.ok(lines.includes('> container: cucumber-js exited with code 1'));
  assert.ok(lines.includes('| in-process | 7 | 5 | 0 | 2 | 0 | 5 | `reports/in-process/` |'));
  assert.ok(lines.includes('| container | 7 | 3 | 1 | 2 | 1 | 4 | `reports/container/` |'));
  assert.ok(lines.includes('Required coverage (BE) on every runtime: **not met**.'));
  assert.ok(lines.includes('- in-process: **not met** — BE-5 (not covered).'));
  assert.ok(lines.includes('- container: **not met** — BE-4 (failed), BE-5 (not covered), BE-6 (not run).'));
  assert.ok(lines.includes('| ID | Area | Summary | Scenarios | Result (in-process) | Result (container) |'));
  assert.ok(lines.includes('| --- | --- | --- | --- | --- | --- |'));
  assert.ok(
    lines.includes(
      `| BE-4 | batch-endpoints | Fails in a container | \`${B}:4\` fails in a container (in-process: passed, container: failed) | passed | failed |`,
    ),
  );
  assert.ok(
    lines.includes(
      `| BE-2 | batch-endpoints | One scenario per runtime | \`${A}:8\` container only (in-process: not run, container: passed)<br>` +
        `\`${A}:12\` in-process only (in-process: passed, container: not run) | passed | passed |`,
    ),
  );
  assert.ok(lines.includes('| BE-5 | batch-endpoints | Nobody wrote a scenario | — | not covered | not covered |'));
  // Seen by every runtime: no runtime list after the message.
  const err = lines.find((l) => l.startsWith('- tag @BE-99 is not a behavior in the catalog'));
  assert.ok(err?.endsWith(`(used by ${B}:4)`), err);
  const rowIds = lines.filter((l) => /^\| [A-Z]+-\d+ \|/.test(l)).map((l) => l.split(' | ')[0].slice(2));
  assert.deepEqual(rowIds, catalog.behaviors.map((b) => b.id));
});

test('markdown: requirement met everywhere, a skipped runtime, an error seen by one runtime', () => {
  const m = mergeCoverage([
    { runtime: 'in-process', report: buildCoverage(catalog, inProcess) },
    { runtime: 'container', report: buildCoverage(catalog, []) },
  ]);
  const md = renderRuntimeCoverageMarkdown(m, {
    catalogPath: 'c.json',
    runs: { 'in-process': { executed: 5 }, container: { executed: 0, skipped: 'not run: interrupted' } },
    requiredPrefixes: ['BE-1'],
    requiredFailures: { 'in-process': [], container: [] },
  });
  const lines = md.split('\n');
  assert.ok(lines.includes('Required coverage (BE-1) on every runtime: met.'));
  assert.ok(lines.includes('| container | 7 | 0 | 0 | 2 | 5 | 0 (not run: interrupted) | — |'));
  assert.ok(lines.some((l) => l.startsWith('- tag @BE-99') && l.endsWith(' (in-process)')));
});

test('console: scenarios executed per runtime; the CI line sums the runtimes', () => {
  assert.equal(
    executedLine([
      { runtime: 'in-process', executed: 96 },
      { runtime: 'container', executed: 1 },
    ]),
    'in-process: 96 scenarios executed, container: 1 scenario executed',
  );
  const a = { ...emptyCounts(), total: 96, passed: 95, failed: 1 };
  const b = { ...emptyCounts(), total: 97, passed: 94, pending: 1, undefined: 1, skipped: 1 };
  assert.deepEqual(sumCounts([a, b]), { total: 193, passed: 189, failed: 1, undefined: 1, pending: 1, skipped: 1 });
  assert.equal(resultLine(sumCounts([a, b])), '189 passed, 3 failed, 1 skipped');
  assert.deepEqual(sumCounts([]), emptyCounts());
});

test('a partial pass (--storage-pass) can fail a behavior but leaves nothing uncovered', () => {
  // The @storage pass ran BE-1's scenario (passed) and BE-3's (failed), nothing else.
  const storage = [sc(A, 3, 'both pass', ['@BE-1', '@storage'], 'passed'), sc(A, 16, 'flaky in a container', ['@BE-3', '@storage'], 'failed')];
  const m = mergeCoverage([
    { runtime: 'in-process', report: buildCoverage(catalog, inProcess) },
    { runtime: 'storage-azurite', report: buildCoverage(catalog, storage), partial: true },
  ]);
  assert.deepEqual(m.partial, ['storage-azurite']);
  const result = (id: string) => m.rows.find((r) => r.id === id)!;
  assert.equal(result('BE-1').result, 'passed');
  assert.equal(result('BE-3').result, 'failed');
  assert.equal(result('BE-6').result, 'passed'); // not run by the pass: not held against it
  const md = renderRuntimeCoverageMarkdown(m, { catalogPath: 'c.json', requiredPrefixes: ['BE-6'], requiredFailures: { 'in-process': [] } }).split('\n');
  assert.ok(md.includes(`| BE-6 | batch-endpoints | In-process only | \`${B}:9\` needs worker threads (passed) | passed | — |`));
  assert.ok(md.includes(`| BE-1 | batch-endpoints | Both pass | \`${A}:3\` both pass (passed) | passed | passed |`));
  assert.ok(md.includes('Required coverage (BE-6) on every runtime: met.'));
});
