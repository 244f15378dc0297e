/**
 * The runtime server ("agent"): one per simulated compute node (one container). It hosts the
 * node's worker processes for batch jobs and, when configured with an entry script, serves it
 * online with the Azure ML inference server's routes; with a model name, it serves the model with
 * the Open Inference Protocol. The routes and bodies are specs/runtime/openapi.yaml.
 *
 * Configuration (an environment: process.env for the server in a container, any object in-process):
 *   AGENT_SOCKET           unix socket to listen on (default /sock/agent.sock), or
 *   AGENT_PORT             TCP port on 127.0.0.1 instead (0: any free port)
 *   AGENT_WORKER           the worker host module (default: the bundled worker.mjs beside this file)
 *   AZUREML_ENTRY_SCRIPT   online scoring: the entry script served by /score (optional)
 *   AZUREML_MODEL_DIR, AZUREML_MODEL_NAME, AZUREML_MODEL_VERSION, AZUREML_PACKAGES (comma
 *   separated), AZUREML_LOGGING_LEVEL,
 *   SCORING_TIMEOUT_MS     online scoring settings (timeout default 60000)
 *   OIP_MODEL_NAME         serve the ONNX model of AZUREML_MODEL_DIR with the Open Inference
 *                          Protocol (/v2/...) under this name; OIP_MODEL_VERSION (default 1)
 */
import '../telemetry-off.ts';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMessage } from '../../specs/errors.ts';
import { HostChannel } from '../host/channel.ts';
import type { LoggingLevel } from '../contract.ts';
import type { WorkerSpec } from '../runtime.ts';
import { onnxMetadata } from './onnx-metadata.ts';
import { handleOip, type OipModel, type TensorOutput } from './oip.ts';
import { configureOrphans, orphansEnded } from './orphans.ts';
import { processTransport, type HostModule } from './process-transport.ts';

export type AgentEnv = Readonly<Record<string, string | undefined>>;

const here = dirname(fileURLToPath(import.meta.url));

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

function findOnnx(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith('.onnx')) return full;
    const found = entry.isDirectory() ? findOnnx(full) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A batch worker: its channel, and where it stands in the order of its run calls (seq). */
interface Hosted {
  channel: HostChannel;
  size: number;
  /** The seq of the run call to take next; a call that arrives before its turn waits in early. */
  next: number;
  early: Map<number, () => void>;
}

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

export class Agent {
  readonly server: Server;
  readonly #env: AgentEnv;
  readonly #host: HostModule;
  readonly #workers = new Map<string, Hosted>();
  readonly #scoringTimeoutMs: number;
  /** Online scoring: one worker started with the server; ready once its init() succeeded. */
  #scoring?: { channel: HostChannel; ready: boolean; message: string };
  /** The Open Inference Protocol: the model's metadata is read here, inference runs in a worker. */
  #oip?: { model: OipModel; channel: HostChannel };
  /** A worker process takes one request at a time: the others wait their turn, in order. */
  #turns = new WeakMap<HostChannel, Promise<unknown>>();

  constructor(env: AgentEnv) {
    this.#env = env;
    configureOrphans(env);
    this.#scoringTimeoutMs = Number(env.SCORING_TIMEOUT_MS ?? 60_000);
    this.#host = env.AGENT_WORKER
      ? { path: env.AGENT_WORKER, execArgv: [] }
      : existsSync(join(here, 'worker.mjs'))
        ? { path: join(here, 'worker.mjs'), execArgv: [] }
        : { path: join(here, '../host/worker-entry.mjs'), execArgv: [] };
    this.server = createServer((req, res) => {
      this.#handle(req, res).catch((error: Error) => send(res, 500, { message: `agent error: ${error.message}` }));
    });
  }

  /** Listens (unix socket or 127.0.0.1) and starts what it serves online; resolves with where it listens. */
  async start(): Promise<string> {
    const port = this.#env.AGENT_PORT;
    let where: string;
    if (port !== undefined) {
      await new Promise<void>((done) => this.server.listen(Number(port), '127.0.0.1', done));
      where = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    } else {
      const socket = this.#env.AGENT_SOCKET ?? '/sock/agent.sock';
      if (existsSync(socket)) rmSync(socket);
      await new Promise<void>((done) => this.server.listen(socket, done));
      chmodSync(socket, 0o666);
      where = socket;
    }
    void this.#startScoring();
    void this.#startOip().catch((error: Error) => console.error(`OIP model server: ${error.message}`));
    return where;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((w) => w.channel.stop()));
    await this.#scoring?.channel.stop();
    await this.#oip?.channel.stop();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  #inTurn<T>(channel: HostChannel, call: () => Promise<T>): Promise<T> {
    const turn = (this.#turns.get(channel) ?? Promise.resolve()).then(call);
    this.#turns.set(channel, turn.catch(() => undefined));
    return turn;
  }

