/**
 * The Runtime interface: where entry scripts really run. The job engine starts one Worker per
 * simulated worker process (node x process), calls init() once, then run() per mini-batch.
 * Implementations: in-process (worker threads, here), container and external (later), so the same
 * features run against each.
 */
import type { LoggingLevel } from './contract.ts';

/** Default virtual milliseconds per real millisecond of script time: 30 s of timeout = 300 ms real. */
export const DEFAULT_TIME_SCALE = 100;

/** Files by relative path: a code snapshot, a model, or the input of a job. */
export type FileTree = ReadonlyMap<string, Buffer>;

export interface WorkerSpec {
  /** Names the worker in logs: its node's IP and its process name (process000...). */
  nodeIp: string;
  processName: string;
  /** Folder holding the code snapshot and the script path inside it. */
  codeDir: string;
  scoringScript: string;
  modelDir: string;
  /** Packages of the deployment's environment (decides what ctx.import may load). */
  packages: readonly string[];
  args: readonly string[];
  loggingLevel: LoggingLevel;
  env: Readonly<Record<string, string>>;
  /** What run() receives: file paths (the default) or a DataFrame of the records of CSV pieces. */
  input?: 'files' | 'tabular';
  /** batch (the default): init() then run() per mini-batch; script: a pipeline step's main(ctx), once. */
  entry?: 'batch' | 'script';
  /** Script steps: named inputs and outputs (the output folders are not created for the step). */
  inputs?: Readonly<Record<string, string>>;
  outputs?: Readonly<Record<string, string>>;
  /** Output folders in mount mode: every append uploads the whole file again (PL-06). */
  mountedOutputs?: readonly string[];
}

/** What a call returned, and what it cost on the virtual clock. */
export interface CallOutput {
  /** Virtual milliseconds the call took: real time times the time scale, plus virtual sleeps. */
  elapsedMs: number;
  stdout: string;
  stderr: string;
  /** run.log(name, value) metrics the call recorded. */
  metrics?: Array<{ name: string; value: number | string }>;
}

export interface ScriptError {
  type: string;
  message: string;
  stack: string;
}

/** 'crashed': the worker process itself ended (exited, killed by a signal): it must be replaced. */
export type InitOutcome = CallOutput & ({ status: 'ok' } | { status: 'error' | 'crashed'; error: ScriptError });

export type RunOutcome = CallOutput &
  ({ status: 'ok'; results: unknown[] } | { status: 'error' | 'crashed'; error: ScriptError } | { status: 'timeout' });

/** The simulated compute node a worker runs on: a container per node for the container runtime. */
export interface NodeSpec {
  ip: string;
  vmSize: string;
  /** Memory of the VM size, in MiB. */
  memoryMb: number;
  /** The environment's image. */
  image: string;
  os?: 'linux' | 'windows';
}

/** What run(input_data) did with one online request. */
export type ScoreOutcome = { elapsedMs: number } & (
  | { status: 'ok'; value: unknown }
  | { status: 'error' | 'crashed'; error: ScriptError }
  | { status: 'timeout' }
);

export interface Worker {
  /** The worker's process id as the runtime knows it (logged per mini-batch). */
  readonly pid: number;
  init(): Promise<InitOutcome>;
  /** Runs one mini-batch; gives up with 'timeout' once the call has taken timeoutMs of virtual time. */
  run(miniBatch: readonly string[], timeoutMs: number): Promise<RunOutcome>;
  /**
   * Queues a mini-batch behind the worker's previous call, so the worker goes on to it without a
   * round trip: it runs only if that call returned in time, without raising, with at least `after`
   * results (runtime/host/queue.ts). Resolves to undefined when it was skipped: run() never saw it.
   */
  runAfter?(miniBatch: readonly string[], timeoutMs: number, after: number): Promise<RunOutcome | undefined>;
  /** Online scoring: run(input_data) with one request body; 'timeout' once timeoutMs has passed. */
  score(body: string, timeoutMs: number): Promise<ScoreOutcome>;
  stop(): Promise<void>;
}

/** Files laid out where workers can read them: the runtime's view of mounted storage. */
export interface Mount {
  /** Absolute folder the tree was written to. */
  readonly dir: string;
  path(relative: string): string;
  /**
   * Whether these files (relative paths) are in place. Always, once mount() has resolved, unless
   * the mount was laid out in the background (MountOptions.inBackground).
   */
  inPlace(relative: readonly string[]): boolean;
  /** Resolves once these files are in place; rejects when laying them out failed. */
  ready(relative: readonly string[]): Promise<void>;
  /** What the folder holds now (what a step wrote to a writable mount). */
  read(): Promise<FileTree>;
  release(): Promise<void>;
}

export interface MountOptions {
  /** Workers may write to it: where steps write their outputs. */
  writable?: boolean;
  /**
   * Resolve once the folders exist and write the files behind, in the tree's order: a job's
   * workers start on the first mini-batches while the rest are laid out (Mount.ready).
   */
  inBackground?: boolean;
}

export interface Runtime {
  readonly name: string;
  /** Virtual milliseconds per real millisecond of script execution. */
  readonly timeScale: number;
  /** Lays files out for workers: read-only by default; writable folders are where steps write outputs. */
  mount(label: string, files: FileTree, options?: MountOptions): Promise<Mount>;
  startWorker(spec: WorkerSpec, node: NodeSpec): Promise<Worker>;
  close(): Promise<void>;
}
