/**
 * One simulated compute node as a container, in the testcontainers builder style: the builder
 * says what the node is, start gives a started node, which stops into nothing. No network: the
 * agent is reached through a unix socket in a bind-mounted folder.
 *
 * The container is a sandbox for the entry scripts it runs (README, "The container sandbox"):
 * - no network at all (`--network none`): only its own loopback;
 * - an unprivileged user (1000:1000), every capability dropped, no-new-privileges;
 * - a read-only root file system; /tmp is a small private tmpfs (noexec);
 * - job files read-only; the only writable bind mounts are the folders a step writes its
 *   outputs to, and only in the container of that step;
 * - memory and process (pids) limits, so a script that exhausts either is stopped by the kernel;
 * - an init (docker-init) as pid 1 that reaps orphans, and the agent ends whatever a dead
 *   worker left running (AGENT_END_ORPHANS);
 * - once the agent listens, the socket folder and the socket belong to root (the engine side),
 *   so a script can neither replace the socket nor talk to the agent through it.
 */
// Set before testcontainers loads: its reaper image cannot be pulled here, and there is no bridge
// network to find a gateway on.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { chmod, chown, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostConfig } from 'dockerode';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

/** The user entry scripts (and the agent) run as: the image's own, enforced for any image. */
export const SANDBOX_USER = '1000:1000';
/** Size of the private /tmp (a tmpfs, charged to the node's memory). */
export const TMP_SIZE_MB = 64;

/**
 * Tasks (processes and threads) a node may hold: room for the agent and 8 worker processes of
 * about 12 tasks each, plus one onnxruntime thread per core each, and never less than 128.
 * A fork bomb is stopped there: on this machine (2 cores) at about 20 idle node processes.
 */
export function defaultPidsLimit(cores = availableParallelism()): number {
  return Math.max(128, 8 * (12 + cores));
}

export interface NodeOptions {
  /** The read-only root: code, models and job inputs, mounted at the same path. */
  root: string;
  /** Folders the node's workers may write (a step's output folders), mounted read-write. */
  writable?: readonly string[];
  /** A whole writable root, mounted read-write (conformance targets); prefer `writable`. */
  writableRoot?: string;
  socketDir: string;
  memoryMb: number;
  /** Tasks the node may hold (default: defaultPidsLimit()). */
  pidsLimit?: number;
}

export class RuntimeContainer extends GenericContainer {
  #socketDir = '';

  forNode(ip: string, options: NodeOptions): this {
    this.#socketDir = options.socketDir;
    // The memory limit is real: swap is capped at the same figure, so going over it kills.
    this.hostConfig.Memory = options.memoryMb * 1024 * 1024;
    this.hostConfig.MemorySwap = options.memoryMb * 1024 * 1024;
    this.hostConfig.PidsLimit = options.pidsLimit ?? defaultPidsLimit();
    this.hostConfig.ReadonlyRootfs = true;
    // docker-init (tini) as pid 1 reaps every orphan, so ended processes free their pids.
    this.hostConfig.Init = true;
    const writable = [...(options.writable ?? []), ...(options.writableRoot ? [options.writableRoot] : [])];
    return this.withNetworkMode('none')
      .withUser(SANDBOX_USER)
      .withDroppedCapabilities('ALL')
      .withSecurityOpt('no-new-privileges:true')
      .withTmpFs({ '/tmp': `rw,nosuid,nodev,noexec,size=${TMP_SIZE_MB}m,mode=1777` })
      .withLabels({ 'azureml-sim.node': ip })
      .withBindMounts([
        { source: options.root, target: options.root, mode: 'ro' },
        ...writable.map((dir) => ({ source: dir, target: dir, mode: 'rw' as const })),
        { source: options.socketDir, target: '/sock', mode: 'rw' },
      ])
      .withEnvironment({ AGENT_SOCKET: '/sock/agent.sock', AGENT_END_ORPHANS: '1', ORT_DISABLE_TELEMETRY: '1' })
      .withWaitStrategy(Wait.forLogMessage('agent listening'));
  }

  /** What the container is created with (for tests and reports): docker's own field names. */
  get sandbox(): { User?: string; NetworkMode?: string; HostConfig: HostConfig } {
    return { User: this.createOpts.User, NetworkMode: this.networkMode, HostConfig: structuredClone(this.hostConfig) };
  }

  async startNode(startupTimeoutMs: number): Promise<StartedRuntimeContainer> {
    this.withStartupTimeout(startupTimeoutMs);
    const started = await this.start();
    await sealSocket(this.#socketDir);
    return new StartedRuntimeContainer(started, this.#socketDir);
  }
}

/**
 * Once the agent listens, its socket folder and socket become root's: scripts (the same user as
 * the agent) can then neither remove or replace the socket nor connect to it. Root (the engine
 * side here) still connects. Without root on this side, the folder is only made read-only.
 */
async function sealSocket(socketDir: string): Promise<void> {
  const socket = join(socketDir, 'agent.sock');
  if (process.getuid?.() === 0) {
    // A runtime image that listens elsewhere has no socket here to seal.
    await chown(socket, 0, 0).catch(ignoreMissing);
    await chmod(socket, 0o600).catch(ignoreMissing);
    await chown(socketDir, 0, 0);
  }
  await chmod(socketDir, 0o755);
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

export class StartedRuntimeContainer {
  constructor(
    private readonly started: StartedTestContainer,
    private readonly socketDir: string,
  ) {}

  get id(): string {
    return this.started.getId();
  }

  async stopAndClean(): Promise<void> {
    await this.started.stop({ timeout: 0, remove: true });
    await rm(this.socketDir, { recursive: true, force: true });
  }

  /** For process exit, where nothing asynchronous runs any more. */
  killNow(): void {
    try {
      execFileSync('docker', ['rm', '-f', this.id], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
