/** Orphans of dead workers: found from the process table; never looked for outside a container. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configureOrphans, endOrphans, orphansIn, processTable } from './orphans.ts';

const entry = (ppid: number, zombie = false) => ({ ppid, zombie });

test('orphans are the children of pid 1 but the agent, and everything they started', () => {
  // 1 init; 7 the agent; 8, 9 its workers; 10 a worker's child; 20 an orphan with children 21, 22 and grandchild 23.
  const table = new Map([
    [1, entry(0)],
    [7, entry(1)],
    [8, entry(7)],
    [9, entry(7)],
    [10, entry(8)],
    [20, entry(1)],
    [21, entry(20)],
    [22, entry(20, true)],
    [23, entry(21)],
  ]);
  assert.deepEqual(orphansIn(table, 7).sort((a, b) => a - b), [20, 21, 22, 23]);
  assert.deepEqual(orphansIn(new Map([[1, entry(0)], [7, entry(1)], [8, entry(7)]]), 7), []);
});

test('the process table has this process and its parent', () => {
  const table = processTable();
  assert.equal(table.get(process.pid)?.ppid, process.ppid);
  assert.equal(table.get(process.pid)?.zombie, false);
});

test('outside a runtime container (pid 1 does not run this program) the sweep stays off, even when asked for', async () => {
  assert.equal(configureOrphans({ AGENT_END_ORPHANS: '1' }), false);
  assert.equal(configureOrphans({}), false);
  assert.equal(await endOrphans(), 0);
});
