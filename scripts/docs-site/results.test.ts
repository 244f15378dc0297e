/** Outcomes per pickle and runtime. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexResults, worstStatus } from './results.ts';
import { HOSTILE, RUNS } from './testdata.ts';

test('each pickle has an outcome per runtime; what a runtime did not run is "not run"', () => {
  const index = indexResults(RUNS);
  const uri = 'features/batch-endpoints/invoke.feature';
  assert.deepEqual(index.runtimes, ['in-process', 'container']);
  assert.deepEqual(index.outcomes(uri, 9), [
    { status: 'passed' },
    { status: 'failed', failure: `Then the job fails with: (line 12): ${HOSTILE}` },
  ]);
  assert.deepEqual(index.outcomes(uri, 23), [{ status: 'passed' }, { status: 'not run' }]);
  assert.deepEqual(index.outcomes(uri, 28), [{ status: 'not run' }, { status: 'not run' }], 'filtered out');
  assert.deepEqual(indexResults([{ runtime: 'in-process' }]).outcomes(uri, 9), [{ status: 'not run' }], 'a run without results');
});

test('the worst status of several pickles: any that did not pass wins, not run hides nothing', () => {
  assert.equal(worstStatus([]), 'not run');
  assert.equal(worstStatus(['passed', 'not run']), 'passed');
  assert.equal(worstStatus(['passed', 'skipped', 'failed', 'pending']), 'failed');
  assert.equal(worstStatus(['not run', 'not run']), 'not run');
});
