/**
 * The runtime side of a worker host: sends init/run requests over a transport (a worker thread's
 * port, a child process's IPC channel) and turns replies, watchdog expiries and exits into the
 * outcomes the engine understands. A run() past its budget is abandoned and its worker ended.
 */
import { formatMessage } from '../../specs/errors.ts';
import type { InitOutcome, RunOutcome, ScoreOutcome, ScriptError, Worker, WorkerSpec } from '../runtime.ts';
import type { HostReply, HostRequest } from './worker-host.ts';

export interface TransportExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** An error the transport reported before it ended (a thread's uncaught error). */
  crash?: Error;
}

/** How one worker host is reached: a thread or a process. */
export interface Transport {
  readonly pid: number;
  /** The command line the worker runs, for messages ('node worker-host.mjs process000'). */
  readonly command: string;
  send(request: HostRequest): void;
  onMessage(listener: (reply: HostReply) => void): void;
  onExit(listener: (exit: TransportExit) => void): void;
  /** Ends the worker at once (SIGKILL for a process). */
  kill(): Promise<void>;
}



type Reply = HostReply | { kind: 'exit'; exit: TransportExit } | { kind: 'watchdog' };

export class HostChannel implements Worker {
  readonly pid: number;
  #nextId = 1;
  #pending?: { id: number; resolve: (reply: Reply) => void };
  #exit?: TransportExit;

  constructor(
    private readonly transport: Transport,
    spec: WorkerSpec,
    private readonly timeScale: number,
    onExit: () => void = () => {},
  ) {
    this.pid = transport.pid;
    transport.onMessage((reply) => {
      if (this.#pending && this.#pending.id === reply.id) this.#pending.resolve(reply);
    });
    transport.onExit((exit) => {
      this.#exit = exit;
      this.#pending?.resolve({ kind: 'exit', exit });
      onExit();
    });
    transport.send({ kind: 'configure', spec, timeScale });
  }

  #call(request: HostRequest, id: number, realLimitMs: number): Promise<Reply> {
    return new Promise((resolve) => {
      if (this.#exit) return resolve({ kind: 'exit', exit: this.#exit });
      const watchdog = Number.isFinite(realLimitMs) ? setTimeout(() => resolve({ kind: 'watchdog' }), realLimitMs) : undefined;
      this.#pending = {
        id,
        resolve: (reply) => {
          clearTimeout(watchdog);
          this.#pending = undefined;
          resolve(reply);
        },
      };
      this.transport.send(request);
    });
  }

  async init(): Promise<InitOutcome> {
    const reply = await this.#call({ kind: 'init' }, 0, Number.POSITIVE_INFINITY);
    if (reply.kind === 'done') {
      const base = { elapsedMs: reply.elapsedMs, stdout: reply.stdout, stderr: reply.stderr, ...(reply.metrics?.length ? { metrics: reply.metrics } : {}) };
      return reply.error ? { ...base, status: 'error', error: reply.error } : { ...base, status: 'ok' };
    }
    return { status: 'crashed', elapsedMs: 0, stdout: '', stderr: '', error: this.#died(reply) };
  }

  async run(miniBatch: readonly string[], timeoutMs: number): Promise<RunOutcome> {
    const id = this.#nextId++;
    const reply = await this.#call({ kind: 'run', id, miniBatch: [...miniBatch], timeoutMs }, id, timeoutMs / this.timeScale);
    if (reply.kind === 'watchdog' || reply.kind === 'timeout' || (reply.kind === 'done' && reply.elapsedMs > timeoutMs)) {
      // The call is abandoned: end the worker; the engine starts a fresh one for the retry.
      await this.stop();
      const printed = reply.kind === 'watchdog' ? { stdout: '', stderr: '' } : { stdout: reply.stdout, stderr: reply.stderr };
      return { status: 'timeout', elapsedMs: timeoutMs, ...printed };
    }
    if (reply.kind === 'exit') return { status: 'crashed', elapsedMs: 0, stdout: '', stderr: '', error: this.#died(reply) };
    const base = { elapsedMs: reply.elapsedMs, stdout: reply.stdout, stderr: reply.stderr, ...(reply.metrics?.length ? { metrics: reply.metrics } : {}) };
    return reply.error ? { ...base, status: 'error', error: reply.error } : { ...base, status: 'ok', results: reply.results ?? [] };
  }

  /** Online scoring: run(input_data) on a request body, within timeoutMs of real time. */
  async score(body: string, timeoutMs: number): Promise<ScoreOutcome> {
    const id = this.#nextId++;
    const reply = await this.#call({ kind: 'score', id, body, timeoutMs }, id, timeoutMs / this.timeScale);
    if (reply.kind === 'watchdog' || reply.kind === 'timeout' || (reply.kind === 'done' && reply.elapsedMs > timeoutMs)) {
      await this.stop();
      return { status: 'timeout', elapsedMs: timeoutMs };
    }
    if (reply.kind === 'exit') return { status: 'crashed', elapsedMs: 0, error: this.#died(reply) };
    if (reply.error) return { status: 'error', elapsedMs: reply.elapsedMs, error: reply.error };
    return { status: 'ok', elapsedMs: reply.elapsedMs, value: reply.results?.[0] };
  }

  async stop(): Promise<void> {
    if (!this.#exit) await this.transport.kill();
  }

  #died(reply: Reply): ScriptError {
    const exit = reply.kind === 'exit' ? reply.exit : { code: null, signal: null };
    const message = exit.signal
      ? formatMessage('WorkerDied', { command: this.transport.command, signal: exit.signal, number: SIGNALS[exit.signal] ?? '?' })
      : formatMessage('WorkerExited', { command: this.transport.command, code: exit.code ?? 'unknown' });
    const crash = reply.kind === 'exit' ? reply.exit.crash : undefined;
    return { type: 'WorkerProcessExited', message: crash ? `${message} ${crash.message}` : message, stack: crash?.stack ?? message };
  }
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6, SIGINT: 2 };
