/**
 * The runtime server on the host (the same code the container runs): every route answers as
 * specs/runtime/openapi.yaml says, checked with the contract checker.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkResponse } from '../../specs/runtime-contract.ts';
import { AgentClient } from '../container/agent-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'agent-test-'));
const socketPath = join(dir, 'agent.sock');
let agent: ChildProcess;
const client = new AgentClient({ socketPath });

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

before(async () => {
  agent = spawn(process.execPath, ['--import', 'tsx', 'runtime/server/agent.ts'], {
    env: {
      ...process.env,
      AGENT_SOCKET: socketPath,
      AZUREML_ENTRY_SCRIPT: join(process.cwd(), 'fixtures/scripts/echo_score.mjs'),
      AZUREML_PACKAGES: 'azureml-core',
      SCORING_TIMEOUT_MS: '2000',
    },
    stdio: 'ignore',
  });
  await until(async () => existsSync(socketPath) && (await client.raw('GET', '/ready')).status === 200);
});

after(() => {
  agent.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function conforms(method: string, path: string, response: Awaited<ReturnType<AgentClient['raw']>>, headers?: Record<string, string>) {
  assert.deepEqual(checkResponse(method, path, response.status, response.headers, response.body, headers ? { headers } : undefined), []);
}

test('GET / answers Healthy; GET /ready is ready after init()', async () => {
  const live = await client.raw('GET', '/');
  assert.equal(live.body, 'Healthy');
  conforms('GET', '/', live);
  const ready = await client.raw('GET', '/ready');
  assert.deepEqual(ready.body, { ready: true });
  conforms('GET', '/ready', ready);
});

test('POST /score returns what run() returned and echoes x-ms-request-id', async () => {
  const sent = { 'x-ms-request-id': 'req-42' };
  const scored = await client.raw('POST', '/score', { x: 1 }, sent);
  assert.equal(scored.status, 200);
  assert.deepEqual(scored.body, { echo: { x: 1 } });
  assert.equal(scored.headers['x-ms-request-id'], 'req-42');
  conforms('POST', '/score', scored, sent);
});

test('run() raising gives 500 {"message"} with x-ms-run-function-failed: True', async () => {
  const failed = await client.raw('POST', '/score', { fail: true });
  assert.equal(failed.status, 500);
  assert.equal(failed.headers['x-ms-run-function-failed'], 'True');
  assert.match((failed.body as { message: string }).message, /run\(\) failed on purpose/);
  conforms('POST', '/score', failed);
});

test('run() past the scoring timeout gives 500 "Scoring timeout after N ms", then the server recovers', async () => {
  const slow = await client.raw('POST', '/score', { sleep: 5 });
  assert.equal(slow.status, 500);
  assert.deepEqual(slow.body, { message: 'Scoring timeout after 2000 ms' });
  conforms('POST', '/score', slow);
  await until(async () => (await client.raw('GET', '/ready')).status === 200);
  assert.equal((await client.raw('POST', '/score', { y: 2 })).status, 200);
});

test('GET /swagger.json is an OpenAPI document', async () => {
  const swagger = await client.raw('GET', '/swagger.json');
  conforms('GET', '/swagger.json', swagger);
});

test('worker routes: create, init, run with per-item failures, delete, then 404', async () => {
  const spec = {
    nodeIp: '10.0.0.4',
    processName: 'process000',
    codeDir: join(process.cwd(), 'fixtures/scripts'),
    scoringScript: 'partial.mjs',
    modelDir: dir,
    packages: ['azureml-core'],
    args: [],
    loggingLevel: 'INFO',
    env: {},
  };
  const created = await client.call('POST', '/workers', { spec, timeScale: 100 });
  const { id } = created.body as { id: string };
  assert.equal(created.headers['x-runtime-queues'], 'true');
  assert.equal((await client.call('POST', `/workers/${id}/init`)).body && 'ok', 'ok');
  const run = await client.call('POST', `/workers/${id}/run`, { miniBatch: ['/in/digit-000-0.png', '/in/digit-003-3.png'], timeoutMs: 30_000 });
  assert.deepEqual((run.body as { results: unknown[]; failed: number }).failed, 1);
  // Queued behind a call with a failed item: skipped; behind a full one: run at once. Sent last
  // first, they are still taken in seq order.
  const pair = async (seq: number, first: string[], second: string[], after: number) => {
    const two = client.call('POST', `/workers/${id}/run`, { miniBatch: second, timeoutMs: 30_000, after, seq: seq + 1 });
    const one = client.call('POST', `/workers/${id}/run`, { miniBatch: first, timeoutMs: 30_000, seq });
    return [(await one).body, (await two).body] as const;
  };
  const [partial, skipped] = await pair(0, ['/in/digit-000-0.png', '/in/digit-003-3.png'], ['/in/digit-001-1.png'], 2);
  assert.equal((partial as { failed: number }).failed, 1);
  assert.deepEqual(skipped, { status: 'skipped' });
  const [, queued] = await pair(2, ['/in/digit-000-0.png'], ['/in/digit-001-1.png'], 1);
  assert.deepEqual((queued as { results: unknown[] }).results, [{ file: 'digit-001-1.png', prediction: 1 }]);
  assert.equal((await client.call('DELETE', `/workers/${id}`)).status, 204);
  const gone = await client.raw('POST', `/workers/${id}/init`);
  assert.equal(gone.status, 404);
  conforms('POST', `/workers/${id}/init`, gone);
});

test('a bad request body is a 400 with a message', async () => {
  const bad = await client.raw('POST', '/workers', { spec: 'nope' });
  assert.equal(bad.status, 400);
  conforms('POST', '/workers', bad);
});
