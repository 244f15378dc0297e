import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { durationMs, isoDuration } from './durations.ts';

test('ARM durations read as Azure writes them', () => {
  assert.equal(durationMs('PT30S'), 30_000);
  assert.equal(durationMs('PT0.5S'), 500);
  assert.equal(durationMs('PT1M'), 60_000);
  assert.equal(durationMs('PT1H2M3S'), 3_723_000);
  assert.equal(durationMs('P1D'), 86_400_000);
  assert.throws(() => durationMs('30s'), /not an ISO 8601 duration/);
  assert.throws(() => durationMs('PT'), /not an ISO 8601 duration/);
});

test('a duration written is read back as the same milliseconds', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (ms) => durationMs(isoDuration(ms)) === ms));
});
