/**
 * The mini-batch engine shared by batch deployments and ParallelRunStep: mini-batches are handed
 * to nodes x processes workers on the virtual clock; each worker runs init() once, then run() per
 * mini-batch; a try that overruns the timeout is abandoned and retried on a fresh worker; failures
 * count against error_threshold over the whole input; every outcome lands in the log tree.
 */
import { formatMessage } from '../../specs/errors.ts';
import type { VirtualClock } from '../clock.ts';
import type { InitOutcome, Mount, NodeSpec, RunOutcome, Runtime, ScriptError, Worker, WorkerSpec } from '../../runtime/runtime.ts';
import { itemCounts, thresholdExceeded, triesAllowed } from './accounting.ts';
import { DRIVER_LOG, LogTree, timestamp } from './log-tree.ts';
import { ResourceMonitor, type WorkerState } from './resource-monitor.ts';
import { WorkerCalls, type Queued } from './worker-calls.ts';

export interface EngineSettings {
  nodeIps: readonly string[];
  /** What every node is: its VM size and memory, and the environment's image. */
  node: Omit<NodeSpec, 'ip'>;
  processesPerNode: number;
  timeoutMs: number;
  maxRetries: number;
  errorThreshold: number;
  outputAction: 'append_row' | 'summary_only';
  /** What an item is, in messages: files for file inputs, records for tabular inputs. */
  unit: 'files' | 'records';
  resourceMonitorIntervalS: number;
  /** Batch deployments fail the job when every try of a mini-batch timed out; ParallelRunStep counts it as failed. */
  timeoutsFailJob: boolean;
}

export interface MiniBatch {
  index: number;
  /** What run() receives, as paths relative to the mounted inputs. */
  items: readonly string[];
  /** How many inputs it stands for (records for tabular pieces, files otherwise). */
  size: number;
}

export interface EngineError {
  code: string;
  message: string;
}

export interface EngineResult {
  status: 'Completed' | 'Failed';
  error?: EngineError;
  miniBatches: number;
  processed: number;
  succeeded: number;
  failed: number;
  /** Inputs never tried because the job was aborted: counted, never silently dropped. */
  notProcessed: number;
  /** What run() returned, in the order mini-batches finished (append_row). */
  rows: unknown[];
}

const USER_ERRORS = 'logs/user/error.txt';
const MASTER = 'logs/sys/master_role.txt';
const OVERVIEW = 'logs/job_progress_overview.txt';

type Failure = 'timeout' | 'exception' | 'no-results';

type Inputs = Pick<Mount, 'path' | 'inPlace' | 'ready'>;

/**
 * How many mini-batches a worker alone has queued behind its call under way: enough that the
 * worker never waits while a reply and the next call cross the engine, a server and a process.
 */
const AHEAD = 2;

/** A next mini-batch of a worker, queued behind its call under way (Worker.runAfter). */
interface Ahead {
  miniBatch: MiniBatch;
  items: string[];
  outcome: Queued;
}

export class MiniBatchEngine {
  readonly #clock: VirtualClock;
  readonly #runtime: Runtime;
  readonly #log: LogTree;
  readonly #settings: EngineSettings;
  readonly #queue: MiniBatch[];
  readonly #inputs: Promise<Inputs>;
  readonly #workerSpec: (nodeIp: string, processName: string) => WorkerSpec;
  readonly #states: WorkerState[] = [];
  #next = 0;
  #processed = 0;
  #succeeded = 0;
  #failed = 0;
  #rows: unknown[] = [];
  #abort?: EngineError;
  #failures = new Set<Failure>();
  #initFailures = 0;
  /** Workers that may still take mini-batches: one alone queues its next ahead, taking it from no one. */
  #consumers = 0;
  #startFailure?: EngineError;

  constructor(options: {
    clock: VirtualClock;
    runtime: Runtime;
    log: LogTree;
    settings: EngineSettings;
    miniBatches: MiniBatch[];
    /** The mounted inputs: workers start and call init() while they are laid out, and run a mini-batch once its files are in place. */
    inputs: Promise<Inputs>;
    workerSpec: (nodeIp: string, processName: string) => WorkerSpec;
  }) {
    this.#clock = options.clock;
    this.#runtime = options.runtime;
    this.#log = options.log;
    this.#settings = options.settings;
    this.#queue = options.miniBatches;
    this.#inputs = options.inputs;
    this.#workerSpec = options.workerSpec;
  }

