/**
 * The runtime side of a worker host: sends init/run requests over a transport (a worker thread's
 * port, a child process's IPC channel) and turns replies, watchdog expiries and exits into the
 * outcomes the engine understands. A run() past its budget is abandoned and its worker ended.
 */
import { formatMessage } from '../../specs/errors.ts';
import type { InitOutcome, RunOutcome, ScoreOutcome, ScriptError, Worker, WorkerSpec } from '../runtime.ts';
import { runsAfter, type Previous } from './queue.ts';
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

type Reply = HostReply | { kind: 'exit'; exit: TransportExit } | { kind: 'watchdog' } | { kind: 'skipped' };

/** A call sent to the host, in the order the host runs them. */
interface Call {
  id: number;
  /** Virtual budget, for the rule of the call queued behind it. */
  limitMs: number;
  realLimitMs: number;
  /** Set for a call queued with runAfter: the results the call before it must return. */
  after?: number;
  started: boolean;
  watchdog?: NodeJS.Timeout;
  resolve: (reply: Reply) => void;
}

export class HostChannel implements Worker {
  readonly pid: number;
  #nextId = 1;
  #calls: Call[] = [];
  /** How the last call that left the queue ended (see queue.ts). */
  #previous?: Previous;
  #exit?: TransportExit;

  constructor(
    private readonly transport: Transport,
    spec: WorkerSpec,
    private readonly timeScale: number,
    onExit: () => void = () => {},
  ) {
    this.pid = transport.pid;
    transport.onMessage((reply) => {
      const call = this.#calls[0];
      if (call?.id !== reply.id) return; // the late answer of an abandoned call
      this.#settle(call, reply, { reply, limitMs: call.limitMs });
    });
    transport.onExit((exit) => {
      this.#exit = exit;
      for (const call of this.#calls.splice(0)) {
        clearTimeout(call.watchdog);
        call.resolve(call.started || call.after === undefined ? { kind: 'exit', exit } : { kind: 'skipped' });
      }
      onExit();
    });
    transport.send({ kind: 'configure', spec, timeScale });
  }

  #call(request: Exclude<HostRequest, { kind: 'configure' }>, limitMs: number, realLimitMs: number, after?: number): Promise<Reply> {
    const id = request.kind === 'init' ? 0 : request.id;
    return new Promise((resolve) => {
      if (this.#exit) return resolve({ kind: 'exit', exit: this.#exit });
      this.#calls.push({ id, limitMs, realLimitMs, after, started: false, resolve });
      this.transport.send(request);
      if (this.#calls.length === 1) this.#startHead();
    });
  }

  /** The call at the head of the queue ended: answer it and start (or skip) the ones behind it. */
  #settle(call: Call, reply: Reply, previous: Previous | undefined): void {
    clearTimeout(call.watchdog);
    this.#calls.shift();
    this.#previous = previous;
    call.resolve(reply);
    this.#startHead();
  }

  /** The host starts the head call now, as the same rule says; its watchdog starts with it. */
  #startHead(): void {
    for (let call = this.#calls[0]; call && !call.started; call = this.#calls[0]) {
      if (call.after !== undefined && !runsAfter(this.#previous, call.after)) {
        this.#settle(call, { kind: 'skipped' }, undefined);
        return;
      }
      call.started = true;
      if (Number.isFinite(call.realLimitMs)) call.watchdog = setTimeout(() => this.#settle(call, { kind: 'watchdog' }, undefined), call.realLimitMs);
    }
  }

  async init(): Promise<InitOutcome> {
    const reply = await this.#call({ kind: 'init' }, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    if (reply.kind === 'done') {
      const base = { elapsedMs: reply.elapsedMs, stdout: reply.stdout, stderr: reply.stderr, ...(reply.metrics?.length ? { metrics: reply.metrics } : {}) };
      return reply.error ? { ...base, status: 'error', error: reply.error } : { ...base, status: 'ok' };
    }
    return { status: 'crashed', elapsedMs: 0, stdout: '', stderr: '', error: this.#died(reply) };
  }

  async run(miniBatch: readonly string[], timeoutMs: number): Promise<RunOutcome> {
    const id = this.#nextId++;
    return this.#outcome(await this.#call({ kind: 'run', id, miniBatch: [...miniBatch], timeoutMs }, timeoutMs, timeoutMs / this.timeScale), timeoutMs);
  }

  async runAfter(miniBatch: readonly string[], timeoutMs: number, after: number): Promise<RunOutcome | undefined> {
    const id = this.#nextId++;
    const reply = await this.#call({ kind: 'run', id, miniBatch: [...miniBatch], timeoutMs, after }, timeoutMs, timeoutMs / this.timeScale, after);
    return reply.kind === 'skipped' ? undefined : this.#outcome(reply, timeoutMs);
  }

  async #outcome(reply: Reply, timeoutMs: number): Promise<RunOutcome> {
    if (reply.kind === 'watchdog' || reply.kind === 'timeout' || (reply.kind === 'done' && reply.elapsedMs > timeoutMs)) {
      // The call is abandoned: end the worker; the engine starts a fresh one for the retry.
      await this.stop();
      const printed = reply.kind === 'watchdog' ? { stdout: '', stderr: '' } : { stdout: reply.stdout, stderr: reply.stderr };
      return { status: 'timeout', elapsedMs: timeoutMs, ...printed };
    }
    if (reply.kind !== 'done') return { status: 'crashed', elapsedMs: 0, stdout: '', stderr: '', error: this.#died(reply) };
    const base = { elapsedMs: reply.elapsedMs, stdout: reply.stdout, stderr: reply.stderr, ...(reply.metrics?.length ? { metrics: reply.metrics } : {}) };
    return reply.error ? { ...base, status: 'error', error: reply.error } : { ...base, status: 'ok', results: reply.results ?? [] };
  }

  /** Online scoring: run(input_data) on a request body, within timeoutMs of real time. */
  async score(body: string, timeoutMs: number): Promise<ScoreOutcome> {
    const id = this.#nextId++;
    const reply = await this.#call({ kind: 'score', id, body, timeoutMs }, timeoutMs, timeoutMs / this.timeScale);
    if (reply.kind === 'watchdog' || reply.kind === 'timeout' || (reply.kind === 'done' && reply.elapsedMs > timeoutMs)) {
      await this.stop();
      return { status: 'timeout', elapsedMs: timeoutMs };
    }
    if (reply.kind !== 'done') return { status: 'crashed', elapsedMs: 0, error: this.#died(reply) };
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
