/**
 * The physical limit of a batch job (scripts/bench/batch.ts): a bare loop that reads the files,
 * decodes them and scores them with onnxruntime-node in batches, with the fixture script's
 * session options, and nothing else. Prints files per second.
 *
 *   tsx scripts/bench/bare-loop.ts <folder> <model.onnx> <batch size>
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { decodeDigitPng } from '../../fixtures/digits.ts';
import { SESSION_OPTIONS } from '../../fixtures/scripts/helpers/classifier.mjs';

const [folder, modelPath, size] = process.argv.slice(2);
const BATCH = Number(size);
const session = await ort.InferenceSession.create(modelPath, SESSION_OPTIONS);
const files = readdirSync(folder).sort();
const started = performance.now();
for (let i = 0; i < files.length; i += BATCH) {
  const batch = files.slice(i, i + BATCH);
  const input = new Float32Array(batch.length * 784);
  batch.forEach((f, k) => input.set(decodeDigitPng(readFileSync(join(folder, f))), k * 784));
  await session.run({ input: new ort.Tensor('float32', input, [batch.length, 784]) });
}
console.log(files.length / ((performance.now() - started) / 1000));