  async run(): Promise<EngineResult> {
    const s = this.#settings;
    const total = this.#queue.reduce((n, mb) => n + mb.size, 0);
    this.#log.line(MASTER, `Task creation: created ${this.#queue.length} mini-batches (tasks) from ${total} ${s.unit}.`);
    this.#log.line(MASTER, `Scheduling on ${s.nodeIps.length} node(s) x ${s.processesPerNode} process(es); timeout ${s.timeoutMs / 1000} s, max_retries ${s.maxRetries}, error_threshold ${s.errorThreshold}.`);
    this.#overview();

    for (const ip of s.nodeIps) {
      for (let p = 0; p < s.processesPerNode; p++) {
        this.#states.push({ nodeIp: ip, processName: `process${String(p).padStart(3, '0')}`, pid: 0, busyWith: undefined, alive: false });
      }
    }
    this.#consumers = this.#states.length;
    const monitor = new ResourceMonitor(this.#clock, this.#log, this.#states, s.resourceMonitorIntervalS, s.node.os ?? 'linux');
    monitor.start();
    await Promise.all(this.#states.map((state) => this.#worker(state)));
    monitor.stop();

    const result = this.#result(total);
    this.#log.line(MASTER, `Job result: ${result.status}${result.error ? `: ${result.error.message}` : ''}`);
    if (result.status === 'Completed') {
      this.#log.line(OVERVIEW, `The job completed: ${result.succeeded} of ${total} ${s.unit} succeeded, ${result.failed} failed.`);
    } else {
      this.#log.line(OVERVIEW, `The job failed: ${result.error!.message}`);
      this.#log.line(OVERVIEW, 'Start troubleshooting with logs/user/error.txt, then the stack traces in logs/user/error/<ip>/<process>.txt and logs/sys/master_role.txt.');
    }
    return result;
  }

  #result(total: number): EngineResult {
    const notProcessed = total - this.#succeeded - this.#failed;
    const base = {
      miniBatches: this.#queue.length,
      processed: this.#processed,
      succeeded: this.#succeeded,
      failed: this.#failed,
      notProcessed,
      rows: this.#rows,
    };
    const error = this.#abort ?? this.#finalError(total);
    return error ? { status: 'Failed', error, ...base } : { status: 'Completed', ...base };
  }

  /** Why a job that ran to its end still failed, if it did. */
  #finalError(total: number): EngineError | undefined {
    if (this.#initFailures === this.#states.length) return this.#startFailure ?? error('UserProgramFailed');
    if (total > 0 && this.#succeeded === 0) {
      return this.#failures.has('exception') ? error('UserProgramFailed') : error('NoSucceededMiniBatchItem');
    }
    return undefined;
  }

  #overview(): void {
    this.#log.line(OVERVIEW, `${this.#queue.length} mini batches created so far; ${this.#processed} mini batches processed so far.`);
  }

