/**
 * The in-process Runtime: each simulated worker process is a worker thread running
 * worker-host.ts, so a hung run() can be cut off (the thread is ended) without harming the rest.
 * Threads load the host as a bundle (host/bundle.ts), and one spare thread is
 * always kept started, for the whole process: a worker replaced after a timeout, or the first
 * worker of the next simulator, starts at once. A spare holds no state until it is configured.
 */
import '../telemetry-off.ts';
import { Worker as Thread } from 'node:worker_threads';
import { hostBundle } from '../host/bundle.ts';
import { HostChannel, type Transport } from '../host/channel.ts';
import { workerPid } from '../host/pid.ts';
import { MountRoot } from '../mounts.ts';
import { DEFAULT_TIME_SCALE, type FileTree, type Mount, type MountOptions, type Runtime, type Worker, type WorkerSpec } from '../runtime.ts';

let spare: Thread | undefined;

function takeThread(): Thread {
  const thread = spare ?? newThread();
  spare = newThread();
  return thread;
}

function newThread(): Thread {
  // None of the parent's options, from its command line or from NODE_OPTIONS (a thread applies
  // the NODE_OPTIONS of its env again): the host is a plain bundle, and tsx (--import tsx, as
  // cucumber runs) would load tsx and esbuild into every thread and hook its every module load:
  // 127 ms to start a thread and load onnxruntime-node instead of 42. Passing them on is no
  // option either: a process-wide one (--max-old-space-size, --trace-gc) makes the Worker
  // constructor throw.
  const { NODE_OPTIONS: _, ...env } = process.env;
  const thread = new Thread(hostBundle(), { stdout: true, stderr: true, execArgv: [], env });
  thread.on('error', () => {}); // a spare's errors are reported by the transport that takes it
  thread.unref(); // a spare must not keep the process alive
  return thread;
}

export class InProcessRuntime implements Runtime {
  readonly name = 'in-process';
  readonly timeScale: number;
  #mounts = new MountRoot();
  #workers = new Set<Worker>();

  constructor(options: { timeScale?: number } = {}) {
    this.timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  }

  mount(label: string, files: FileTree, options: MountOptions = {}): Promise<Mount> {
    return this.#mounts.mount(label, files, options);
  }

  async startWorker(spec: WorkerSpec): Promise<Worker> {
    const thread = takeThread();
    thread.ref();
    const worker = new HostChannel(threadTransport(thread, spec), spec, this.timeScale, () => this.#workers.delete(worker));
    this.#workers.add(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.stop()));
    await this.#mounts.remove();
  }
}

/** A worker thread as a transport: ending it is terminate(), its pid a simulated one. */
function threadTransport(thread: Thread, spec: WorkerSpec): Transport {
  let crash: Error | undefined;
  thread.on('error', (error) => {
    crash = error;
  });
  return {
    pid: workerPid(thread.threadId),
    command: `node worker-host ${spec.processName}`,
    send: (request) => thread.postMessage(request),
    onMessage: (listener) => thread.on('message', listener),
    onExit: (listener) => thread.on('exit', (code) => listener({ code, signal: null, crash })),
    kill: async () => {
      await thread.terminate();
    },
  };
}
