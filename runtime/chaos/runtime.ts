/**
 * Chaos mode: a Runtime wrapped so that faults happen, drawn from a seed so a run repeats. Per
 * mini-batch a worker may be killed mid-call, be slow past the timeout, or fail to read its
 * input from storage; per input file, the file may be corrupt. The faults are real for real
 * runtimes: a killed or slow worker is stopped (its process, its container's process), a corrupt
 * file is garbage on the mount. What happened is listed in `events`, for the invariants to be
 * checked against.
 */
import { formatMessage } from '../../specs/errors.ts';
import { seededRandom } from '../../simulator/random.ts';
import type { FileTree, Mount, MountOptions, NodeSpec, RunOutcome, Runtime, Worker, WorkerSpec } from '../runtime.ts';

export interface ChaosRates {
  /** Per mini-batch call: the worker dies in the middle of it. */
  kill?: number;
  /** Per mini-batch call: the worker does not answer within the timeout. */
  slow?: number;
  /** Per mini-batch call: reading an input file from the mount fails. */
  storage?: number;
  /** Per input file: its bytes are garbage. */
  corrupt?: number;
}

export type ChaosEvent = { kind: 'kill' | 'slow' | 'storage'; miniBatch: readonly string[] } | { kind: 'corrupt'; file: string };

/** What a corrupt file holds: not an image, not a CSV, not anything a script can read. */
export const CORRUPT_BYTES = Buffer.from('\x00CHAOS: corrupt file\xff\xfe', 'latin1');

export class ChaosRuntime implements Runtime {
  readonly name: string;
  readonly timeScale: number;
  readonly events: ChaosEvent[] = [];
  readonly #draw: () => number;

  constructor(
    private readonly inner: Runtime,
    readonly seed: number,
    private readonly rates: ChaosRates,
  ) {
    this.name = inner.name;
    this.timeScale = inner.timeScale;
    this.#draw = seededRandom(seed);
  }

  /** Job inputs (mounted as <job>-inputs) may come out corrupt; code and models never do. */
  mount(label: string, files: FileTree, options?: MountOptions): Promise<Mount> {
    if (!label.endsWith('-inputs') || !this.rates.corrupt) return this.inner.mount(label, files, options);
    const tree = new Map<string, Buffer>();
    for (const [path, data] of files) {
      const corrupt = this.#draw() < this.rates.corrupt;
      if (corrupt) this.events.push({ kind: 'corrupt', file: path });
      tree.set(path, corrupt ? CORRUPT_BYTES : data);
    }
    return this.inner.mount(label, tree, options);
  }

  async startWorker(spec: WorkerSpec, node: NodeSpec): Promise<Worker> {
    const worker = await this.inner.startWorker(spec, node);
    const command = `${spec.processName} (${spec.nodeIp})`;
    return {
      pid: worker.pid,
      init: () => worker.init(),
      score: (body, timeoutMs) => worker.score(body, timeoutMs),
      stop: () => worker.stop(),
      run: async (miniBatch, timeoutMs): Promise<RunOutcome> => {
        const fault = this.#fault();
        if (!fault) return worker.run(miniBatch, timeoutMs);
        this.events.push({ kind: fault, miniBatch: [...miniBatch] });
        const quiet = { stdout: '', stderr: '' };
        if (fault === 'storage') {
          const error = formatMessage('ChaosStorageRead', { file: miniBatch[0] ?? '' });
          return { status: 'error', elapsedMs: 0, ...quiet, error: { type: 'OSError', message: error, stack: error } };
        }
        // Killed, or too slow: either way the worker process is gone, as after a real kill or timeout.
        await worker.stop();
        if (fault === 'slow') return { status: 'timeout', elapsedMs: timeoutMs, ...quiet };
        const message = formatMessage('WorkerDied', { command, signal: 'SIGKILL', number: 9 });
        return { status: 'crashed', elapsedMs: 0, ...quiet, error: { type: 'WorkerProcessExited', message, stack: message } };
      },
    };
  }

  #fault(): 'kill' | 'slow' | 'storage' | undefined {
    const r = this.#draw();
    const { kill = 0, slow = 0, storage = 0 } = this.rates;
    if (r < kill) return 'kill';
    if (r < kill + slow) return 'slow';
    if (r < kill + slow + storage) return 'storage';
    return undefined;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
