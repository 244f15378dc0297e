/**
 * A batch scoring job: created at invocation (BE-08), queued, then run on the deployment's
 * compute by the mini-batch engine; its output file and log tree are what it leaves behind.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LoggingLevel } from '../../runtime/contract.ts';
import type { FileTree, Runtime } from '../../runtime/runtime.ts';
import type { VirtualClock } from '../clock.ts';
import type { BatchDeployment } from '../endpoints/batch-endpoints.ts';
import { normalizeScript } from '../endpoints/batch-endpoints.ts';
import { SimError } from '../errors.ts';
import type { BlobService } from '../storage/blobs.ts';
import { datastoreUri, resolveCloudUri, type BlobLocation } from '../storage/datastores.ts';
import { TIMING } from '../timing.ts';
import { vmSize } from '../compute/vm-sizes.ts';
import { DEFAULT_DATASTORE, type Workspace } from '../workspace/workspace.ts';
import { MiniBatchEngine, type EngineResult } from './engine.ts';
import { mountInput, type JobInput } from './inputs.ts';
import { JobMounts } from './mounts.ts';
import { DRIVER_LOG, LOG_README, LogTree } from './log-tree.ts';
import { outputLines } from './output.ts';
import { partitionByCount } from './partition.ts';

export type JobStatus = 'Queued' | 'Running' | 'Completed' | 'Failed';
export const TERMINAL: readonly JobStatus[] = ['Completed', 'Failed'];

export interface BatchJob {
  name: string;
  endpointName: string;
  deploymentName: string;
  status: JobStatus;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  error?: { code: string; message: string };
  input: JobInput;
  output: { uri: string; fileName: string; location: BlobLocation };
  result?: Omit<EngineResult, 'rows'>;
  log: LogTree;
  studioUrl: string;
}

export interface JobServices {
  workspace: Workspace;
  clock: VirtualClock;
  blobs: BlobService;
  runtime: Runtime;
  tenantId: string;
}

const OVERVIEW = 'logs/job_progress_overview.txt';
const CODE_FREE_DRIVER: FileTree = new Map([
  ['batch_driver.mjs', readFileSync(new URL('../../runtime/mlflow/batch_driver.mjs', import.meta.url))],
]);

/** Creates the job and checks its output location; the job itself starts after the queue delay. */
export async function createBatchJob(
  services: JobServices,
  deployment: BatchDeployment,
  input: JobInput,
  output: { path?: string; fileName?: string },
): Promise<BatchJob> {
  const ws = services.workspace;
  const name = `batchjob-${randomUUID()}`;
  const fileName = output.fileName ?? deployment.spec.settings.output_file_name;
  if (fileName.includes('/') || fileName.includes('\\') || fileName.trim() === '') {
    throw new SimError('BadRequest', { problem: `The output file name '${fileName}' must be a file name without folders.` }, { target: 'output_file_name' });
  }
  const uri = output.path ?? datastoreUri(DEFAULT_DATASTORE, `azureml/${name}/score`);
  const location = resolveCloudUri(uri, ws.datastores, ws.name);
  const file = joinPath(location.path, fileName);
  if (services.blobs.accounts.has(location.accountName) && (await services.blobs.exists(location.accountName, location.containerName, file))) {
    throw new SimError('OutputAlreadyExists', { path: `${uri.replace(/\/$/, '')}/${fileName}` }, { target: 'output' });
  }
  const log = new LogTree(services.clock);
  const job: BatchJob = {
    name,
    endpointName: deployment.spec.endpoint_name,
    deploymentName: deployment.spec.name,
    status: 'Queued',
    createdAt: services.clock.now(),
    input,
    output: { uri, fileName, location },
    log,
    studioUrl: `https://ml.azure.com/runs/${name}?wsid=${ws.id}&tid=${services.tenantId}`,
  };
  log.write('logs/readme.txt', LOG_README);
  log.line(DRIVER_LOG, `Job ${name} queued for deployment '${deployment.spec.name}' of batch endpoint '${job.endpointName}'.`);
  ws.jobs.set(name, job);
  services.clock.at(services.clock.now() + TIMING.jobQueueMs, () => {
    // Not tracked as real work: the job waits on the clock itself. A crash of the simulator's own
    // code still ends the job, with the cause, rather than leaving it running forever.
    runBatchJob(services, job, deployment).catch((error: Error) => {
      job.log.line(DRIVER_LOG, `Internal error: ${error.stack ?? error.message}`);
      finish(job, services.clock, { code: 'InternalError', message: error.message });
    });
  });
  return job;
}

