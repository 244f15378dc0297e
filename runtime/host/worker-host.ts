/**
 * One simulated worker process, in a worker thread (in-process runtime) or a real child process
 * (container runtime): loads the entry script, runs init() once and run() per mini-batch, and
 * reports what it printed and how much virtual time each call took.
 * Virtual time = real time x the time scale + the script's own ctx.sleep() calls; once a call
 * overruns its budget the thread reports 'timeout' and never resumes it (the host then ends it).
 */
import { parentPort, threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatMessage } from '../../specs/errors.ts';
import { DRIVER_PACKAGE, PACKAGES, moduleName, packageName } from '../packages.ts';
import type { EntryScript, EntryScriptContext, EntryScriptLogger, LoggingLevel, ScriptStep, ScriptStepContext } from '../contract.ts';
import { readDataFrame } from './data-frame.ts';
import { chargeMountedAppends } from './mounted-outputs.ts';
import { runsAfter, type Previous } from './queue.ts';
import type { ScriptError, WorkerSpec } from '../runtime.ts';
import { workerPid } from './pid.ts';

export type HostRequest =
  | { kind: 'configure'; spec: WorkerSpec; timeScale: number }
  | { kind: 'init' }
  /** after: queued behind the call before it, and run only if that one succeeded (see queue.ts). */
  | { kind: 'run'; id: number; miniBatch: string[]; timeoutMs: number; after?: number }
  /** Online scoring: run(input_data) with the request body, its value returned as it is. */
  | { kind: 'score'; id: number; body: string; timeoutMs: number };
export type HostReply =
  | {
      kind: 'done';
      id: number;
      elapsedMs: number;
      stdout: string;
      stderr: string;
      results?: unknown[];
      error?: ScriptError;
      metrics?: Array<{ name: string; value: number | string }>;
    }
  | { kind: 'timeout'; id: number; stdout: string; stderr: string };

// Threads are started ahead of need (see runtime.ts) and told which worker they are afterwards.
let spec: WorkerSpec;
let timeScale = 1;

/** The channel to whoever started this worker: the thread's port, or the child process's IPC. */
interface Port {
  postMessage(message: HostReply): void;
  on(event: 'message', listener: (request: HostRequest) => void): void;
}
const port: Port = parentPort ?? {
  postMessage: (message) => process.send!(message),
  on: (event, listener) => process.on(event, listener),
};
// A thread reports a simulated pid (the same formula as the in-process runtime); a process its own.
const workerId = parentPort ? workerPid(threadId) : process.pid;

class ModuleNotFoundError extends Error {
  override name = 'ModuleNotFoundError';
}

// Capture what the script prints, per call, in order, without going through the parent's streams.
let stdout = '';
let stderr = '';
const capture = (append: (s: string) => void) =>
  ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
process.stdout.write = capture((s) => (stdout += s));
process.stderr.write = capture((s) => (stderr += s));

const LEVELS: Record<LoggingLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30 };
function makeLogger(level: LoggingLevel): EntryScriptLogger {
  const emit = (name: string, value: number) => (message: string) => {
    if (value >= LEVELS[level]) process.stdout.write(`${name}:azureml:${message}\n`);
  };
  return { debug: emit('DEBUG', 10), info: emit('INFO', 20), warning: emit('WARNING', 30), error: emit('ERROR', 40) };
}

let installed = new Set<string>();
let ctx: ScriptStepContext;
let metrics: Array<{ name: string; value: number | string }> = [];

// The budget of the call under way: its start, its virtual sleeps, and its limit.
let call = { id: -1, start: 0, slept: 0, limitMs: Number.POSITIVE_INFINITY, timedOut: false };
const elapsed = () => (performance.now() - call.start) * timeScale + call.slept;

function configure(worker: WorkerSpec, scale: number): void {
  spec = worker;
  timeScale = scale;
  installed = new Set(spec.packages.map(packageName));
  Object.assign(process.env, spec.env, { AZUREML_MODEL_DIR: spec.modelDir });
  process.argv = [...process.argv.slice(0, 2), ...spec.args];
  ctx = {
    modelDir: spec.modelDir,
    scriptDir: dirname(join(spec.codeDir, spec.scoringScript)),
    args: spec.args,
    loggingLevel: spec.loggingLevel,
    logger: makeLogger(spec.loggingLevel),
    // WORKER_ID: the worker's node and process id as the runtime reports them (PIDs repeat across nodes).
    env: { ...spec.env, WORKER_ID: `${spec.nodeIp}/${workerId}` },
    async sleep(seconds: number) {
      if (!(seconds >= 0)) throw new RangeError(`sleep needs seconds >= 0, got ${seconds}`);
      call.slept += seconds * 1000;
      if (elapsed() > call.limitMs) {
        call.timedOut = true;
        port.postMessage({ kind: 'timeout', id: call.id, stdout: take('out'), stderr: take('err') } satisfies HostReply);
        await new Promise(() => {}); // abandoned: the host ends this thread
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
    async import<T>(name: string): Promise<T> {
      const pkg = PACKAGES[name];
      if (!installed.has(name) || !pkg?.load) throw new ModuleNotFoundError(formatMessage('ModuleNotFound', { module: moduleName(name) }));
      return (await pkg.load()) as T;
    },
    inputs: spec.inputs ?? {},
    outputs: spec.outputs ?? {},
    log(name: string, value: number | string) {
      metrics.push({ name: String(name), value });
    },
  };
  chargeMountedAppends(spec.mountedOutputs ?? [], (ms) => {
    call.slept += ms;
  });
}

function take(stream: 'out' | 'err'): string {
  const text = stream === 'out' ? stdout : stderr;
  if (stream === 'out') stdout = '';
  else stderr = '';
  return text;
}

/** The script's own frames: the host's and Node's internals say nothing to the script's author. */
function scriptFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => !/^\s+at .*(\/runtime\/host\/|node:internal|\/app\/worker\.mjs)/.test(line))
    .join('\n');
}

