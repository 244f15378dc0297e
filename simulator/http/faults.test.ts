import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimError } from '../errors.ts';
import { FaultRules } from './faults.ts';

test('a rule fires for its operation only, as many times as its count', () => {
  const rules = new FaultRules();
  rules.add({ operation: 'PUT computes', status: 503, code: 'ServiceUnavailable', count: 2 });
  assert.equal(rules.decide('GET computes'), undefined);
  const first = rules.decide('put COMPUTES');
  assert.equal(first?.error?.status, 503);
  assert.equal(first?.error?.code, 'ServiceUnavailable');
  assert.ok(rules.decide('PUT computes'));
  assert.equal(rules.decide('PUT computes'), undefined);
  assert.equal(rules.list()[0].fired, 2);
});

test('the same seed draws the same failures; another seed other ones', () => {
  const draw = (seed: number) => {
    const rules = new FaultRules();
    rules.add({ operation: '*', status: 429, probability: 0.3, seed });
    return Array.from({ length: 50 }, () => (rules.decide('GET jobs') ? 1 : 0)).join('');
  };
  assert.equal(draw(7), draw(7));
  assert.notEqual(draw(7), draw(8));
  const fired = [...draw(7)].filter((c) => c === '1').length;
  assert.ok(fired > 5 && fired < 30, `${fired} of 50 at p=0.3`);
});

test('a latency-only rule delays without failing', () => {
  const rules = new FaultRules();
  rules.add({ operation: '*', latencyMs: 20 });
  const decision = rules.decide('GET computes');
  assert.equal(decision?.rule.latencyMs, 20);
  assert.equal(decision?.error, undefined);
});

test('a bad rule is refused with every problem named, and nothing is added', () => {
  const rules = new FaultRules();
  assert.throws(
    () => rules.add({ operation: '', status: 200, probability: 2 }),
    (e: SimError) => e.code === 'BadRequest' && /operation must name a route/.test(e.message) && /probability must be between 0 and 1/.test(e.message) && /status must be an HTTP error status/.test(e.message),
  );
  assert.deepEqual(rules.list(), []);
});
