/**
 * Benchmarks of the container runtime: building its image (cold and cached), starting a node's
 * container up to a live worker, and online scoring latency over the agent's unix socket.
 *
 *   npx tsx scripts/bench/container.ts [--repeats N]    (from the repository root)
 *
 * Needs a running Docker-compatible engine (`npm run container:engine`). Beware: the cold build
 * removes every azureml-sim-runtime / azureml-sim-base / azureml-sim-fixture-* tag first, so
 * container runs started meanwhile on this machine fail; the images are built again at the end.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeDigitPng, labelFromName } from '../../fixtures/digits.ts';
import { makeFixtures } from '../../fixtures/make.ts';
import { ContainerRuntime } from '../../runtime/container/runtime.ts';
import type { NodeSpec, WorkerSpec } from '../../runtime/runtime.ts';
import { BASE_REPOSITORY, FIXTURE_REPOSITORY_PREFIX, RUNTIME_REPOSITORY, buildRuntimeImage } from '../container/build-image.ts';
import { metric, percentile, type Metric } from './metric.ts';

export type { Metric } from './metric.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SCORE_REQUESTS = 500;
const SCORE_TIMEOUT_MS = 60_000;

/** A curated image name: the runtime maps it onto azureml-sim-runtime:latest. 14 GiB -> 896 MiB container. */
const NODE: NodeSpec = { ip: '10.0.0.4', vmSize: 'STANDARD_DS3_V2', memoryMb: 14 * 1024, image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04' };

function spec(codeDir: string, scoringScript: string, modelDir: string, packages: string[], env: Record<string, string> = {}): WorkerSpec {
  return { nodeIp: NODE.ip, processName: 'process000', codeDir, scoringScript, modelDir, packages, args: [], loggingLevel: 'INFO', env };
}

const seconds = (startMs: number) => (performance.now() - startMs) / 1000;

/** Untags every image the build makes (runtime, base, fixtures), so the next build starts from nothing. */
function removeImages(): void {
  const ours = (tag: string) =>
    tag.startsWith(`${RUNTIME_REPOSITORY}:`) || tag.startsWith(`${BASE_REPOSITORY}:`) || tag.startsWith(FIXTURE_REPOSITORY_PREFIX);
  const list = () => execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}']).toString('utf8').split('\n').filter(ours);
  const tags = list();
  if (tags.length > 0) execFileSync('docker', ['rmi', '-f', ...tags], { stdio: 'ignore' });
  const left = list();
  if (left.length > 0) throw new Error(`images still tagged after docker rmi: ${left.join(', ')}`);
}

async function benchBuild(repeats: number): Promise<Metric[]> {
  const cold: number[] = [];
  let built = false;
  try {
    for (let i = 0; i < Math.max(3, repeats); i++) {
      removeImages();
      built = false;
      const start = performance.now();
      const result = await buildRuntimeImage();
      cold.push(seconds(start));
      built = true;
      if (result.cached) throw new Error('cold build reported a cache hit: the images were not removed');
    }
  } finally {
    // Never leave the machine without its runtime image, even when a cold build failed.
    if (!built) await buildRuntimeImage().catch(() => undefined);
  }
  const cached: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const result = await buildRuntimeImage();
    cached.push(seconds(start));
    if (!result.cached) throw new Error('unchanged build was not a cache hit');
  }
  return [metric('container.image_build_cold_s', 's', cold), metric('container.image_build_cached_s', 's', cached)];
}

/** new ContainerRuntime() -> mount the code -> startWorker() resolves (the agent answered POST /workers). */
async function benchColdStart(repeats: number): Promise<Metric> {
  const code = new Map([['partial.mjs', readFileSync(join(ROOT, 'fixtures/scripts/partial.mjs'))]]);
  const figures: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const runtime = new ContainerRuntime();
    try {
      const mount = await runtime.mount('code', code);
      await runtime.startWorker(spec(mount.dir, 'partial.mjs', mount.dir, ['azureml-core']), NODE);
      figures.push(performance.now() - start);
    } finally {
      await runtime.close(); // not timed
    }
  }
  return metric('container.cold_start_ms', 'ms', figures);
}

/** One fresh container per repeat: init() (untimed), then SCORE_REQUESTS sequential requests. */
async function benchScore(repeats: number): Promise<Metric[]> {
  const generated = await makeFixtures();
  const digits = join(generated, 'inputs/digits');
  const file = readdirSync(digits).filter((f) => f.endsWith('.png')).sort()[0];
  const body = JSON.stringify({ data: [Array.from(decodeDigitPng(readFileSync(join(digits, file))))] });
  const label = labelFromName(file);
  const code = new Map([['score.mjs', readFileSync(join(ROOT, 'fixtures/scripts/online/score.mjs'))]]);
  // Model.get_model_path('mnist') looks for <AZUREML_MODEL_DIR>/mnist/<latest version>/.
  const models = new Map([['mnist/1/model.onnx', readFileSync(join(generated, 'models/digits/model.onnx'))]]);

  const p50: number[] = [];
  const p99: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const runtime = new ContainerRuntime();
    try {
      // Only folders under the runtime's mount root are bind-mounted into the container.
      const codeMount = await runtime.mount('code', code);
      const modelMount = await runtime.mount('models', models);
      const worker = await runtime.startWorker(
        spec(codeMount.dir, 'score.mjs', modelMount.dir, ['azureml-core', 'onnxruntime'], { AZUREML_MODEL_NAME: 'mnist' }),
        NODE,
      );
      const init = await worker.init();
      if (init.status !== 'ok') throw new Error(`init() failed: ${init.error.stack}`);
      const latencies: number[] = [];
      for (let r = 0; r < SCORE_REQUESTS; r++) {
        const start = performance.now();
        const outcome = await worker.score(body, SCORE_TIMEOUT_MS);
        latencies.push(performance.now() - start);
        // A fast failure is no benchmark: every request must score the digit right.
        if (outcome.status !== 'ok') throw new Error(`request ${r}: ${outcome.status}${'error' in outcome ? `: ${outcome.error.message}` : ''}`);
        const result = (outcome.value as { result?: number[] }).result;
        if (result?.[0] !== label) throw new Error(`request ${r}: expected digit ${label}, got ${JSON.stringify(outcome.value)}`);
      }
      p50.push(percentile(latencies, 50));
      p99.push(percentile(latencies, 99));
    } finally {
      await runtime.close();
    }
  }
  return [metric('container.score_p50_ms', 'ms', p50), metric('container.score_p99_ms', 'ms', p99)];
}

export async function benchContainer(options: { repeats?: number } = {}): Promise<Metric[]> {
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`repeats must be a positive integer, got ${repeats}`);
  // build-image.ts works relative to the current directory (its ROOT is process.cwd()).
  if (resolve(process.cwd()) !== ROOT) throw new Error(`run from the repository root (${ROOT}), not ${process.cwd()}`);
  // The build comes first: it leaves azureml-sim-runtime:latest in place for the container benches.
  return [...(await benchBuild(repeats)), await benchColdStart(repeats), ...(await benchScore(repeats))];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--repeats');
  const metrics = await benchContainer(at > 0 ? { repeats: Number(process.argv[at + 1]) } : {});
  console.log(JSON.stringify(metrics, null, 2));
}
