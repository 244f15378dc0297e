/** A runtime that answers outside the contract is caught by the client, as its own failure. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AgentClient } from './agent-client.ts';

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
