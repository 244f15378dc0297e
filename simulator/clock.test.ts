/**
 * The virtual clock: timer order, advance/runUntil windows, sleep validation, waiting for tracked
 * real work, and deterministic interleaving of concurrent actors.
 * Run: node --import tsx --test simulator/clock.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { DEFAULT_EPOCH, VirtualClock } from './clock.ts';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** Real wall-clock wait (never the virtual clock). */
const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** One real macrotask turn: lets every pending microtask run without driving the clock. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a new clock starts at the given epoch, or at DEFAULT_EPOCH', () => {
  assert.equal(new VirtualClock(T0).now(), T0);
  assert.equal(new VirtualClock().now(), DEFAULT_EPOCH);
  assert.equal(DEFAULT_EPOCH, Date.parse('2026-01-05T09:00:00.000Z'));
  assert.equal(new VirtualClock(T0).date().toISOString(), '2030-01-01T00:00:00.000Z');
});

test('timers fire in time order and, at equal times, in the order they were set', async () => {
  const clock = new VirtualClock(T0);
  const fired: string[] = [];
  const when: number[] = [];
  const mark = (name: string) => () => {
    fired.push(name);
    when.push(clock.now() - T0);
  };
  clock.at(T0 + 30, mark('c30'));
  clock.at(T0 + 10, mark('a10'));
  clock.at(T0 + 20, mark('b20'));
  clock.at(T0 + 10, mark('a10-second'));
  void clock.sleep(20).then(mark('sleep20'));
  clock.at(T0 + 10, mark('a10-third'));
  clock.at(T0 + 0, mark('zero'));
  assert.equal(clock.pendingTimers(), 7);

  assert.equal(await clock.runUntil(() => false), false);
  assert.deepEqual(fired, ['zero', 'a10', 'a10-second', 'a10-third', 'b20', 'sleep20', 'c30']);
  assert.deepEqual(when, [0, 10, 10, 10, 20, 20, 30]);
  assert.equal(clock.now(), T0 + 30);
  assert.equal(clock.pendingTimers(), 0);
});

test('property: firing order is the stable sort of the timers by due time', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), async (delays) => {
      const clock = new VirtualClock(T0);
      const fired: { index: number; at: number }[] = [];
      delays.forEach((d, index) => clock.at(T0 + d, () => fired.push({ index, at: clock.now() - T0 })));
      await clock.runUntil(() => false);
      const expected = delays
        .map((d, index) => ({ index, at: d }))
        .sort((x, y) => x.at - y.at || x.index - y.index);
      assert.deepEqual(fired, expected);
    }),
    { numRuns: 60 },
  );
});

test('at() with a time in the past fires at the current time on the next drive; the clock never goes back', async () => {
  const clock = new VirtualClock(T0);
  await clock.advance(100);
  const seen: number[] = [];
  clock.at(T0 + 50, () => seen.push(clock.now()));
  clock.at(T0 - 1_000_000, () => seen.push(clock.now()));
  await turn();
  assert.deepEqual(seen, []);
  await clock.advance(0);
  assert.deepEqual(seen, [T0 + 100, T0 + 100]);
  assert.equal(clock.now(), T0 + 100);
});

test('advance(ms) fires exactly the timers due within the window and leaves the clock at now + ms', async () => {
  const clock = new VirtualClock(T0);
  const fired: number[] = [];
  for (const d of [10, 20, 21, 30]) clock.at(T0 + d, () => fired.push(clock.now() - T0));

  await clock.advance(20); // the window is (now, now + 20]: a timer exactly at the edge fires
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.now(), T0 + 20);
  assert.equal(clock.pendingTimers(), 2);

  await clock.advance(0); // nothing due at +20 any more
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.now(), T0 + 20);

  await clock.advance(0.5); // +20.5: still before 21
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.now(), T0 + 20.5);

  await clock.advance(5); // +25.5: fires 21 only, clock lands on the window's end, not the last timer
  assert.deepEqual(fired, [10, 20, 21]);
  assert.equal(clock.now(), T0 + 25.5);
  assert.equal(clock.pendingTimers(), 1);

  await clock.advance(1000);
  assert.deepEqual(fired, [10, 20, 21, 30]);
  assert.equal(clock.now(), T0 + 1025.5);
  assert.equal(clock.pendingTimers(), 0);
});

