/**
 * The run() calls the engine sends one worker, in order. A mini-batch may be queued behind the
 * last of them (Worker.runAfter), so the worker goes on to it without waiting for the engine; it
 * is only ever queued right behind the last call sent, so the worker runs mini-batches in the
 * engine's order, retries included.
 */
import type { RunOutcome, Worker } from '../../runtime/runtime.ts';

export type Queued = Promise<RunOutcome | undefined>;

export class WorkerCalls {
  /** Calls queued behind the last one sent and not picked up yet, in order. */
  #inLine: Queued[] = [];

  constructor(
    readonly worker: Worker,
    private readonly timeoutMs: number,
  ) {}

  /**
   * One try of a mini-batch: the call queued for it, when that call ran, or else a new call.
   * `queueNext` is called once this try and the calls queued behind it are the last sent, so
   * what it queues comes right behind them.
   */
  async run(items: readonly string[], queued: Queued | undefined, queueNext: () => void): Promise<RunOutcome> {
    if (queued && this.#inLine[0] === queued) this.#inLine.shift();
    else if (queued) {
      // A call went out after it (a retry of the mini-batch before), so it was skipped.
      const outcome = await queued;
      if (outcome) return outcome;
      queued = undefined;
    }
    const call = queued ?? this.#send(items);
    queueNext();
    // A queued call that was skipped never ran: it runs now.
    return (await call) ?? (await this.#send(items));
  }

  /** Queues a mini-batch right behind the last call; undefined when the worker cannot queue. */
  queue(items: readonly string[], after: number): Queued | undefined {
    if (!this.worker.runAfter) return undefined;
    const queued = this.worker.runAfter(items, this.timeoutMs, after);
    this.#inLine.push(queued);
    return queued;
  }

  #send(items: readonly string[]): Promise<RunOutcome> {
    // Whatever was queued is now behind this call: the worker skips it (runtime/host/queue.ts).
    this.#inLine = [];
    return this.worker.run(items, this.timeoutMs);
  }
}
