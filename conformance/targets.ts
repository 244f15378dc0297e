/**
 * Runtimes under test, by how they are reached:
 * - in-process: our runtime server hosted in this process, one per fixture, on 127.0.0.1;
 * - image: a runtime image started per fixture with testcontainers (no network; the agent
 *   contract: it listens on /sock/agent.sock), fixtures mounted read-only at their paths;
 * - url: runtimes somebody else started, one URL per fixture.
 * For the batch profile the simulator's jobs drive the runtime: in-process worker threads, the
 * container runtime with the image, or the external runtime at the URL.
 */
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent } from '../runtime/server/agent-server.ts';
import { RuntimeContainer } from '../runtime/container/container.ts';
import { FIXTURES, fixturesOf, MAIN_FIXTURE, type Profile } from './fixtures.ts';

export type Target = { kind: 'in-process' } | { kind: 'image'; image: string } | { kind: 'url'; urls: Record<string, string> };

export interface StartedTarget {
  /** Fixture name -> address (http://127.0.0.1:<port> or unix:<socket>). */
  addresses: Record<string, string>;
  /** How the batch profile's jobs reach the runtime (SIM_RUNTIME and friends). */
  batchEnv: Record<string, string>;
  stop(): Promise<void>;
}

export function targetName(target: Target): string {
  return target.kind === 'image' ? `image-${target.image.replace(/[^A-Za-z0-9._-]/g, '_')}` : target.kind;
}

export async function startTarget(target: Target, profile: Profile): Promise<StartedTarget> {
  const fixtures = fixturesOf(profile);
  if (target.kind === 'url') {
    const addresses: Record<string, string> = {};
    for (const [fixture, url] of Object.entries(target.urls)) {
      const name = fixture === '' ? MAIN_FIXTURE[profile] : fixture;
      if (fixtures.includes(name)) addresses[name] = url;
    }
    const batch = addresses.batch;
    return { addresses, batchEnv: batch ? { SIM_RUNTIME: 'external', SIM_RUNTIME_URL: batch } : {}, stop: async () => undefined };
  }
  if (profile === 'azureml-batch') {
    const batchEnv: Record<string, string> = target.kind === 'image' ? { SIM_RUNTIME: 'container', SIM_RUNTIME_IMAGE: target.image } : { SIM_RUNTIME: 'in-process' };
    return { addresses: { batch: 'simulator' }, batchEnv, stop: async () => undefined };
  }
  const started = await Promise.all(fixtures.map((f) => (target.kind === 'image' ? startContainer(target.image, f) : startInProcess(f))));
  return {
    addresses: Object.fromEntries(started.map((s, i) => [fixtures[i], s.address])),
    batchEnv: {},
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}

async function startInProcess(fixture: string): Promise<{ address: string; stop: () => Promise<void> }> {
  const agent = new Agent({ ...process.env, ...FIXTURES[fixture].env, AGENT_PORT: '0' });
  const where = await agent.start();
  return { address: `http://${where}`, stop: () => agent.close() };
}

async function startContainer(image: string, fixture: string): Promise<{ address: string; stop: () => Promise<void> }> {
  const socketDir = await mkdtemp(join(tmpdir(), 'conformance-sock-'));
  const writableRoot = await mkdtemp(join(tmpdir(), 'conformance-rw-'));
  await Promise.all([chmod(socketDir, 0o777), chmod(writableRoot, 0o777)]);
  const container = await new RuntimeContainer(image)
    .forNode('10.0.0.4', { root: resolve('fixtures'), writableRoot, socketDir, memoryMb: 2048 })
    .withEnvironment({ ...FIXTURES[fixture].env, AGENT_SOCKET: '/sock/agent.sock', ORT_DISABLE_TELEMETRY: '1' })
    .startNode(60_000);
  return {
    address: `unix:${join(socketDir, 'agent.sock')}`,
    stop: async () => {
      await container.stopAndClean();
      await rm(writableRoot, { recursive: true, force: true });
    },
  };
}
