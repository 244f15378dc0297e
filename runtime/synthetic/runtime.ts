/**
 * A stand-in Runtime for measuring the simulator itself: no script runs. init() takes a fixed
 * service time; run() takes a fixed time per item and fails a seeded share of the items (and the
 * files chaos mode made corrupt), so a million-file job exercises the engine, the clock and the
 * log tree, and nothing else.
 */
import { createHash } from 'node:crypto';
import { CORRUPT_BYTES } from '../chaos/runtime.ts';
import type { FileTree, InitOutcome, Mount, RunOutcome, Runtime, ScoreOutcome, Worker } from '../runtime.ts';

export interface SyntheticOptions {
  /** Share of items whose scoring fails, decided by a hash of the item and the seed. */
  failureRate?: number;
  seed?: string;
  initMs?: number;
  msPerItem?: number;
}

export class SyntheticRuntime implements Runtime {
  readonly name = 'synthetic';
  readonly timeScale = 1;
  #pid = 100;
  /** Mounted trees by folder, so run() can tell a corrupt file. */
  readonly #trees = new Map<string, FileTree>();

  constructor(private readonly options: SyntheticOptions = {}) {}

  async mount(label: string, files: FileTree): Promise<Mount> {
    const dir = `/synthetic/${label}`;
    this.#trees.set(dir, files);
    return { dir, path: (p) => `${dir}/${p}`, inPlace: () => true, ready: async () => {}, read: async () => new Map(files), release: async () => void this.#trees.delete(dir) };
  }

  #corrupt(item: string): boolean {
    const slash = item.indexOf('/', '/synthetic/'.length);
    return this.#trees.get(item.slice(0, slash))?.get(item.slice(slash + 1))?.equals(CORRUPT_BYTES) ?? false;
  }

  async startWorker(): Promise<Worker> {
    const { failureRate = 0, seed = 'seed', initMs = 2_000, msPerItem = 50 } = this.options;
    const threshold = Math.floor(failureRate * 0xffffffff);
    const fails = (item: string) => createHash('sha1').update(seed).update(item).digest().readUInt32BE(0) < threshold;
    const quiet = { stdout: '', stderr: '' };
    return {
      pid: this.#pid++,
      init: async (): Promise<InitOutcome> => ({ status: 'ok', elapsedMs: initMs, ...quiet }),
      run: async (items): Promise<RunOutcome> => ({
        status: 'ok',
        elapsedMs: items.length * msPerItem,
        results: items.filter((item) => !fails(item) && !this.#corrupt(item)),
        ...quiet,
      }),
      score: async (): Promise<ScoreOutcome> => ({ status: 'ok', elapsedMs: msPerItem, value: null }),
      stop: async () => {},
    };
  }

  async close(): Promise<void> {}
}