test('advance() also fires timers that are set during the window, and none beyond it', async () => {
  const clock = new VirtualClock(T0);
  const ticks: number[] = [];
  let stop = false;
  void (async () => {
    while (!stop) {
      await clock.sleep(5);
      ticks.push(clock.now() - T0);
    }
  })();
  await clock.advance(12);
  assert.deepEqual(ticks, [5, 10]);
  assert.equal(clock.now(), T0 + 12);
  assert.equal(clock.pendingTimers(), 1); // the sleep due at +15
  await clock.advance(3);
  assert.deepEqual(ticks, [5, 10, 15]);
  assert.equal(clock.now(), T0 + 15);
  stop = true;
  await clock.advance(5);
  assert.deepEqual(ticks, [5, 10, 15, 20]);
  assert.equal(clock.pendingTimers(), 0);
});

test('advance() rejects negative and NaN durations with RangeError and does not move', async () => {
  const clock = new VirtualClock(T0);
  await assert.rejects(clock.advance(-1), RangeError);
  await assert.rejects(clock.advance(Number.NaN), RangeError);
  assert.equal(clock.now(), T0);
});

test('sleep(0) does not fire by itself but fires on the next drive, without moving the clock', async () => {
  const clock = new VirtualClock(T0);
  let fired = false;
  void clock.sleep(0).then(() => {
    fired = true;
  });
  await turn();
  await realDelay(5);
  assert.equal(fired, false);
  assert.equal(clock.pendingTimers(), 1);
  await clock.advance(0);
  assert.equal(fired, true);
  assert.equal(clock.now(), T0);
  assert.equal(clock.pendingTimers(), 0);

  // Also via runUntil.
  let again = false;
  void clock.sleep(0).then(() => {
    again = true;
  });
  assert.equal(await clock.runUntil(() => again), true);
  assert.equal(clock.now(), T0);
});

test('sleep() rejects negative, NaN and infinite durations with RangeError, synchronously', () => {
  const clock = new VirtualClock(T0);
  for (const bad of [-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(() => clock.sleep(bad), RangeError, `sleep(${bad})`);
  }
  assert.equal(clock.pendingTimers(), 0);
  assert.equal(clock.now(), T0);
});

test('runUntil stops as soon as the predicate holds', async () => {
  const clock = new VirtualClock(T0);
  const fired: number[] = [];
  for (const d of [10, 20, 30]) clock.at(T0 + d, () => fired.push(d));
  assert.equal(await clock.runUntil(() => fired.length >= 2), true);
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.now(), T0 + 20);
  assert.equal(clock.pendingTimers(), 1);

  // A predicate that already holds fires nothing.
  assert.equal(await clock.runUntil(() => true), true);
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.now(), T0 + 20);
  assert.equal(clock.pendingTimers(), 1);
});

test('runUntil returns false when nothing is left, and stops at its limit', async () => {
  const empty = new VirtualClock(T0);
  assert.equal(await empty.runUntil(() => false), false);
  assert.equal(empty.now(), T0);

  const clock = new VirtualClock(T0);
  const fired: number[] = [];
  for (const d of [10, 20, 30]) clock.at(T0 + d, () => fired.push(d));
  assert.equal(await clock.runUntil(() => false, T0 + 25), false);
  assert.deepEqual(fired, [10, 20]);
  assert.equal(clock.now(), T0 + 25);
  assert.equal(await clock.runUntil(() => false), false);
  assert.deepEqual(fired, [10, 20, 30]);
  assert.equal(clock.now(), T0 + 30);
});

test('the clock does not move while tracked real work is pending; later sleeps count from the start', async () => {
  const clock = new VirtualClock(T0);
  const log: string[] = [];
  let realDone = false;
  let finished = false;
  let wokeAt = Number.NaN;

  // Another timer, due 1 ms of virtual time later, must not fire before the real work is over.
  clock.at(T0 + 1, () => log.push(`timer +1 (real work done: ${realDone}) at +${clock.now() - T0}`));

  void (async () => {
    log.push(`start at +${clock.now() - T0}`);
    const value = await clock.track(
      realDelay(20).then(() => {
        realDone = true;
        return 'result';
      }),
    );
    log.push(`real work -> ${value} at +${clock.now() - T0}`);
    await clock.sleep(5_000);
    wokeAt = clock.now();
    log.push(`woke at +${clock.now() - T0}`);
    finished = true;
  })();

  const wallStart = performance.now();
  assert.equal(await clock.runUntil(() => finished), true);
  const wall = performance.now() - wallStart;

  assert.ok(wall >= 15, `runUntil should have waited for the 20 ms of real work, took ${wall} ms`);
  assert.deepEqual(log, [
    'start at +0',
    'real work -> result at +0',
    'timer +1 (real work done: true) at +1',
    'woke at +5000',
  ]);
  assert.equal(wokeAt, T0 + 5_000); // virtual start + its sleep, not wall time
  assert.equal(clock.now(), T0 + 5_000);
});

