/** A runtime that answers outside the contract is caught by the client, as its own failure. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AgentClient, AgentWorker } from './agent-client.ts';

test('a liveness answer other than Healthy and a run outcome without its fields are contract violations', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'client-test-'));
  const socketPath = join(dir, 'bad.sock');
  const server = createServer((req, res) => {
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    const client = new AgentClient({ socketPath });
    await assert.rejects(client.call('GET', '/'), (e: Error) => e.name === 'ContractViolation' && /GET \/ -> 200/.test(e.message));
    await assert.rejects(client.call('POST', '/workers/w1/run', { miniBatch: ['/a'], timeoutMs: 1000 }), (e: Error) => {
      assert.equal(e.name, 'ContractViolation');
      assert.match(e.message, /POST \/workers\/\{id\}\/run -> 200/);
      return true;
    });
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run calls are queued and numbered only for a runtime that said it queues them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'client-test-'));
  const socketPath = join(dir, 'agent.sock');
  let queues = false;
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = { 'content-type': 'application/json' };
      if (req.url === '/workers') return res.writeHead(201, { ...json, ...(queues ? { 'x-runtime-queues': 'true' } : {}) }).end(JSON.stringify({ id: 'w1', pid: 7 }));
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, json).end(JSON.stringify({ status: 'ok', results: [], failed: 1, elapsedMs: 1, stdout: '', stderr: '' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    const client = new AgentClient({ socketPath });
    const spec = { nodeIp: '10.0.0.4', processName: 'process000', codeDir: '/code', scoringScript: 's.mjs', modelDir: '/model', packages: [], args: [], loggingLevel: 'INFO' as const, env: {} };
    const plain = await AgentWorker.start(client, spec, 100);
    assert.equal(plain.runAfter, undefined);
    await plain.run(['/in/a.png'], 1000);
    queues = true;
    const queueing = await AgentWorker.start(client, spec, 100);
    await queueing.run(['/in/a.png'], 1000);
    await queueing.runAfter!(['/in/b.png'], 1000, 1);
    assert.deepEqual(bodies, [
      { miniBatch: ['/in/a.png'], timeoutMs: 1000 },
      { miniBatch: ['/in/a.png'], timeoutMs: 1000, seq: 0 },
      { miniBatch: ['/in/b.png'], timeoutMs: 1000, after: 1, seq: 1 },
    ]);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
