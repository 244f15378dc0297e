/**
 * Chaos property test: 200 batch jobs with seeded random settings and seeded faults (workers
 * killed mid-mini-batch, workers slow past the timeout, failed storage reads, corrupt files), on
 * the stand-in runtime, each checked against the invariants of invariants.ts. A failing job
 * prints its seed; CHAOS_SEED=<seed> runs that one job again.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { makeFixtures } from '../../fixtures/make.ts';
import { AUDIENCES } from '../../simulator/auth/tokens.ts';
import { MLClient } from '../../simulator/client.ts';
import { seededRandom } from '../../simulator/random.ts';
import { Simulator } from '../../simulator/simulator.ts';
import { SyntheticRuntime } from '../synthetic/runtime.ts';
import { brokenInvariants } from './invariants.ts';
import { ChaosRuntime, type ChaosEvent } from './runtime.ts';

const JOBS = 200;
const folders = new Map<number, string>();
const root = mkdtempSync(join(tmpdir(), 'chaos-inputs-'));

/** A folder of n small input files, made once per size. */
function inputs(n: number): { dir: string; names: string[] } {
  const names = Array.from({ length: n }, (_, i) => `item-${String(i).padStart(3, '0')}.txt`);
  if (!folders.has(n)) {
    const dir = join(root, String(n));
    mkdirSync(dir);
    for (const name of names) writeFileSync(join(dir, name), `payload of ${name}\n`);
    folders.set(n, dir);
  }
  return { dir: folders.get(n)!, names };
}

async function chaosJob(seed: number): Promise<{ problems: string[]; events: readonly ChaosEvent[]; status: string }> {
  const draw = seededRandom(seed);
  const pick = (lo: number, hi: number) => lo + Math.floor(draw() * (hi - lo + 1));
  const n = pick(1, 40);
  const settings = {
    mini_batch_size: pick(1, 8),
    max_concurrency_per_instance: pick(1, 3),
    error_threshold: draw() < 0.3 ? -1 : pick(0, n),
    retry_settings: { max_retries: pick(0, 3), timeout: 30 },
  };
  const rates = { kill: draw() * 0.25, slow: draw() * 0.25, storage: draw() * 0.15, corrupt: draw() * 0.3 };
  const chaos = new ChaosRuntime(new SyntheticRuntime({ failureRate: draw() * 0.2, seed: String(seed), initMs: 1_000, msPerItem: 20 }), seed, rates);
  const sim = new Simulator({ runtime: chaos });
  try {
    sim.createWorkspace({ name: 'chaos', region: 'westeurope' });
    const ml = new MLClient(sim, 'chaos', {
      management: await sim.tokens.issue({ resource: AUDIENCES.management }),
      ml: await sim.tokens.issue({ resource: AUDIENCES.ml }),
    });
    await ml.computes.create({ name: 'cpu', max_instances: 3 });
    await ml.models.create({ name: 'm', path: 'fixtures/generated/models/digits' });
    await ml.environments.create({ name: 'env', packages: ['azureml-core'] });
    await ml.batchEndpoints.create({ name: `chaos-${seed}` });
    await ml.batchDeployments.create(
      {
        name: 'chaos',
        endpoint_name: `chaos-${seed}`,
        model: 'azureml:m:1',
        environment: 'azureml:env:1',
        compute: 'azureml:cpu',
        code_configuration: { code: 'fixtures/scripts', scoring_script: 'digit_identification.mjs' },
        resources: { instance_count: pick(1, 3) },
        settings,
      },
      { setDefault: true },
    );
    const { dir, names } = inputs(n);
    const job = await sim.waitForJob(await ml.batchEndpoints.invoke(`chaos-${seed}`, { input: { type: 'uri_folder', path: dir } }));
    const text = (await ml.storage.download((await ml.jobs.show(job.name)).output))?.toString('utf8');
    const problems = brokenInvariants({
      job,
      inputs: names,
      output: text === undefined ? undefined : text.split('\n').filter(Boolean),
      keyOf: (line) => basename(line),
      errorThreshold: settings.error_threshold,
      maxRetries: settings.retry_settings.max_retries,
      events: chaos.events,
    });
    return { problems, events: chaos.events, status: job.status };
  } finally {
    await sim.close();
  }
}

test(`${JOBS} jobs with seeded faults keep every invariant`, async () => {
  await makeFixtures();
  const only = process.env.CHAOS_SEED;
  const seeds = only ? [Number(only)] : Array.from({ length: JOBS }, (_, i) => 1000 + i);
  const failures: string[] = [];
  let events = 0;
  const statuses = new Map<string, number>();
  const kinds = new Map<string, number>();
  for (const seed of seeds) {
    const outcome = await chaosJob(seed);
    events += outcome.events.length;
    for (const e of outcome.events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.problems.length > 0) failures.push(`seed ${seed} (replay: CHAOS_SEED=${seed}): ${outcome.problems.join('; ')}`);
  }
  const summary = { jobs: seeds.length, faults: events, byKind: Object.fromEntries(kinds), statuses: Object.fromEntries(statuses), invariantsBroken: failures.length, firstSeed: seeds[0], lastSeed: seeds.at(-1) };
  mkdirSync('reports/chaos', { recursive: true });
  writeFileSync('reports/chaos/results.json', `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`chaos: ${seeds.length} jobs, ${events} faults injected, ${[...statuses].map(([s, c]) => `${c} ${s}`).join(', ')}`);
  assert.deepEqual(failures, []);
});
