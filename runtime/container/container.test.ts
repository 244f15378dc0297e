/** The sandbox every node container is created with (no engine needed: the create options). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentClient, AgentWorker } from './agent-client.ts';
import { defaultPidsLimit, RuntimeContainer, SANDBOX_USER } from './container.ts';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const node = { root: '/dev/shm/azureml-sim-ro', socketDir: '/tmp/azureml-sim-sock-1', memoryMb: 896 };

test('a node is unprivileged, read-only, without network, with memory and pids limits, and an init', () => {
  const { User, NetworkMode, HostConfig } = new RuntimeContainer('azureml-sim-runtime:x').forNode('10.0.0.4', { ...node, pidsLimit: 100 }).sandbox;
  assert.equal(User, '1000:1000');
  assert.equal(SANDBOX_USER, '1000:1000');
  assert.equal(NetworkMode, 'none');
  assert.equal(HostConfig.ReadonlyRootfs, true);
  assert.deepEqual(HostConfig.CapDrop, ['ALL']);
  assert.equal(HostConfig.CapAdd, undefined);
  assert.equal(HostConfig.Privileged, undefined);
  assert.deepEqual(HostConfig.SecurityOpt, ['no-new-privileges:true']);
  assert.equal(HostConfig.PidsLimit, 100);
  assert.equal(HostConfig.Memory, 896 * 1024 * 1024);
  assert.equal(HostConfig.MemorySwap, HostConfig.Memory, 'no swap beyond the memory limit');
  assert.equal(HostConfig.Init, true);
  assert.deepEqual(HostConfig.Tmpfs, { '/tmp': 'rw,nosuid,nodev,noexec,size=64m,mode=1777' });
});

test('job files are read-only; only the folders given as writable are read-write', () => {
  const sealed = new RuntimeContainer('img').forNode('10.0.0.4', node).sandbox.HostConfig;
  assert.deepEqual(sealed.Binds, ['/dev/shm/azureml-sim-ro:/dev/shm/azureml-sim-ro:ro', '/tmp/azureml-sim-sock-1:/sock:rw']);
  const step = new RuntimeContainer('img').forNode('10.0.0.4', { ...node, writable: ['/dev/shm/azureml-sim-rw/out-a-1'] }).sandbox.HostConfig;
  assert.deepEqual(step.Binds, [
    '/dev/shm/azureml-sim-ro:/dev/shm/azureml-sim-ro:ro',
    '/dev/shm/azureml-sim-rw/out-a-1:/dev/shm/azureml-sim-rw/out-a-1:rw',
    '/tmp/azureml-sim-sock-1:/sock:rw',
  ]);
});

test('the default pids limit leaves room for 8 workers and a thread per core each, never under 128', () => {
  assert.equal(defaultPidsLimit(2), 128);
  assert.equal(defaultPidsLimit(16), 224);
  assert.equal(defaultPidsLimit(64), 608);
  assert.ok(new RuntimeContainer('img').forNode('10.0.0.4', node).sandbox.HostConfig.PidsLimit! >= 128);
});

test('a node that cannot start a process (503) fails the worker start with the reason, not as a contract violation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'client-test-'));
  const socketPath = join(dir, 'full.sock');
  const message = 'The worker process could not be started: spawn /usr/local/bin/node EAGAIN';
  const server = createServer((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message })));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    const spec = { nodeIp: '10.0.0.4', processName: 'process000', codeDir: '/code', scoringScript: 'score.mjs', modelDir: '/model', packages: [], args: [], loggingLevel: 'INFO' as const, env: {} };
    await assert.rejects(AgentWorker.start(new AgentClient({ socketPath }), spec, 100), (e: Error) => e.name === 'WorkerNotStarted' && e.message === message);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
