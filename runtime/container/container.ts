/**
 * One simulated compute node as a container, in the testcontainers builder style: the builder
 * says what the node is, start gives a started node, which stops into nothing. No network: the
 * agent is reached through a unix socket in a bind-mounted folder.
 */
// Set before testcontainers loads: its reaper image cannot be pulled here, and there is no bridge
// network to find a gateway on.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

export class RuntimeContainer extends GenericContainer {
  #socketDir = '';

  forNode(ip: string, options: { root: string; writableRoot: string; socketDir: string; memoryMb: number }): this {
    this.#socketDir = options.socketDir;
    // The memory limit is real: swap is capped at the same figure, so going over it kills.
    this.hostConfig.Memory = options.memoryMb * 1024 * 1024;
    this.hostConfig.MemorySwap = options.memoryMb * 1024 * 1024;
    return this.withNetworkMode('none')
      .withLabels({ 'azureml-sim.node': ip })
      .withBindMounts([
        { source: options.root, target: options.root, mode: 'ro' },
        { source: options.writableRoot, target: options.writableRoot, mode: 'rw' },
        { source: options.socketDir, target: '/sock', mode: 'rw' },
      ])
      .withEnvironment({ AGENT_SOCKET: '/sock/agent.sock', ORT_DISABLE_TELEMETRY: '1' })
      .withWaitStrategy(Wait.forLogMessage('agent listening'));
  }

  async startNode(startupTimeoutMs: number): Promise<StartedRuntimeContainer> {
    this.withStartupTimeout(startupTimeoutMs);
    return new StartedRuntimeContainer(await this.start(), this.#socketDir);
  }
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
