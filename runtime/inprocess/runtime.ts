/**
 * The in-process Runtime: each simulated worker process is a worker thread running
 * worker-host.ts, so a hung run() can be cut off (the thread is ended) without harming the rest.
 * Starting a thread (and tsx in it) takes a few hundred real milliseconds, so one spare thread is
 * always kept started, for the whole process: a worker replaced after a timeout, or the first
 * worker of the next simulator, starts at once. A spare holds no state until it is configured.
 */
import { Worker as Thread } from 'node:worker_threads';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree, InitOutcome, Mount, RunOutcome, Runtime, Worker, WorkerSpec } from '../runtime.ts';
import type { HostReply, HostRequest } from './worker-host.ts';
import { workerPid } from './pid.ts';

/** Default virtual milliseconds per real millisecond of script time: 30 s of timeout = 300 ms real. */
export const DEFAULT_TIME_SCALE = 100;

const HOST = new URL('./worker-entry.mjs', import.meta.url);

let spare: Thread | undefined;

function takeThread(): Thread {
  const thread = spare ?? newThread();
  spare = newThread();
  return thread;
}

function newThread(): Thread {
  const thread = new Thread(HOST, { stdout: true, stderr: true });
  thread.on('error', () => {}); // reported through the worker that takes it, on exit
  thread.unref(); // a spare must not keep the process alive
  return thread;
}

export class InProcessRuntime implements Runtime {
  readonly name = 'in-process';
  readonly timeScale: number;
  #root?: Promise<string>;
  #workers = new Set<InProcessWorker>();

  constructor(options: { timeScale?: number } = {}) {
    this.timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  }

  async mount(label: string, files: FileTree, options: { readOnly?: boolean } = {}): Promise<Mount> {
    this.#root ??= mkdtemp(join(tmpdir(), 'azureml-sim-'));
    const dir = await mkdtemp(join(await this.#root, `${label.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
    for (const [relative, data] of files) {
      const path = join(dir, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
      if (options.readOnly) await chmod(path, 0o444);
    }
    return {
      dir,
      path: (relative: string) => join(dir, relative),
      release: () => rm(dir, { recursive: true, force: true }),
    };
  }

  async startWorker(spec: WorkerSpec): Promise<Worker> {
    const worker = new InProcessWorker(takeThread(), spec, this.timeScale, () => this.#workers.delete(worker));
    this.#workers.add(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.stop()));
    if (this.#root) await rm(await this.#root, { recursive: true, force: true });
    this.#root = undefined;
  }
}

class InProcessWorker implements Worker {
  readonly pid: number;
  #thread: Thread;
  #nextId = 1;
  #pending?: { id: number; resolve: (reply: HostReply | { kind: 'exit'; code: number }) => void };
  #exited = false;
  #crash?: Error;

  constructor(
    thread: Thread,
    spec: WorkerSpec,
    private readonly timeScale: number,
    onExit: () => void,
  ) {
    this.#thread = thread;
    thread.ref();
    thread.postMessage({ kind: 'configure', spec, timeScale } satisfies HostRequest);
    this.pid = workerPid(thread.threadId);
    thread.on('message', (reply: HostReply) => {
      if (this.#pending && this.#pending.id === reply.id) this.#pending.resolve(reply);
    });
    thread.on('error', (error) => {
      this.#crash = error;
    });
    thread.on('exit', (code) => {
      this.#exited = true;
      this.#pending?.resolve({ kind: 'exit', code });
      onExit();
    });
  }

  #call(request: HostRequest, id: number, realLimitMs: number) {
    return new Promise<HostReply | { kind: 'exit'; code: number } | { kind: 'watchdog' }>((resolve) => {
      if (this.#exited) return resolve({ kind: 'exit', code: -1 });
      const watchdog = Number.isFinite(realLimitMs) ? setTimeout(() => resolve({ kind: 'watchdog' }), realLimitMs) : undefined;
      this.#pending = {
        id,
        resolve: (reply) => {
          clearTimeout(watchdog);
          this.#pending = undefined;
          resolve(reply);
        },
      };
      this.#thread.postMessage(request);
    });
  }

  async init(): Promise<InitOutcome> {
    const reply = await this.#call({ kind: 'init' }, 0, Number.POSITIVE_INFINITY);
    if (reply.kind === 'done') {
      const base = { elapsedMs: reply.elapsedMs, stdout: reply.stdout, stderr: reply.stderr };
      return reply.error ? { ...base, status: 'error', error: reply.error } : { ...base, status: 'ok' };
    }
    return { status: 'error', elapsedMs: 0, stdout: '', stderr: '', error: exited(reply, this.#crash) };
  }

  async run(miniBatch: readonly string[], timeoutMs: number): Promise<RunOutcome> {
    const id = this.#nextId++;
    const reply = await this.#call({ kind: 'run', id, miniBatch: [...miniBatch], timeoutMs }, id, timeoutMs / this.timeScale);
    if (reply.kind === 'watchdog' || reply.kind === 'timeout' || (reply.kind === 'done' && reply.elapsedMs > timeoutMs)) {
      // The call is abandoned: end the thread; the engine starts a fresh worker for the retry.
      await this.stop();
      const printed = reply.kind === 'watchdog' ? { stdout: '', stderr: '' } : { stdout: reply.stdout, stderr: reply.stderr };
      return { status: 'timeout', elapsedMs: timeoutMs, ...printed };
    }
    if (reply.kind === 'exit') return { status: 'error', elapsedMs: 0, stdout: '', stderr: '', error: exited(reply, this.#crash) };
    const base = { elapsedMs: reply.elapsedMs, stdout: reply.stdout, stderr: reply.stderr };
    return reply.error ? { ...base, status: 'error', error: reply.error } : { ...base, status: 'ok', results: reply.results ?? [] };
  }

  async stop(): Promise<void> {
    if (!this.#exited) await this.#thread.terminate();
  }
}

function exited(reply: { kind: string; code?: number }, crash?: Error) {
  const message = `The worker process exited unexpectedly (exit code ${reply.code ?? 'unknown'})${crash ? `: ${crash.message}` : '.'}`;
  return { type: 'WorkerProcessExited', message, stack: crash?.stack ?? message };
}