  /** A worker spec for a script served online: its init() at start, its run() per request. */
  #onlineSpec(script: string): WorkerSpec {
    const env = this.#env;
    return {
      nodeIp: '127.0.0.1',
      processName: 'process000',
      codeDir: dirname(script),
      scoringScript: basename(script),
      modelDir: env.AZUREML_MODEL_DIR ?? '/var/azureml-app/azureml-models',
      packages: (env.AZUREML_PACKAGES ?? 'azureml-core,onnxruntime,pngjs').split(',').map((p) => p.trim()).filter(Boolean),
      args: [],
      loggingLevel: (env.AZUREML_LOGGING_LEVEL ?? 'INFO') as LoggingLevel,
      // What a deployment tells its scoring script about its model (Model.get_model_path).
      env: Object.fromEntries(['AZUREML_MODEL_NAME', 'AZUREML_MODEL_VERSION'].flatMap((k) => (env[k] ? [[k, env[k]!]] : []))),
    };
  }

  async #startScoring(): Promise<void> {
    const script = this.#env.AZUREML_ENTRY_SCRIPT;
    if (!script) return;
    const channel = new HostChannel(processTransport(this.#host, 'scoring'), this.#onlineSpec(script), 1);
    const scoring = { channel, ready: false, message: 'init() has not finished' };
    this.#scoring = scoring;
    const outcome = await channel.init();
    if (outcome.status === 'ok') scoring.ready = true;
    else scoring.message = `init() failed: ${outcome.error.type}: ${outcome.error.message}`;
    process.stdout.write(outcome.stdout);
  }

  async #startOip(): Promise<void> {
    const name = this.#env.OIP_MODEL_NAME;
    if (!name) return;
    // Our own model server: it needs onnxruntime whatever the deployment's packages are.
    const spec = { ...this.#onlineSpec(join(here, 'oip-model.mjs')), packages: ['azureml-core', 'onnxruntime'] };
    const file = findOnnx(spec.modelDir);
    if (!file) throw new Error(`OIP_MODEL_NAME is set but there is no .onnx model under ${spec.modelDir}`);
    const channel = new HostChannel(processTransport(this.#host, 'oip'), spec, 1);
    let ready = false;
    const model: OipModel = {
      name,
      version: this.#env.OIP_MODEL_VERSION ?? '1',
      platform: 'onnxruntime_onnx',
      ...onnxMetadata(readFileSync(file)),
      ready: () => ready,
      infer: async (inputs, timeoutMs) => {
        const outcome = await this.#inTurn(channel, () => channel.score(JSON.stringify({ inputs }), timeoutMs));
        if (outcome.status === 'ok') return { ok: true, outputs: outcome.value as TensorOutput[] };
        if (outcome.status === 'timeout') return { ok: false, status: 504, error: `inference timeout after ${timeoutMs} ms` };
        return { ok: false, status: 500, error: `inference failed: ${outcome.error.message}` };
      },
    };
    this.#oip = { model, channel };
    const outcome = await channel.init();
    ready = outcome.status === 'ok';
    process.stdout.write(outcome.stdout);
    if (outcome.status !== 'ok') console.error(`OIP model '${name}': init() failed: ${outcome.error.type}: ${outcome.error.message}`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://agent');
    const route = `${req.method} ${url.pathname}`;
    const requestId = String(req.headers['x-ms-request-id'] ?? randomUUID());

    const oipAnswer = await handleOip(req.method ?? 'GET', url.pathname, () => readBody(req), this.#oip?.model, this.#scoringTimeoutMs);
    if (oipAnswer) return send(res, oipAnswer.status, oipAnswer.body);
    if (route === 'GET /') return send(res, 200, 'Healthy');
    if (route === 'GET /ready') {
      const scoring = this.#scoring;
      const ready = scoring ? scoring.ready : true;
      return ready ? send(res, 200, { ready: true }) : send(res, 503, { ready: false, message: scoring!.message });
    }
    if (route === 'GET /swagger.json') return send(res, 200, swagger());
    if (route === 'POST /score') return this.#score(req, res, requestId);
    if (route === 'POST /workers') {
      const body = parseJson(await readBody(req));
      if (!body.ok) return send(res, 400, { message: body.message });
      const { spec, timeScale } = body.value as { spec?: WorkerSpec; timeScale?: number };
      if (!spec || typeof spec.processName !== 'string' || !(typeof timeScale === 'number' && timeScale > 0)) {
        return send(res, 400, { message: 'expected {"spec": WorkerSpec, "timeScale": number > 0}' });
      }
      // What dead workers left running is ended first: their pids are free for this one.
      await orphansEnded();
      const id = randomUUID();
      const transport = processTransport(this.#host, spec.processName);
      if (transport.pid < 1) {
        // The process could not be started: its transport has ended with the reason.
        const reason = await new Promise<string>((resolve) => transport.onExit((exit) => resolve(exit.crash?.message ?? 'no process')));
        return send(res, 503, { message: formatMessage('WorkerNotStarted', { reason }) });
      }
      const channel = new HostChannel(transport, spec, timeScale, () => {});
      this.#workers.set(id, { channel, size: 0, next: 0, early: new Map() });
      return send(res, 201, { id, pid: channel.pid }, { 'x-runtime-queues': 'true' });
    }
    const match = /^\/workers\/([^/]+)(\/init|\/run|\/score)?$/.exec(url.pathname);
    if (match) return this.#worker(req, res, match[1], match[2]);
    return send(res, 404, { message: `no route ${route}` });
  }

  async #score(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const scoring = this.#scoring;
    const headers = { 'x-ms-request-id': requestId };
    if (!scoring?.ready) return send(res, 503, { message: scoring ? scoring.message : 'No entry script is served here.' }, headers);
    const body = await readBody(req);
    const outcome = await this.#inTurn(scoring.channel, () => scoring.channel.score(body, this.#scoringTimeoutMs));
    // Whatever run() returned is JSON, a string included.
    if (outcome.status === 'ok') return send(res, 200, JSON.stringify(outcome.value ?? null), { ...headers, 'content-type': 'application/json' });
    if (outcome.status === 'timeout' || outcome.status === 'crashed') {
      scoring.ready = false;
      scoring.message = 'the worker was restarted after a scoring timeout';
      void this.#startScoring();
      // run() did not return in time (or its process died): a run() failure too.
      const message = outcome.status === 'timeout' ? `Scoring timeout after ${this.#scoringTimeoutMs} ms` : outcome.error.message;
      return send(res, 500, { message }, { ...headers, 'x-ms-run-function-failed': 'True' });
    }
    return send(res, 500, { message: `${outcome.error.type}: ${outcome.error.message}` }, { ...headers, 'x-ms-run-function-failed': 'True' });
  }

  async #worker(req: IncomingMessage, res: ServerResponse, id: string, action: string | undefined): Promise<void> {
    const worker = this.#workers.get(id);
    if (!worker) return send(res, 404, { message: `no worker ${id}` });
    if (req.method === 'POST' && action === '/init') return send(res, 200, await worker.channel.init());
    if (req.method === 'POST' && action === '/run') {
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
    if (req.method === 'POST' && action === '/score') {
      const body = parseJson(await readBody(req));
      if (!body.ok) return send(res, 400, { message: body.message });
      const { body: text, timeoutMs } = body.value as { body?: unknown; timeoutMs?: unknown };
      if (typeof text !== 'string' || !(typeof timeoutMs === 'number' && timeoutMs > 0)) {
        return send(res, 400, { message: 'expected {"body": string, "timeoutMs": number > 0}' });
      }
      return send(res, 200, await worker.channel.score(text, timeoutMs));
    }
    if (req.method === 'DELETE' && !action) {
      await worker.channel.stop();
      // Calls still waiting for their turn find the worker gone.
      for (const release of worker.early.values()) release();
      this.#workers.delete(id);
      return send(res, 204);
    }
    return send(res, 404, { message: `no route ${req.method} ${req.url}` });
  }
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
