/**
 * Talks to a runtime server (the agent) over a unix socket or 127.0.0.1, and checks every answer
 * against the runtime contract (specs/runtime/openapi.yaml): a runtime that answers outside the
 * contract fails with ContractViolation, its own failure, never mistaken for a script error.
 */
import { request } from 'node:http';
import { checkResponse, ContractViolationError } from '../../specs/runtime-contract.ts';
import type { InitOutcome, RunOutcome, ScoreOutcome, Worker, WorkerSpec } from '../runtime.ts';

export type AgentAddress = { socketPath: string } | { host: '127.0.0.1'; port: number };

export interface AgentResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export class AgentClient {
  constructor(readonly address: AgentAddress) {}

  /** Sends a request; the answer must be what the contract documents for it. */
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AgentResponse> {
    const response = await this.raw(method, path, body, headers);
    const violations = checkResponse(method, path, response.status, response.headers, response.body);
    if (violations.length > 0) throw new ContractViolationError(violations);
    return response;
  }

  raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AgentResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        { ...this.address, method, path, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const json = (res.headers['content-type'] ?? '').includes('application/json');
            let parsed: unknown = text;
            if (json && text !== '') {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            const flat: Record<string, string | undefined> = {};
            for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 0, headers: flat, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
}

/** A worker process inside a runtime server, driven through the batch routes. */
export class AgentWorker implements Worker {
  /** Only when the runtime said it queues run calls: one that does not gets them one at a time. */
  readonly runAfter?: (miniBatch: readonly string[], timeoutMs: number, after: number) => Promise<RunOutcome | undefined>;
  /** Run calls then travel on separate connections, numbered (seq) so the runtime takes them in order. */
  #seq?: number;

  private constructor(
    private readonly agent: AgentClient,
    private readonly id: string,
    readonly pid: number,
    queues: boolean,
  ) {
    if (!queues) return;
    this.#seq = 0;
    this.runAfter = async (miniBatch, timeoutMs, after) => {
      const outcome = (await this.#send({ miniBatch, timeoutMs, after })) as RunOutcome | { status: 'skipped' };
      return outcome.status === 'skipped' ? undefined : outcome;
    };
  }

  static async start(agent: AgentClient, spec: WorkerSpec, timeScale: number): Promise<AgentWorker> {
    const { status, body, headers } = await agent.call('POST', '/workers', { spec, timeScale });
    // No process could be started on the node (its process limit is reached).
    if (status === 503) throw Object.assign(new Error((body as { message: string }).message), { name: 'WorkerNotStarted' });
    const { id, pid } = body as { id: string; pid: number };
    return new AgentWorker(agent, id, pid, headers['x-runtime-queues'] === 'true');
  }

  async init(): Promise<InitOutcome> {
    return (await this.agent.call('POST', `/workers/${this.id}/init`)).body as InitOutcome;
  }

  async run(miniBatch: readonly string[], timeoutMs: number): Promise<RunOutcome> {
    return (await this.#send({ miniBatch, timeoutMs })) as RunOutcome;
  }

  async #send(body: { miniBatch: readonly string[]; timeoutMs: number; after?: number }): Promise<unknown> {
    const seq = this.#seq === undefined ? {} : { seq: this.#seq++ };
    return (await this.agent.call('POST', `/workers/${this.id}/run`, { ...body, ...seq })).body;
  }

  async score(body: string, timeoutMs: number): Promise<ScoreOutcome> {
    return (await this.agent.call('POST', `/workers/${this.id}/score`, { body, timeoutMs })).body as ScoreOutcome;
  }

  async stop(): Promise<void> {
    // A container that is already gone has stopped its workers with it.
    await this.agent.raw('DELETE', `/workers/${this.id}`).catch(() => undefined);
  }
}
