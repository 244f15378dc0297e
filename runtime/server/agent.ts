/**
 * The runtime server ("agent"): one per simulated compute node (one container). It hosts the
 * node's worker processes for batch jobs and, when started with an entry script, serves it online
 * with the Azure ML inference server's routes. The routes and bodies are specs/runtime/openapi.yaml.
 *
 * Configuration (environment):
 *   AGENT_SOCKET           unix socket to listen on (default /sock/agent.sock), or
 *   AGENT_PORT             TCP port on 127.0.0.1 instead
 *   AGENT_WORKER           the worker host module (default: the bundled worker.mjs beside this file)
 *   AZUREML_ENTRY_SCRIPT   online scoring: the entry script served by /score (optional)
 *   AZUREML_MODEL_DIR, AZUREML_PACKAGES (comma separated), AZUREML_LOGGING_LEVEL,
 *   SCORING_TIMEOUT_MS     online scoring settings (timeout default 60000)
 */
import '../telemetry-off.ts';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostChannel } from '../host/channel.ts';
import type { LoggingLevel } from '../contract.ts';
import type { WorkerSpec } from '../runtime.ts';
import { processTransport, type HostModule } from './process-transport.ts';

const here = dirname(fileURLToPath(import.meta.url));
const host: HostModule = process.env.AGENT_WORKER
  ? { path: process.env.AGENT_WORKER, execArgv: [] }
  : existsSync(join(here, 'worker.mjs'))
    ? { path: join(here, 'worker.mjs'), execArgv: [] }
    : { path: join(here, '../host/worker-entry.mjs'), execArgv: [] };

/** A batch worker: its channel, and where it stands in the order of its run calls (seq). */
interface Hosted {
  channel: HostChannel;
  size: number;
  /** The seq of the run call to take next; a call that arrives before its turn waits in early. */
  next: number;
  early: Map<number, () => void>;
}
const workers = new Map<string, Hosted>();

/** Run calls travel on separate connections: each waits for its turn, so the worker runs them in the order they were sent. */
async function turnOf(worker: Hosted, seq: number | undefined): Promise<void> {
  if (seq === undefined || seq <= worker.next) return;
  await new Promise<void>((resolve) => worker.early.set(seq, resolve));
}

function taken(worker: Hosted, seq: number | undefined): void {
  if (seq === undefined) return;
  worker.next = seq + 1;
  worker.early.get(worker.next)?.();
  worker.early.delete(worker.next);
}

// Online scoring: one worker started with the server; ready once its init() succeeded.
let scoring: { channel: HostChannel; ready: boolean; message: string } | undefined;
const scoringTimeoutMs = Number(process.env.SCORING_TIMEOUT_MS ?? 60_000);

