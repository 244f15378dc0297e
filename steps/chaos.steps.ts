/** Chaos mode: seeded faults injected into the scenario's runtime, and the invariants that must hold anyway. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { Given, Then } from '@cucumber/cucumber';
import { brokenInvariants } from '../runtime/chaos/invariants.ts';
import type { SimWorld } from './support/world.ts';

Given('chaos mode with seed {int}: workers killed in {int}% of mini-batches, slow in {int}%, storage reads failing in {int}%, {int}% of the files corrupt', function (
  this: SimWorld,
  seed: number,
  kill: number,
  slow: number,
  storage: number,
  corrupt: number,
) {
  assert.ok(!this.simulatorStarted, 'chaos mode comes before the workspace');
  this.chaosMode = { seed, rates: { kill: kill / 100, slow: slow / 100, storage: storage / 100, corrupt: corrupt / 100 } };
});

Then('faults were injected', function (this: SimWorld) {
  assert.ok((this.chaos?.events.length ?? 0) > 0, 'chaos mode injected no fault: choose other rates or another seed');
});

Then('every file of {string} is in the output exactly once or counted as failed, as error_threshold {int} and max_retries {int} say, and the logs agree', async function (
  this: SimWorld,
  folder: string,
  threshold: number,
  retries: number,
) {
  const shown = await this.ml.jobs.show(this.lastJob.name);
  const text = (await this.ml.storage.download(shown.output))?.toString('utf8');
  const problems = brokenInvariants({
    job: this.lastJob,
    inputs: readdirSync(folder),
    output: text?.split('\n').filter(Boolean),
    // A row starts with its input's name (the key), as digit_identification.mjs writes it.
    keyOf: (line) => basename(line.split(',')[0]),
    errorThreshold: threshold,
    maxRetries: retries,
    events: this.chaos?.events ?? [],
  });
  assert.deepEqual(problems, [], `chaos seed ${this.chaosMode?.seed}`);
});
