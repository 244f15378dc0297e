import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readResultsFromText } from './messages.ts';
import { areaOf, emptyCounts, renderSummaryTable, resultLine, summarize } from './summary.ts';
import { SAMPLE_NDJSON } from './testdata.ts';

test('areaOf takes the folder under features/', () => {
  assert.equal(areaOf('features/batch-endpoints/invoke.feature'), 'batch-endpoints');
  assert.equal(areaOf('./features/auth/deep/er/x.feature'), 'auth');
  assert.equal(areaOf('features\\storage\\blob.feature'), 'storage');
  assert.equal(areaOf('/abs/repo/features/pipelines/p.feature'), 'pipelines');
  assert.equal(areaOf('features/loose.feature'), '(features)');
  assert.equal(areaOf('other/place/x.feature'), 'other/place');
  assert.equal(areaOf('x.feature'), '(root)');
});

test('summarize counts executed scenarios per area and in total', () => {
  const s = summarize(readResultsFromText(SAMPLE_NDJSON).scenarios);
  assert.deepEqual(
    s.areas.map((a) => a.area),
    ['auth', 'batch-endpoints'],
  );
  assert.deepEqual(s.areas[0].counts, { total: 5, passed: 1, failed: 1, undefined: 1, pending: 2, skipped: 0 });
  assert.deepEqual(s.areas[1].counts, { total: 4, passed: 3, failed: 1, undefined: 0, pending: 0, skipped: 0 });
  assert.deepEqual(s.totals, { total: 9, passed: 4, failed: 2, undefined: 1, pending: 2, skipped: 0 });
  assert.equal(s.notRun, 1);
});

test('resultLine: "N passed, N failed", skipped only when non-zero; undefined and pending count as failed', () => {
  const s = summarize(readResultsFromText(SAMPLE_NDJSON).scenarios);
  assert.equal(resultLine(s.totals), '4 passed, 5 failed');
  assert.equal(resultLine({ ...emptyCounts(), total: 3, passed: 2, skipped: 1 }), '2 passed, 0 failed, 1 skipped');
  assert.equal(resultLine(emptyCounts()), '0 passed, 0 failed');
});

test('renderSummaryTable is plain text with one row per area and a total row', () => {
  const lines = renderSummaryTable(summarize(readResultsFromText(SAMPLE_NDJSON).scenarios));
  assert.match(lines[0], /^area\s+scenarios\s+passed\s+failed\s+undefined\s+pending\s+skipped$/);
  assert.ok(lines.some((l) => /^auth\s+5\s+1\s+1\s+1\s+2\s+0$/.test(l)));
  assert.ok(lines.some((l) => /^batch-endpoints\s+4\s+3\s+1\s+0\s+0\s+0$/.test(l)));
  assert.ok(lines.some((l) => /^total\s+9\s+4\s+2\s+1\s+2\s+0$/.test(l)));
  assert.equal(lines.at(-1), '(1 scenario(s) not run: filtered out)');
  assert.ok(lines.every((l) => !l.includes('\u001b')), 'no ANSI escapes');
  assert.deepEqual(renderSummaryTable(summarize([])), ['no scenarios were run']);
});
