/**
 * The virtual clock. Service time (timeouts, retries, monitor intervals, deletions) passes only
 * when someone drives the clock, so a scenario that spans minutes of service time takes
 * milliseconds. Simulated activities are async functions that wait with `sleep()`; real work they
 * start (an entry script in a worker thread, a container call) is wrapped in `track()` so the
 * clock never moves while real work is still under way: between two timers, everything that can
 * run has run. Timers that fall due at the same instant fire in the order they were set.
 */

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export const DEFAULT_EPOCH = Date.parse('2026-01-05T09:00:00.000Z');

export class VirtualClock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #inFlight = new Set<Promise<unknown>>();

  constructor(epochMs: number = DEFAULT_EPOCH) {
    this.#now = epochMs;
  }

  /** Virtual time in milliseconds since the Unix epoch. */
  now(): number {
    return this.#now;
  }

  date(): Date {
    return new Date(this.#now);
  }

  /** Resolves when the clock reaches now + ms. */
  sleep(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`sleep needs a finite duration >= 0, got ${ms}`);
    return new Promise((resolve) => this.#add(this.#now + ms, resolve));
  }

  /** Calls fn when the clock reaches `at` (or at once on the next drive if `at` is past). */
  at(at: number, fn: () => void): void {
    this.#add(Math.max(at, this.#now), fn);
  }

  /** Marks real (wall-clock) work; the clock waits for it before moving. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    const done = () => this.#inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  pendingTimers(): number {
    return this.#timers.length;
  }

  /** Lets every runnable activity run: waits for tracked real work and the microtasks it frees. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#inFlight.size === 0) {
        // One more turn: continuations of the last finished work may start new work.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#inFlight.size === 0) return;
      }
      await Promise.race([...this.#inFlight].map((p) => p.then(() => undefined, () => undefined)));
    }
  }

  /** Advances the clock by ms, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`advance needs a duration >= 0, got ${ms}`);
    await this.runUntil(() => false, this.#now + ms);
  }

  /**
   * Fires timers in order until `done()` holds, no timer is left, or the next timer lies beyond
   * `limit`. Returns whether `done()` held.
   */
  async runUntil(done: () => boolean, limit = Number.POSITIVE_INFINITY): Promise<boolean> {
    await this.settle();
    while (!done()) {
      const next = this.#timers[0];
      if (!next || next.at > limit) {
        if (Number.isFinite(limit)) this.#now = Math.max(this.#now, limit);
        return done();
      }
      this.#pop();
      this.#now = next.at;
      next.fire();
      await this.settle();
    }
    return true;
  }

  #add(at: number, fire: () => void): void {
    const timer: Timer = { at, seq: this.#seq++, fire };
    // Binary insertion keeps the queue ordered by (at, seq).
    let lo = 0;
    let hi = this.#timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.#timers[mid];
      if (t.at < at || (t.at === at && t.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#timers.splice(lo, 0, timer);
  }

  #pop(): void {
    this.#timers.shift();
  }
}