  async #startWorker(state: WorkerState): Promise<Worker | undefined> {
    const spec = this.#workerSpec(state.nodeIp, state.processName);
    let worker: Worker;
    let outcome: InitOutcome;
    try {
      worker = await this.#clock.track(this.#runtime.startWorker(spec, { ip: state.nodeIp, ...this.#settings.node }));
      state.pid = worker.pid;
      state.alive = true;
      this.#log.line(DRIVER_LOG, `${state.nodeIp} ${state.processName} (pid ${worker.pid}): loading the entry script ${spec.scoringScript} and calling init().`);
      outcome = await this.#clock.track(worker.init());
    } catch (e) {
      state.alive = false;
      // The node itself failed (a container that never became ready): reported, never waited on.
      this.#startFailure ??= runtimeFailure(e, state.nodeIp);
      this.#log.line(MASTER, `${state.processName} on ${state.nodeIp}: ${this.#startFailure.message}`);
      this.#log.line(DRIVER_LOG, this.#startFailure.message);
      return undefined;
    }
    this.#printed(state, outcome);
    await this.#clock.sleep(outcome.elapsedMs);
    if (outcome.status !== 'ok') {
      this.#scriptError(state, 'init()', outcome.error);
      this.#log.line(DRIVER_LOG, `${state.nodeIp} ${state.processName}: init() failed: ${outcome.error.type}: ${outcome.error.message}`);
      await this.#clock.track(worker.stop());
      state.alive = false;
      return undefined;
    }
    this.#log.line(DRIVER_LOG, `${state.nodeIp} ${state.processName}: init() succeeded in ${seconds(outcome.elapsedMs)} s.`);
    return worker;
  }

  /** A started worker, wrapped for the engine's calls; undefined when it could not start. */
  async #startCalls(state: WorkerState): Promise<WorkerCalls | undefined> {
    const worker = await this.#startWorker(state);
    return worker && new WorkerCalls(worker, this.#settings.timeoutMs);
  }

  async #worker(state: WorkerState): Promise<void> {
    let calls = await this.#startCalls(state);
    if (!calls) {
      this.#initFailures++;
      this.#consumers--;
      return;
    }
    const inputs = await this.#clock.track(this.#inputs);
    const ahead: Ahead[] = [];
    for (;;) {
      if (this.#abort || (ahead.length === 0 && this.#next >= this.#queue.length)) break;
      const picked = ahead.shift();
      const miniBatch = picked?.miniBatch ?? this.#queue[this.#next++];
      const items = picked?.items ?? miniBatch.items.map((item) => inputs.path(item));
      let queued = picked?.outcome;
      // A mini-batch queued ahead was in place when it was queued.
      if (!queued && !inputs.inPlace(miniBatch.items)) await this.#clock.track(inputs.ready(miniBatch.items));
      const started = this.#clock.now();
      state.busyWith = miniBatch.index;
      this.#log.line(nodeLog(state), `Mini-batch ${miniBatch.index} picked up by worker ${state.nodeIp} pid ${state.pid} (${miniBatch.size} ${this.#settings.unit}).`);
      let outcome: RunOutcome | undefined;
      const kinds: Failure[] = [];
      const tries = triesAllowed(this.#settings.maxRetries);
      let attempts = 0;
      for (let attempt = 1; attempt <= tries; attempt++) {
        calls ??= await this.#startCalls(state);
        if (!calls) break;
        attempts = attempt;
        try {
          const current = calls;
          outcome = await this.#clock.track(current.run(items, queued, () => this.#queueAhead(ahead, current, inputs, miniBatch)));
          queued = undefined;
        } catch (e) {
          // Not the script's doing: the runtime answered outside its contract, or went away.
          this.#abort ??= runtimeFailure(e, state.nodeIp);
          outcome = undefined;
          break;
        }
        this.#printed(state, outcome);
        await this.#clock.sleep(outcome.elapsedMs);
        if (outcome.status === 'ok') break;
        if (outcome.status === 'timeout') {
          kinds.push('timeout');
          const s = this.#settings.timeoutMs / 1000;
          this.#log.line(MASTER, `Mini-batch ${miniBatch.index} on ${state.nodeIp} ${state.processName}: ${formatMessage('RunTimeoutProgress', { seconds: s })}`);
          this.#log.line(USER_ERRORS, `${state.nodeIp} ${state.processName} mini-batch ${miniBatch.index} try ${attempt} of ${tries}: run() was abandoned after the timeout of ${s} s.`);
          calls = undefined; // the runtime ended the abandoned process
          state.alive = false;
        } else {
          kinds.push('exception');
          this.#scriptError(state, `run() of mini-batch ${miniBatch.index}, try ${attempt} of ${tries}`, outcome.error);
          if (outcome.status === 'crashed') {
            // The worker process is gone, and with it whatever the try had done: replace it.
            calls = undefined;
            state.alive = false;
          }
        }
        if (attempt < tries) this.#log.line(MASTER, `Mini-batch ${miniBatch.index}: retrying (try ${attempt + 1} of ${tries}).`);
      }
      state.busyWith = undefined;
      this.#commit(state, miniBatch, outcome, kinds, started, attempts);
      // A worker lost to a timeout is replaced only when there is work left for it.
      if (!calls && !this.#abort && (ahead.length > 0 || this.#next < this.#queue.length)) {
        calls = await this.#startCalls(state);
        if (!calls) break;
      }
    }
    if (calls) await this.#clock.track(calls.worker.stop());
    state.alive = false;
    this.#consumers--;
  }

  /**
   * Queues the next mini-batches (up to AHEAD) behind the current try when this worker is the only
   * one left to take them: the worker goes on to each at once, while the engine books the one
   * before. Each is picked up, logged and tracked on the clock like any other when the engine gets
   * to it. The worker runs one only if the call before it has no failed item
   * (runtime/host/queue.ts), which is exactly when the engine's next step is to pick it up, so
   * nothing the script sees changes.
   */
  #queueAhead(ahead: Ahead[], calls: WorkerCalls, inputs: Inputs, current: MiniBatch): void {
    while (ahead.length < AHEAD && this.#consumers === 1 && !this.#abort && this.#next < this.#queue.length) {
      const miniBatch = this.#queue[this.#next];
      if (!inputs.inPlace(miniBatch.items)) return;
      const items = miniBatch.items.map((item) => inputs.path(item));
      const outcome = calls.queue(items, (ahead.at(-1)?.miniBatch ?? current).size);
      if (!outcome) return;
      this.#next++;
      // A runtime failure is reported when the mini-batch is picked up, if it ever is.
      outcome.catch(() => {});
      ahead.push({ miniBatch, items, outcome });
    }
  }

  #commit(state: WorkerState, miniBatch: MiniBatch, outcome: RunOutcome | undefined, kinds: Failure[], started: number, tries: number): void {
    const unit = this.#settings.unit;
    let succeeded = 0;
    if (outcome?.status === 'ok') {
      succeeded = itemCounts(miniBatch.size, outcome.results.length).succeeded;
      if (outcome.results.length === 0) {
        kinds.push('no-results');
        this.#log.line(USER_ERRORS, `${state.nodeIp} ${state.processName} mini-batch ${miniBatch.index}: ${formatMessage('NoSucceededMiniBatchItem')}`);
      }
      if (this.#settings.outputAction === 'append_row') this.#rows.push(...outcome.results);
    }
    const failed = miniBatch.size - succeeded;
    for (const kind of kinds) this.#failures.add(kind);
    this.#processed++;
    this.#succeeded += succeeded;
    this.#failed += failed;
    const duration = this.#clock.now() - started;
    const runTime = outcome?.elapsedMs ?? 0;
    this.#log.line(
      nodeLog(state),
      `Mini-batch ${miniBatch.index}: worker ${state.nodeIp} pid ${state.pid}; items total=${miniBatch.size} succeeded=${succeeded} failed=${failed}; ` +
        `start time=${timestamp(started)}; duration=${seconds(duration)}s; process time=${seconds(duration)}s; run() time=${seconds(runTime)}s; tries=${tries}.`,
    );
    this.#log.line(MASTER, `Progress: ${this.#processed} of ${this.#queue.length} mini-batches processed; ${this.#succeeded} ${unit} succeeded, ${this.#failed} failed.`);
    this.#overview();

    if (this.#settings.timeoutsFailJob && outcome?.status === 'timeout' && kinds.every((k) => k === 'timeout')) {
      this.#abort ??= error('RunTimedOut', { times: kinds.length, miniBatch: miniBatch.index });
    } else if (thresholdExceeded(this.#failed, this.#settings.errorThreshold)) {
      const reason = formatMessage('ErrorThresholdExceeded', { failed: this.#failed, unit, threshold: this.#settings.errorThreshold });
      const cause = this.#failures.has('exception') ? ` ${formatMessage('UserProgramFailed')}` : '';
      this.#abort ??= { code: 'ErrorThresholdExceeded', message: reason + cause };
    }
    if (this.#abort) this.#log.line(MASTER, `Aborting the job: ${this.#abort.message}`);
  }

  #printed(state: WorkerState, output: { stdout: string; stderr: string }): void {
    const where = `${state.nodeIp}/${state.processName}`;
    this.#log.append(`logs/user/stdout/${where}.stdout.txt`, output.stdout);
    this.#log.append(`logs/user/stderr/${where}.stderr.txt`, output.stderr);
    const logged = output.stdout.split('\n').filter((l) => /^(DEBUG|INFO|WARNING|ERROR):azureml:/.test(l));
    if (logged.length > 0) this.#log.append(`logs/user/entry_script_log/${where}.log.txt`, logged.map((l) => `${l}\n`).join(''));
  }

  #scriptError(state: WorkerState, during: string, e: ScriptError): void {
    this.#log.line(USER_ERRORS, `${state.nodeIp} ${state.processName} ${during}: ${e.type}: ${e.message}`);
    this.#log.line(`logs/user/error/${state.nodeIp}/${state.processName}.txt`, `${during} raised:\n${e.stack}`);
  }
}

function error(code: string, params: Record<string, string | number> = {}): EngineError {
  return { code, message: formatMessage(code, params) };
}

/** A runtime call that threw: the runtime broke its contract, or its node went away. */
function runtimeFailure(e: unknown, node: string): EngineError {
  const message = (e as Error).message;
  if ((e as Error).name === 'ContractViolation') return error('RuntimeContractViolation', { details: message });
  return error('NodeStartFailed', { node, reason: message.split('\n')[0] });
}

function nodeLog(state: WorkerState): string {
  return `logs/sys/node/${state.nodeIp}/${state.processName}.txt`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
