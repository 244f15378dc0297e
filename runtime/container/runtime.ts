/**
 * The container Runtime: one container per simulated compute node, started with testcontainers
 * from the image `npm run runtime:image` builds, with no network at all. The runtime server in it
 * (runtime/server/agent.ts) listens on a unix socket in a bind-mounted folder and runs the node's
 * worker processes as real processes, so exits, signals and memory limits are real. Job files
 * are bind-mounted read-only at the same path as on the host. Every container is stopped when the
 * runtime closes, and when the process exits.
 */
import '../telemetry-off.ts';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MountRoot } from '../mounts.ts';
import { DEFAULT_TIME_SCALE, type FileTree, type Mount, type NodeSpec, type Runtime, type Worker, type WorkerSpec } from '../runtime.ts';
import { AgentClient, AgentWorker } from './agent-client.ts';
import { RuntimeContainer, type StartedRuntimeContainer } from './container.ts';

export const RUNTIME_IMAGE = 'azureml-sim-runtime:latest';

/** Containers get the memory of their VM size divided by this, so memory limits are reachable on one machine. */
export const MEMORY_DIVISOR = 16;

export interface ContainerRuntimeOptions {
  timeScale?: number;
  /** The image that stands for Azure's curated ones (default: the runtime image): another runtime's, to check it. */
  image?: string;
  /** How long a container may take to serve its agent (real milliseconds). */
  startupTimeoutMs?: number;
}

interface Node {
  container: StartedRuntimeContainer;
  agent: AgentClient;
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
  #nodes = new Map<string, Promise<Node>>();
  #workers = new Set<Worker>();
  readonly #image: string;

  constructor(options: ContainerRuntimeOptions = {}) {
    this.timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
    this.#image = options.image ?? RUNTIME_IMAGE;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
  }

  mount(label: string, files: FileTree, options: { writable?: boolean } = {}): Promise<Mount> {
    return (options.writable ? this.#writable : this.#mounts).mount(label, files, options);
  }

  async startWorker(spec: WorkerSpec, node: NodeSpec): Promise<Worker> {
    const { agent } = await this.#node(node);
    const worker = await AgentWorker.start(agent, spec, this.timeScale);
    this.#workers.add(worker);
    return worker;
  }

  /** The node's container, started on first use; a node keeps its container for the runtime's life. */
  #node(node: NodeSpec): Promise<Node> {
    const image = imageFor(node.image, this.#image);
    const memoryMb = Math.floor(node.memoryMb / MEMORY_DIVISOR);
    const key = `${node.ip}|${image}|${memoryMb}`;
    let started = this.#nodes.get(key);
    if (!started) {
      started = this.#start(node.ip, image, memoryMb);
      this.#nodes.set(key, started);
      // A node that failed to start is tried again by the next worker.
      started.catch(() => this.#nodes.delete(key));
    }
    return started;
  }

  async #start(ip: string, image: string, memoryMb: number): Promise<Node> {
    const root = await this.#mounts.dir();
    const writableRoot = await this.#writable.dir();
    const socketDir = await mkdtemp(join(tmpdir(), 'azureml-sim-sock-'));
    await chmod(socketDir, 0o777);
    const container = await new RuntimeContainer(image).forNode(ip, { root, writableRoot, socketDir, memoryMb }).startNode(this.startupTimeoutMs);
    live.add(container);
    return { container, agent: new AgentClient({ socketPath: join(socketDir, 'agent.sock') }) };
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
    await this.#mounts.remove();
    await this.#writable.remove();
  }
}

/** Azure's curated images are not reachable here; the runtime image stands in for them. */
export function imageFor(environmentImage: string, runtimeImage = RUNTIME_IMAGE): string {
  return environmentImage.startsWith('mcr.microsoft.com/azureml/') ? runtimeImage : environmentImage;
}