async function runBatchJob(services: JobServices, job: BatchJob, deployment: BatchDeployment): Promise<void> {
  const { clock, runtime } = services;
  const spec = deployment.spec;
  const s = spec.settings;
  job.status = 'Running';
  job.startedAt = clock.now();
  job.log.line(DRIVER_LOG, `Starting the batch scoring driver on compute '${deployment.compute.name}' (${spec.resources.instance_count} node(s), ${runtime.name} runtime; 1 ms of script time = ${runtime.timeScale} ms of service time).`);

  let files;
  try {
    files = await mountInput(services.workspace, services.blobs, deployment.compute, job.input);
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    // What the storage answered, when it refused: the reason behind the documented message.
    for (const detail of error.details) job.log.line(DRIVER_LOG, detail.message);
    return finish(job, clock, { code: error.code, message: error.message });
  }
  const names = files.map((f) => f.name);
  const batches = partitionByCount(names, s.mini_batch_size);
  job.log.line(DRIVER_LOG, `Input ${job.input.uri}: ${files.length} files; mini_batch_size ${s.mini_batch_size}; output_action ${s.output_action}.`);

  const scoringScript = deployment.code ? normalizeScript(spec.code_configuration!.scoring_script) : 'batch_driver.mjs';
  const mounts = new JobMounts(services, job.name, (line) => job.log.line(DRIVER_LOG, line));
  try {
    const [code, model] = await Promise.all([mounts.add('code', deployment.code ?? CODE_FREE_DRIVER), mounts.add('model', deployment.model.files)]);
    // Laid out while the workers start and score: a mini-batch runs once its files are in place.
    const inputs = mounts.add('inputs', new Map(files.map((f) => [f.name, f.data])), { inBackground: true });
    const level = s.logging_level.toUpperCase() as LoggingLevel;
    const engine = new MiniBatchEngine({
      clock,
      runtime,
      log: job.log,
      settings: {
        nodeIps: Array.from({ length: spec.resources.instance_count }, (_, i) => `10.0.0.${4 + i}`),
        node: { vmSize: deployment.compute.size, memoryMb: vmSize(deployment.compute.size)!.memoryGiB * 1024, image: deployment.environment.image, os: deployment.compute.os },
        processesPerNode: s.max_concurrency_per_instance,
        timeoutMs: s.retry_settings.timeout * 1000,
        maxRetries: s.retry_settings.max_retries,
        errorThreshold: s.error_threshold,
        outputAction: s.output_action,
        unit: 'files',
        resourceMonitorIntervalS: s.resource_monitor_interval,
        timeoutsFailJob: true,
      },
      miniBatches: batches.map((items, index) => ({ index, items, size: items.length })),
      inputs,
      workerSpec: (nodeIp, processName) => ({
        nodeIp,
        processName,
        codeDir: code.dir,
        scoringScript,
        modelDir: model.dir,
        packages: deployment.environment.packages,
        args: ['--logging_level', level, '--error_threshold', String(s.error_threshold), '--output_action', s.output_action],
        loggingLevel: level,
        env: { ...s.environment_variables },
      }),
    });
    const result = await engine.run();
    const { rows, ...counts } = result;
    job.result = counts;
    if (result.status === 'Completed' && s.output_action === 'append_row') await writeOutput(services, job, rows);
    finish(job, clock, result.error);
  } finally {
    mounts.release();
  }
}

async function writeOutput(services: JobServices, job: BatchJob, rows: unknown[]): Promise<void> {
  const { location, fileName } = job.output;
  const text = rows.flatMap(outputLines).map((l) => `${l}\n`).join('');
  services.blobs.createAccount(location.accountName);
  await services.blobs.put(location.accountName, location.containerName, joinPath(location.path, fileName), text);
  job.log.line(DRIVER_LOG, `Wrote ${rows.length} result(s) to ${job.output.uri.replace(/\/$/, '')}/${fileName}.`);
}

function finish(job: BatchJob, clock: VirtualClock, error?: { code: string; message: string }): void {
  job.endedAt = clock.now();
  job.status = error ? 'Failed' : 'Completed';
  job.error = error;
  if (error && !job.result) {
    // Failed before any mini-batch ran: the overview still says what happened and where to look.
    job.log.line(OVERVIEW, `The job failed: ${error.message}`);
  }
  job.log.line(DRIVER_LOG, `Job ${job.name} ${job.status}${error ? `: ${error.message}` : '.'}`);
}

function joinPath(folder: string, file: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f === '' ? file : `${f}/${file}`;
}
