/**
 * batch_<runtime>_ratio: files per second of a real batch job (10,000 small digit images,
 * mini_batch_size 10, the fixture classifier, one worker) divided by the physical limit: a bare
 * loop (bare-loop.ts, a process of its own) that reads the same files, decodes them and calls
 * onnxruntime-node with the same batch size. The files are first registered as a data asset (uploaded to the
 * workspace's datastore, timed on its own: batch_upload_files_per_s); the job is timed from its
 * invocation on that asset to its end, as a job over data already in the cloud runs.
 */
import '../../runtime/telemetry-off.ts';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeFixtures } from '../../fixtures/make.ts';
import { ContainerRuntime } from '../../runtime/container/runtime.ts';
import { InProcessRuntime } from '../../runtime/inprocess/runtime.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { AUDIENCES } from '../../simulator/auth/tokens.ts';
import { MLClient } from '../../simulator/client.ts';
import { Simulator } from '../../simulator/simulator.ts';
import { metric, type Metric } from './metric.ts';

const FILES = 10_000;
const BATCH = 10;

/** 10,000 copies of the 100 fixture digits, in a folder of their own. */
function inputFolder(generated: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-digits-'));
  const digits = join(generated, 'inputs', 'digits');
  const names = readdirSync(digits);
  mkdirSync(join(dir, 'in'));
  for (let i = 0; i < FILES; i++) cpSync(join(digits, names[i % names.length]), join(dir, 'in', `d${String(i).padStart(5, '0')}-${names[i % names.length]}`));
  return dir;
}

/**
 * The limit, in a process of its own (as a program someone would write for it), so that it
 * never pays for what an earlier job left to collect in this one.
 */
function bareLoop(folder: string, modelPath: string): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/bare-loop.ts', folder, modelPath, String(BATCH)], { encoding: 'utf8' });
  return Number(out.trim());
}

async function job(runtime: Runtime, folder: string): Promise<{ upload: number; job: number }> {
  const sim = new Simulator({ runtime });
  try {
    sim.createWorkspace({ name: 'bench', region: 'westeurope' });
    const ml = new MLClient(sim, 'bench', {
      management: await sim.tokens.issue({ resource: AUDIENCES.management }),
      ml: await sim.tokens.issue({ resource: AUDIENCES.ml }),
    });
    await ml.computes.create({ name: 'cpu', max_instances: 1 });
    await ml.models.create({ name: 'mnist', path: 'fixtures/generated/models/digits' });
    await ml.environments.create({ name: 'env', packages: ['azureml-core', 'onnxruntime', 'pngjs'] });
    await ml.batchEndpoints.create({ name: 'bench-batch' });
    await ml.batchDeployments.create(
      {
        name: 'digits',
        endpoint_name: 'bench-batch',
        model: 'azureml:mnist:1',
        environment: 'azureml:env:1',
        compute: 'azureml:cpu',
        code_configuration: { code: 'fixtures/scripts', scoring_script: 'digit_identification.mjs' },
        settings: { mini_batch_size: BATCH, resource_monitor_interval: 0, retry_settings: { timeout: 3000 } },
      },
      { setDefault: true },
    );
    const uploading = performance.now();
    const data = await ml.data.create({ name: 'digits', type: 'uri_folder', path: folder });
    const started = performance.now();
    const submitted = await ml.batchEndpoints.invoke('bench-batch', { input: { type: 'uri_folder', path: `azureml:${data.name}:${data.version}` } });
    await sim.waitForJob(submitted);
    if (submitted.status !== 'Completed' || submitted.result?.succeeded !== FILES) throw new Error(`bench job ${submitted.status}: ${submitted.error?.message}`);
    return { upload: FILES / ((started - uploading) / 1000), job: FILES / ((performance.now() - started) / 1000) };
  } finally {
    await sim.close();
  }
}

/** Five repeats: one job's figure swings by 15% with whatever else the cores run, and the median steadies it. */
export async function benchBatch(kind: 'in-process' | 'container', repeats = 5): Promise<Metric[]> {
  const generated = await makeFixtures();
  const dir = inputFolder(generated);
  try {
    const folder = join(dir, 'in');
    const limits: number[] = [];
    const rates: number[] = [];
    const uploads: number[] = [];
    for (let i = 0; i < repeats; i++) {
      limits.push(bareLoop(folder, join(generated, 'models/digits/model.onnx')));
      const measured = await job(kind === 'container' ? new ContainerRuntime() : new InProcessRuntime(), folder);
      rates.push(measured.job);
      uploads.push(measured.upload);
    }
    const name = kind === 'container' ? 'batch_container' : 'batch_inprocess';
    return [
      metric(`${name}_ratio`, 'ratio', rates.map((r, i) => r / limits[i])),
      metric(`${name}_files_per_s`, 'files/s', rates),
      metric('batch_bare_loop_files_per_s', 'files/s', limits),
      metric('batch_upload_files_per_s', 'files/s', uploads),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchBatch((process.argv[2] as 'in-process' | 'container') ?? 'in-process', 1), null, 2));
}