test('advance() waits for tracked real work before firing anything', async () => {
  const clock = new VirtualClock(T0);
  const order: string[] = [];
  clock.at(T0, () => order.push('timer'));
  void clock.track(realDelay(15).then(() => order.push('real')));
  await clock.advance(0);
  assert.deepEqual(order, ['real', 'timer']);
});

test('work started by a tracked continuation is tracked too before the clock moves', async () => {
  const clock = new VirtualClock(T0);
  const order: string[] = [];
  clock.at(T0 + 1, () => order.push(`timer at +${clock.now() - T0}`));
  void (async () => {
    await clock.track(realDelay(10));
    order.push('first');
    await clock.track(realDelay(10));
    order.push('second');
  })();
  await clock.advance(10);
  assert.deepEqual(order, ['first', 'second', 'timer at +1']);
  assert.equal(clock.now(), T0 + 10);
});

test('rejected tracked work does not wedge the clock', async () => {
  const clock = new VirtualClock(T0);
  const failing = clock.track(realDelay(5).then(() => Promise.reject(new Error('boom'))));
  const caught = failing.catch((e: Error) => e.message);
  let fired = false;
  clock.at(T0 + 10, () => {
    fired = true;
  });
  await clock.advance(10);
  assert.equal(await caught, 'boom');
  assert.equal(fired, true);
  assert.equal(clock.now(), T0 + 10);
});

test('3 retries x 30 s timeout ends at exactly 120 s virtual, in well under 1 s of wall time', async () => {
  const clock = new VirtualClock(T0);
  const attempts: number[] = [];
  let done = false;
  void (async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      await clock.sleep(30_000); // each try times out after 30 s
      attempts.push(clock.now() - T0);
    }
    done = true;
  })();

  const wallStart = performance.now();
  assert.equal(await clock.runUntil(() => done), true);
  const wall = performance.now() - wallStart;

  assert.deepEqual(attempts, [30_000, 60_000, 90_000, 120_000]);
  assert.equal(clock.now() - T0, 120_000);
  assert.equal(clock.pendingTimers(), 0);
  assert.ok(wall < 1000, `took ${wall} ms of wall time`);
});

/** Two actors with colliding due times; each step may also do real work of varying wall length. */
async function interleave(realMs: (actor: string, step: number) => number): Promise<string[]> {
  const clock = new VirtualClock(T0);
  const log: string[] = [];
  let running = 2;
  const actor = async (name: string, period: number, steps: number) => {
    log.push(`${name} start @${clock.now() - T0}`);
    for (let step = 1; step <= steps; step++) {
      await clock.sleep(period);
      log.push(`${name}${step} @${clock.now() - T0}`);
      const ms = realMs(name, step);
      if (ms > 0) await clock.track(realDelay(ms));
    }
    running--;
  };
  void actor('A', 10, 3);
  void actor('B', 15, 2);
  assert.equal(await clock.runUntil(() => running === 0), true);
  log.push(`end @${clock.now() - T0}`);
  return log;
}

test('two concurrent actors interleave deterministically, whatever the real work takes', async () => {
  // Due times: A 10, 20, 30; B 15, 30. At 30, B's sleep was set first (at 15, A's at 20), so B fires first.
  const expected = ['A start @0', 'B start @0', 'A1 @10', 'B1 @15', 'A2 @20', 'B2 @30', 'A3 @30', 'end @30'];
  const first = await interleave(() => 0);
  const second = await interleave(() => 0);
  const slowA = await interleave((name) => (name === 'A' ? 12 : 0));
  const slowB = await interleave((name, step) => (name === 'B' ? 12 : step));
  assert.deepEqual(first, expected);
  assert.deepEqual(second, first);
  assert.deepEqual(slowA, first);
  assert.deepEqual(slowB, first);
});
