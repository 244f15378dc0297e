/**
 * The external Runtime: any runtime server reachable by URL that speaks the runtime contract
 * (specs/runtime/openapi.yaml), a third party's included. Its worker processes are driven through
 * the batch routes; job files are laid out on this machine, at paths the runtime must see (it runs
 * on the same machine, or mounts them at the same paths).
 */
import '../telemetry-off.ts';
import { AgentClient, AgentWorker, type AgentAddress } from '../container/agent-client.ts';
import { MountRoot } from '../mounts.ts';
import { DEFAULT_TIME_SCALE, type FileTree, type Mount, type MountOptions, type Runtime, type Worker, type WorkerSpec } from '../runtime.ts';

/** http://127.0.0.1:<port> or unix:<socket path>; loopback only. */
export function parseAddress(url: string): AgentAddress {
  if (url.startsWith('unix:')) return { socketPath: url.slice('unix:'.length) };
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1' || !parsed.port) {
    throw new Error(`a runtime URL is http://127.0.0.1:<port> or unix:<socket path>, not '${url}'`);
  }
  return { host: '127.0.0.1', port: Number(parsed.port) };
}

export class ExternalRuntime implements Runtime {
  readonly name = 'external';
  readonly timeScale: number;
  readonly #agent: AgentClient;
  readonly #mounts = new MountRoot();
  readonly #writable = new MountRoot();
  readonly #workers = new Set<Worker>();

  constructor(url: string, options: { timeScale?: number } = {}) {
    this.#agent = new AgentClient(parseAddress(url));
    this.timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  }

  mount(label: string, files: FileTree, options: MountOptions = {}): Promise<Mount> {
    return (options.writable ? this.#writable : this.#mounts).mount(label, files, options);
  }

  async startWorker(spec: WorkerSpec): Promise<Worker> {
    const worker = await AgentWorker.start(this.#agent, spec, this.timeScale);
    this.#workers.add(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.stop()));
    await this.#mounts.remove();
    await this.#writable.remove();
  }
}
