import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKitArgs, tagExpression } from './args.ts';

test('without a target the kit checks our runtime in-process, on every profile', () => {
  const args = parseKitArgs([]);
  assert.deepEqual(args.target, { kind: 'in-process' });
  assert.deepEqual(args.runs.map((r) => r.profile), ['azureml-online', 'azureml-batch', 'oip-v2']);
});

test('URLs are named by fixture; an unnamed one stands for the main fixture', () => {
  const args = parseKitArgs(['--runtime-url', 'http://127.0.0.1:5001', '--runtime-url', 'online-init-fails=unix:/tmp/a.sock', '--profile', 'azureml-online']);
  assert.deepEqual(args.target, { kind: 'url', urls: { '': 'http://127.0.0.1:5001', 'online-init-fails': 'unix:/tmp/a.sock' } });
});

test('bad arguments are refused, naming what is wrong', () => {
  assert.throws(() => parseKitArgs(['--profile', 'triton']), /--profile must be one of/);
  assert.throws(() => parseKitArgs(['--profile', 'azureml-online:kserve']), /only oip-v2 has variants/);
  assert.throws(() => parseKitArgs(['--runtime-image', 'x', '--runtime-url', 'http://127.0.0.1:1']), /not both/);
  assert.throws(() => parseKitArgs(['--runtime-url']), /needs a value/);
  assert.throws(() => parseKitArgs(['--colour']), /unknown option/);
});

test('an oip-v2 variant runs the common checks and its own', () => {
  assert.equal(tagExpression({ profile: 'azureml-batch' }), '@azureml-batch');
  assert.equal(tagExpression({ profile: 'oip-v2', variant: 'kserve' }), '@oip-v2 and (not (@strict or @kserve or @mlserver) or @kserve)');
});
