/**
 * The container Runtime: one container per simulated compute node, started with testcontainers
 * from the image `npm run runtime:image` builds, with no network at all. The runtime server in it
 * (runtime/server/agent.ts) listens on a unix socket in a bind-mounted folder and runs the node's
 * worker processes as real processes, so exits, signals and memory limits are real. Job files
 * are bind-mounted read-only at the same path as on the host. Every container is a sandbox
 * (container.ts): read-only, unprivileged, no network, memory and pids limits.
 *
 * Writable folders (a pipeline step's outputs) are never shared: a worker that writes outputs runs
 * in a container of its own step, which mounts read-write only the folders of that worker's
 * outputs and is stopped with the step's last worker. Batch jobs and ParallelRunSteps write
 * nothing: their workers share the node's container, which has no writable mount at all.
 * Every container is stopped when the runtime closes, and when the process exits.
 */
import '../telemetry-off.ts';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MountRoot } from '../mounts.ts';
import { DEFAULT_TIME_SCALE, type FileTree, type Mount, type MountOptions, type NodeSpec, type Runtime, type Worker, type WorkerSpec } from '../runtime.ts';
import { AgentClient, AgentWorker } from './agent-client.ts';
import { RUNTIME_IMAGE } from './image.ts';
import { defaultPidsLimit, RuntimeContainer, type StartedRuntimeContainer } from './container.ts';

/** Containers get the memory of their VM size divided by this, so memory limits are reachable on one machine. */
export const MEMORY_DIVISOR = 16;

export interface ContainerRuntimeOptions {
  timeScale?: number;
  /** The image that stands for Azure's curated ones (default: the runtime image): another runtime's, to check it. */
  image?: string;
  /** How long a container may take to serve its agent (real milliseconds). */
  startupTimeoutMs?: number;
  /** Tasks (processes and threads) a node may hold (default: defaultPidsLimit(), or SIM_CONTAINER_PIDS_LIMIT). */
  pidsLimit?: number;
}

interface Node {
  container: StartedRuntimeContainer;
  agent: AgentClient;
  /** Workers started on it and not stopped yet (counted for step containers only). */
  workers: number;
}

const live = new Set<StartedRuntimeContainer>();
process.once('exit', () => {
  // Last resort if a run ends without closing its runtime: docker kill, synchronously.
  for (const container of live) container.killNow();
});

export class ContainerRuntime implements Runtime {
  readonly name = 'container';
  readonly timeScale: number;
  /** How long a node's container may take to serve its agent (real milliseconds). */
  startupTimeoutMs: number;
  #mounts = new MountRoot();
  /** Writable folders (step outputs) live apart: the containers mount them read-write. */
  #writable = new MountRoot();
  /** The folders of the writable mounts handed out and not released. */
  #writableDirs = new Set<string>();
  #nodes = new Map<string, Promise<Node>>();
  #workers = new Set<Worker>();
  /** Step containers being stopped after their last worker. */
  #stopping = new Set<Promise<void>>();
  readonly #image: string;
  readonly #pidsLimit: number;

  constructor(options: ContainerRuntimeOptions = {}) {
    this.timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
    this.#image = options.image ?? RUNTIME_IMAGE;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
    this.#pidsLimit = options.pidsLimit ?? (Number(process.env.SIM_CONTAINER_PIDS_LIMIT) || defaultPidsLimit());
  }

  async mount(label: string, files: FileTree, options: MountOptions = {}): Promise<Mount> {
    if (!options.writable) return this.#mounts.mount(label, files, options);
    const mount = await this.#writable.mount(label, files, options);
    this.#writableDirs.add(mount.dir);
    return {
      ...mount,
      release: async () => {
        this.#writableDirs.delete(mount.dir);
        await mount.release();
      },
    };
  }

  async startWorker(spec: WorkerSpec, node: NodeSpec): Promise<Worker> {
    const writable = this.#writableFor(spec);
    const key = this.#key(node, writable);
    const started = await this.#node(key, node, writable);
    const worker = new NodeWorker(await AgentWorker.start(started.agent, spec, this.timeScale), () => {
      this.#workers.delete(worker);
      if (writable.length > 0 && --started.workers === 0) this.#retire(key, started);
    });
    if (writable.length > 0) started.workers++;
    this.#workers.add(worker);
    return worker;
  }