function toScriptError(error: unknown): ScriptError {
  if (error instanceof Error) return { type: error.name, message: error.message, stack: scriptFrames(error.stack ?? `${error.name}: ${error.message}`) };
  return { type: 'Error', message: String(error), stack: String(error) };
}

let script: (EntryScript & Partial<ScriptStep>) | undefined;

async function load(): Promise<EntryScript & Partial<ScriptStep>> {
  // The driver needs azureml-core before it can load any entry script (BE-12).
  if (!installed.has(DRIVER_PACKAGE)) throw new ModuleNotFoundError(formatMessage('ModuleNotFound', { module: moduleName(DRIVER_PACKAGE) }));
  const path = join(spec.codeDir, spec.scoringScript);
  const loaded = (await import(pathToFileURL(path).href)) as EntryScript & Partial<ScriptStep>;
  const required = spec.entry === 'script' ? (['main'] as const) : (['init', 'run'] as const);
  const missing = required.filter((fn) => typeof loaded[fn] !== 'function');
  if (missing.length > 0) {
    const error = new Error(formatMessage('EntryScriptContract', { script: spec.scoringScript, missing: missing.map((m) => `${m}()`).join(' and ') }));
    error.name = 'EntryScriptContractError';
    throw error;
  }
  return loaded;
}

/** Runs one call and answers it; resolves to the reply sent (never, once the call timed out). */
async function perform(id: number, limitMs: number, body: () => Promise<unknown[] | undefined>): Promise<HostReply | undefined> {
  call = { id, start: performance.now(), slept: 0, limitMs, timedOut: false };
  metrics = [];
  let results: unknown[] | undefined;
  let error: ScriptError | undefined;
  try {
    results = await body();
  } catch (e) {
    error = toScriptError(e);
  }
  if (call.timedOut) return undefined;
  const reply: HostReply = { kind: 'done', id, elapsedMs: elapsed(), stdout: take('out'), stderr: take('err'), results, error, metrics };
  try {
    port.postMessage(reply);
    return reply;
  } catch (e) {
    const refused: HostReply = { ...reply, results: undefined, error: { type: 'TypeError', message: formatMessage('InvalidRunResult', { got: 'values that cannot be copied' }), stack: String(e) } };
    port.postMessage(refused);
    return refused;
  }
}

// Calls run one at a time, in the order they came: a queued call waits for the one before it.
let tail: Promise<void> = Promise.resolve();
let previous: Previous | undefined;

function enqueue(id: number, limitMs: number, after: number | undefined, body: () => Promise<unknown[] | undefined>): void {
  tail = tail.then(async () => {
    // A skipped call is not answered: the channel applies the same rule and knows it was skipped.
    if (after !== undefined && !runsAfter(previous, after)) {
      previous = undefined;
      return;
    }
    const reply = await perform(id, limitMs, body);
    previous = reply && { reply, limitMs };
  });
}

port.on('message', (request: HostRequest) => {
  if (request.kind === 'configure') return configure(request.spec, request.timeScale);
  if (request.kind === 'init') {
    enqueue(0, Number.POSITIVE_INFINITY, undefined, async () => {
      script = await load();
      // A script step does all its work here, once.
      if (spec.entry === 'script') await script.main!(ctx);
      else await script.init!(ctx);
      return undefined;
    });
    return;
  }
  if (request.kind === 'score') {
    enqueue(request.id, request.timeoutMs, undefined, async () => [await (script!.run as unknown as (body: string, c: EntryScriptContext) => unknown)(request.body, ctx)]);
    return;
  }
  enqueue(request.id, request.timeoutMs, request.after, async () => {
    const input = spec.input === 'tabular' ? await readDataFrame(request.miniBatch) : request.miniBatch;
    const value = await (script!.run as (batch: unknown, c: EntryScriptContext) => unknown)(input, ctx);
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) throw new TypeError(formatMessage('InvalidRunResult', { got: typeof value }));
    return value;
  });
});
