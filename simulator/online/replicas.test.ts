import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicasFor } from './replicas.ts';

test("the seed's worked example: 20 rps, 10 s per request, 70%, 1 per container -> 286 replicas", () => {
  assert.equal(replicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 0.7, maxRequestsPerContainer: 1 }), 286);
});

test('more requests per container need fewer replicas; a stricter target needs more', () => {
  assert.equal(replicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 0.7, maxRequestsPerContainer: 4 }), 72);
  assert.equal(replicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 0.3, maxRequestsPerContainer: 1 }), 667);
});

test('bad fractions are refused', () => {
  assert.throws(() => replicasFor({ targetRps: 1, requestSeconds: 1, targetUtilization: 70, maxRequestsPerContainer: 1 }), RangeError);
  assert.throws(() => replicasFor({ targetRps: 1, requestSeconds: 1, targetUtilization: 0.7, maxRequestsPerContainer: 0 }), RangeError);
});