async function startScoring(): Promise<void> {
  const script = process.env.AZUREML_ENTRY_SCRIPT;
  if (!script) return;
  const spec: WorkerSpec = {
    nodeIp: '127.0.0.1',
    processName: 'process000',
    codeDir: dirname(script),
    scoringScript: basename(script),
    modelDir: process.env.AZUREML_MODEL_DIR ?? '/var/azureml-app/azureml-models',
    packages: (process.env.AZUREML_PACKAGES ?? 'azureml-core,onnxruntime,pngjs').split(',').map((p) => p.trim()).filter(Boolean),
    args: [],
    loggingLevel: (process.env.AZUREML_LOGGING_LEVEL ?? 'INFO') as LoggingLevel,
    env: {},
  };
  const channel = new HostChannel(processTransport(host, 'scoring'), spec, 1);
  scoring = { channel, ready: false, message: 'init() has not finished' };
  const outcome = await channel.init();
  if (outcome.status === 'ok') scoring.ready = true;
  else scoring.message = `init() failed: ${outcome.error.type}: ${outcome.error.message}`;
  process.stdout.write(outcome.stdout);
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(status, { 'content-type': type, ...headers }).end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'the body must be a JSON object' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `the body is not JSON: ${(error as Error).message}` };
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://agent');
  const route = `${req.method} ${url.pathname}`;
  const requestId = String(req.headers['x-ms-request-id'] ?? randomUUID());

  if (route === 'GET /') return send(res, 200, 'Healthy');
  if (route === 'GET /ready') {
    const ready = scoring ? scoring.ready : true;
    return ready ? send(res, 200, { ready: true }) : send(res, 503, { ready: false, message: scoring!.message });
  }
  if (route === 'GET /swagger.json') return send(res, 200, swagger());
  if (route === 'POST /score') {
    const headers = { 'x-ms-request-id': requestId };
    if (!scoring?.ready) return send(res, 503, { message: scoring ? scoring.message : 'No entry script is served here.' }, headers);
    const outcome = await scoring.channel.score(await readBody(req), scoringTimeoutMs);
    // Whatever run() returned is JSON, a string included.
    if (outcome.status === 'ok') return send(res, 200, JSON.stringify(outcome.value ?? null), { ...headers, 'content-type': 'application/json' });
    if (outcome.status === 'timeout' || outcome.status === 'crashed') {
      scoring.ready = false;
      scoring.message = 'the worker was restarted after a scoring timeout';
      void startScoring();
      // run() did not return in time (or its process died): a run() failure too.
      const message = outcome.status === 'timeout' ? `Scoring timeout after ${scoringTimeoutMs} ms` : outcome.error.message;
      return send(res, 500, { message }, { ...headers, 'x-ms-run-function-failed': 'True' });
    }
    return send(res, 500, { message: `${outcome.error.type}: ${outcome.error.message}` }, { ...headers, 'x-ms-run-function-failed': 'True' });
  }

  if (route === 'POST /workers') {
    const body = parseJson(await readBody(req));
    if (!body.ok) return send(res, 400, { message: body.message });
    const { spec, timeScale } = body.value as { spec?: WorkerSpec; timeScale?: number };
    if (!spec || typeof spec.processName !== 'string' || !(typeof timeScale === 'number' && timeScale > 0)) {
      return send(res, 400, { message: 'expected {"spec": WorkerSpec, "timeScale": number > 0}' });
    }
    const id = randomUUID();
    const channel = new HostChannel(processTransport(host, spec.processName), spec, timeScale, () => {});
    workers.set(id, { channel, size: 0, next: 0, early: new Map() });
    return send(res, 201, { id, pid: channel.pid }, { 'x-runtime-queues': 'true' });
  }
  const match = /^\/workers\/([^/]+)(\/init|\/run|\/score)?$/.exec(url.pathname);
  if (match) {
    const worker = workers.get(match[1]);
    if (!worker) return send(res, 404, { message: `no worker ${match[1]}` });
    if (req.method === 'POST' && match[2] === '/init') return send(res, 200, await worker.channel.init());
    if (req.method === 'POST' && match[2] === '/run') {
      const body = parseJson(await readBody(req));
      if (!body.ok) return send(res, 400, { message: body.message });
      const { miniBatch, timeoutMs, after, seq } = body.value as { miniBatch?: unknown; timeoutMs?: unknown; after?: unknown; seq?: unknown };
      const paths = Array.isArray(miniBatch) && miniBatch.every((m) => typeof m === 'string');
      const count = (n: unknown) => n === undefined || (Number.isInteger(n) && (n as number) >= 0);
      if (!paths || !(typeof timeoutMs === 'number' && timeoutMs > 0) || !count(after) || !count(seq)) {
        return send(res, 400, { message: 'expected {"miniBatch": string[], "timeoutMs": number > 0, "after"?: integer >= 0, "seq"?: integer >= 0}' });
      }
      await turnOf(worker, seq as number | undefined);
      const call = after === undefined ? worker.channel.run(miniBatch as string[], timeoutMs) : worker.channel.runAfter(miniBatch as string[], timeoutMs, after as number);
      taken(worker, seq as number | undefined);
      const outcome = await call;
      if (!outcome) return send(res, 200, { status: 'skipped' });
      if (outcome.status !== 'ok') return send(res, 200, outcome);
      return send(res, 200, { ...outcome, failed: Math.max(0, miniBatch.length - outcome.results.length) });
    }
    if (req.method === 'POST' && match[2] === '/score') {
      const body = parseJson(await readBody(req));
      if (!body.ok) return send(res, 400, { message: body.message });
      const { body: text, timeoutMs } = body.value as { body?: unknown; timeoutMs?: unknown };
      if (typeof text !== 'string' || !(typeof timeoutMs === 'number' && timeoutMs > 0)) {
        return send(res, 400, { message: 'expected {"body": string, "timeoutMs": number > 0}' });
      }
      return send(res, 200, await worker.channel.score(text, timeoutMs));
    }
    if (req.method === 'DELETE' && !match[2]) {
      await worker.channel.stop();
      // Calls still waiting for their turn find the worker gone.
      for (const release of worker.early.values()) release();
      workers.delete(match[1]);
      return send(res, 204);
    }
  }
  return send(res, 404, { message: `no route ${route}` });
}

function swagger(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Scoring endpoint', version: '1.0.0' },
    paths: {
      '/': { get: { summary: 'Liveness', responses: { '200': { description: 'Healthy' } } } },
      '/score': { post: { summary: 'run(input_data) of the entry script', responses: { '200': { description: 'What run() returned' } } } },
    },
  };
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: Error) => send(res, 500, { message: `agent error: ${error.message}` }));
});

async function shutdown(): Promise<void> {
  await Promise.all([...workers.values()].map((w) => w.channel.stop()));
  await scoring?.channel.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

const port = process.env.AGENT_PORT;
const socket = process.env.AGENT_SOCKET ?? '/sock/agent.sock';
if (port) {
  server.listen(Number(port), '127.0.0.1', () => console.log(`agent listening on 127.0.0.1:${port}`));
} else {
  if (existsSync(socket)) rmSync(socket);
  server.listen(socket, () => {
    chmodSync(socket, 0o666);
    console.log(`agent listening on ${socket}`);
  });
}
void startScoring();