  /** The writable mounts a worker writes to: those that hold its output folders. */
  #writableFor(spec: WorkerSpec): string[] {
    const paths = [...Object.values(spec.outputs ?? {}), ...(spec.mountedOutputs ?? [])];
    return [...this.#writableDirs].filter((dir) => paths.some((p) => p === dir || p.startsWith(`${dir}/`))).sort();
  }

  #key(node: NodeSpec, writable: readonly string[]): string {
    return `${node.ip}|${imageFor(node.image, this.#image)}|${Math.floor(node.memoryMb / MEMORY_DIVISOR)}|${writable.join(',')}`;
  }

  /**
   * The node's container, started on first use. The node's shared container (no writable mount)
   * lives as long as the runtime; a step's own container until the step's last worker stops.
   */
  #node(key: string, node: NodeSpec, writable: readonly string[]): Promise<Node> {
    let started = this.#nodes.get(key);
    if (!started) {
      started = this.#start(node.ip, imageFor(node.image, this.#image), Math.floor(node.memoryMb / MEMORY_DIVISOR), writable);
      this.#nodes.set(key, started);
      // A node that failed to start is tried again by the next worker.
      started.catch(() => this.#nodes.delete(key));
    }
    return started;
  }

  async #start(ip: string, image: string, memoryMb: number, writable: readonly string[]): Promise<Node> {
    const root = await this.#mounts.dir();
    const socketDir = await mkdtemp(join(tmpdir(), 'azureml-sim-sock-'));
    await chmod(socketDir, 0o777);
    const container = await new RuntimeContainer(image)
      .forNode(ip, { root, writable, socketDir, memoryMb, pidsLimit: this.#pidsLimit })
      .startNode(this.startupTimeoutMs);
    live.add(container);
    return { container, agent: new AgentClient({ socketPath: join(socketDir, 'agent.sock') }), workers: 0 };
  }

  /** Stops a step's container once its last worker stopped, without making anyone wait for it. */
  #retire(key: string, node: Node): void {
    this.#nodes.delete(key);
    live.delete(node.container);
    const stopping = node.container.stopAndClean().catch(() => undefined);
    this.#stopping.add(stopping);
    void stopping.then(() => this.#stopping.delete(stopping));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.stop()));
    const nodes = await Promise.allSettled([...this.#nodes.values()]);
    this.#nodes.clear();
    await Promise.all(
      nodes.map(async (n) => {
        if (n.status !== 'fulfilled') return;
        live.delete(n.value.container);
        await n.value.container.stopAndClean();
      }),
    );
    await Promise.all(this.#stopping);
    await this.#mounts.remove();
    await this.#writable.remove();
  }
}

/** A worker of a node: tells its runtime when it is stopped (once). */
class NodeWorker implements Worker {
  #stopped = false;
  /** The agent's own, when it queues run calls. */
  readonly runAfter?: Worker['runAfter'];

  constructor(
    private readonly inner: AgentWorker,
    private readonly onStop: () => void,
  ) {
    if (inner.runAfter) this.runAfter = (miniBatch, timeoutMs, after) => inner.runAfter!(miniBatch, timeoutMs, after);
  }

  get pid(): number {
    return this.inner.pid;
  }

  init(): ReturnType<Worker['init']> {
    return this.inner.init();
  }

  run(miniBatch: readonly string[], timeoutMs: number): ReturnType<Worker['run']> {
    return this.inner.run(miniBatch, timeoutMs);
  }

  score(body: string, timeoutMs: number): ReturnType<Worker['score']> {
    return this.inner.score(body, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    if (this.#stopped) return;
    this.#stopped = true;
    this.onStop();
  }
}

/** Azure's curated images are not reachable here; the runtime image stands in for them. */
export function imageFor(environmentImage: string, runtimeImage = RUNTIME_IMAGE): string {
  return environmentImage.startsWith('mcr.microsoft.com/azureml/') ? runtimeImage : environmentImage;
}
