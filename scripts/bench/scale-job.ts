/**
 * One simulated batch job of N input files on the stand-in runtime, in its own process so its
 * peak RSS is its own: 10 files per mini-batch, 2% of the files failing, 100 nodes x 4
 * processes. Prints {files, wallMs, maxRssMb, serviceSeconds, succeeded, failed} as JSON.
 *   tsx scripts/bench/scale-job.ts 1000000
 */
import { performance } from 'node:perf_hooks';
import { SyntheticRuntime } from '../../runtime/synthetic/runtime.ts';
import { VirtualClock } from '../../simulator/clock.ts';
import { MiniBatchEngine, type MiniBatch } from '../../simulator/jobs/engine.ts';
import { LogTree } from '../../simulator/jobs/log-tree.ts';

const files = Number(process.argv[2] ?? 10_000);
const clock = new VirtualClock();
const started = performance.now();
const miniBatches: MiniBatch[] = [];
for (let i = 0; i < files; i += 10) {
  const items = Array.from({ length: Math.min(10, files - i) }, (_, k) => `input/file-${i + k}.png`);
  miniBatches.push({ index: i / 10, items, size: items.length });
}
const engine = new MiniBatchEngine({
  clock,
  runtime: new SyntheticRuntime({ failureRate: 0.02, seed: 'bench' }),
  log: new LogTree(clock),
  settings: {
    nodeIps: Array.from({ length: 100 }, (_, i) => `10.0.${Math.floor(i / 250)}.${4 + (i % 250)}`),
    node: { vmSize: 'STANDARD_DS3_V2', memoryMb: 14336, image: 'synthetic' },
    processesPerNode: 4,
    timeoutMs: 30_000,
    maxRetries: 3,
    errorThreshold: -1,
    outputAction: 'append_row',
    unit: 'files',
    resourceMonitorIntervalS: 600,
    timeoutsFailJob: true,
  },
  miniBatches,
  inputs: Promise.resolve({ path: (item: string) => item, inPlace: () => true, ready: async () => {} }),
  workerSpec: (nodeIp, processName) => ({ nodeIp, processName, codeDir: '/code', scoringScript: 's.mjs', modelDir: '/model', packages: [], args: [], loggingLevel: 'INFO', env: {} }),
});
const epoch = clock.now();
let result: Awaited<ReturnType<MiniBatchEngine['run']>> | undefined;
void engine.run().then((r) => (result = r));
await clock.runUntil(() => result !== undefined);
const wallMs = performance.now() - started;
console.log(
  JSON.stringify({
    files,
    wallMs: Math.round(wallMs),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    serviceSeconds: Math.round((clock.now() - epoch) / 1000),
    succeeded: result!.succeeded,
    failed: result!.failed,
    rows: result!.rows.length,
  }),
);
