/**
 * The arithmetic of retries (max_retries), error_threshold and per-mini-batch item counts.
 * Run: node --import tsx --test simulator/jobs/accounting.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { itemCounts, thresholdExceeded, triesAllowed } from './accounting.ts';

const INT32_MAX = 2_147_483_647;

// ---------------------------------------------------------------- triesAllowed

test('triesAllowed: one try plus max_retries more', () => {
  assert.equal(triesAllowed(3), 4);
  assert.equal(triesAllowed(0), 1);
  assert.equal(triesAllowed(1), 2);
  assert.equal(triesAllowed(10), 11);
});

// ---------------------------------------------------------------- thresholdExceeded

test('thresholdExceeded: -1 ignores every failure, however many', () => {
  for (const failed of [0, 1, 2, 1000, INT32_MAX, INT32_MAX + 1, Number.MAX_SAFE_INTEGER]) {
    assert.equal(thresholdExceeded(failed, -1), false, `failed=${failed}`);
  }
});

test('thresholdExceeded: 0 tolerates no failure at all', () => {
  assert.equal(thresholdExceeded(0, 0), false);
  assert.equal(thresholdExceeded(1, 0), true);
  assert.equal(thresholdExceeded(5, 0), true);
});

test('thresholdExceeded: N failures are tolerated, N + 1 are not', () => {
  for (const n of [1, 2, 3, 10, 100]) {
    assert.equal(thresholdExceeded(n - 1, n), false, `${n - 1} of ${n}`);
    assert.equal(thresholdExceeded(n, n), false, `${n} of ${n}`);
    assert.equal(thresholdExceeded(n + 1, n), true, `${n + 1} of ${n}`);
  }
});

test('thresholdExceeded: at the int32 boundary 2147483647', () => {
  assert.equal(thresholdExceeded(INT32_MAX - 1, INT32_MAX), false);
  assert.equal(thresholdExceeded(INT32_MAX, INT32_MAX), false);
  assert.equal(thresholdExceeded(INT32_MAX + 1, INT32_MAX), true);
  assert.equal(thresholdExceeded(0, INT32_MAX), false);
});

test('property: thresholdExceeded(failed, n) is exactly failed > n for n >= 0, never for -1', () => {
  fc.assert(
    fc.property(fc.nat({ max: INT32_MAX }), fc.nat(), (n, failed) => {
      assert.equal(thresholdExceeded(failed, n), failed > n);
      assert.equal(thresholdExceeded(failed, -1), false);
    }),
  );
});

// ---------------------------------------------------------------- itemCounts

test('itemCounts: exactly one result per input means all succeeded', () => {
  assert.deepEqual(itemCounts(5, 5), { succeeded: 5, failed: 0 });
  assert.deepEqual(itemCounts(1, 1), { succeeded: 1, failed: 0 });
});

test('itemCounts: fewer results than inputs counts the rest as failed', () => {
  assert.deepEqual(itemCounts(5, 3), { succeeded: 3, failed: 2 });
  assert.deepEqual(itemCounts(10, 1), { succeeded: 1, failed: 9 });
});

test('itemCounts: more results than inputs caps at the inputs', () => {
  assert.deepEqual(itemCounts(5, 7), { succeeded: 5, failed: 0 });
  assert.deepEqual(itemCounts(1, 1000), { succeeded: 1, failed: 0 });
});

test('itemCounts: zero or negative results mean every input failed', () => {
  assert.deepEqual(itemCounts(5, 0), { succeeded: 0, failed: 5 });
  assert.deepEqual(itemCounts(5, -1), { succeeded: 0, failed: 5 });
  assert.deepEqual(itemCounts(5, -100), { succeeded: 0, failed: 5 });
});

test('itemCounts: an empty mini-batch has nothing to count', () => {
  assert.deepEqual(itemCounts(0, 0), { succeeded: 0, failed: 0 });
  assert.deepEqual(itemCounts(0, 3), { succeeded: 0, failed: 0 });
  assert.deepEqual(itemCounts(0, -3), { succeeded: 0, failed: 0 });
});

test('property: itemCounts splits total into succeeded + failed, succeeded = clamp(returned, 0, total)', () => {
  fc.assert(
    fc.property(fc.nat({ max: 10_000 }), fc.integer({ min: -10_000, max: 20_000 }), (total, returned) => {
      const { succeeded, failed } = itemCounts(total, returned);
      assert.equal(succeeded + failed, total);
      assert.ok(succeeded >= 0 && failed >= 0);
      assert.equal(succeeded, returned <= 0 ? 0 : returned >= total ? total : returned);
    }),
  );
});
