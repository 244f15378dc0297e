/**
 * The World: one simulator per scenario (state per instance, so scenarios run in parallel), a
 * client holding the scenario's tokens, and what the last request and the last job left behind.
 */
import assert from 'node:assert/strict';
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { SimulatorService } from '../../simulator/http/service.ts';
import type { ClientReport, ServerInfo } from './clients.ts';
import type { HttpAnswer, HttpCaller } from './http.ts';
import { AUDIENCES } from '../../simulator/auth/tokens.ts';
import { MLClient } from '../../simulator/client.ts';
import type { Profile } from '../../simulator/endpoints/batch-endpoints.ts';
import { SimError } from '../../simulator/errors.ts';
import type { BatchJob } from '../../simulator/jobs/batch-job.ts';
import { Simulator } from '../../simulator/simulator.ts';
import { STORAGE_KINDS, type StorageKind } from '../../simulator/storage/store.ts';
import { ChaosRuntime, type ChaosRates } from '../../runtime/chaos/runtime.ts';
import { ExternalRuntime } from '../../runtime/external/runtime.ts';
import { InProcessRuntime } from '../../runtime/inprocess/runtime.ts';
import type { Runtime } from '../../runtime/runtime.ts';

/**
 * SIM_RUNTIME chooses where entry scripts run: in-process (worker threads, the default), container
 * (SIM_RUNTIME_IMAGE: another image than ours), or external (a runtime server at SIM_RUNTIME_URL).
 */
export const RUNTIME = process.env.SIM_RUNTIME ?? 'in-process';

// Loaded only for a container run: testcontainers alone takes more than half a second to load.
const containers = RUNTIME === 'container' ? await import('../../runtime/container/runtime.ts') : undefined;

function makeRuntime(): Runtime {
  if (RUNTIME === 'in-process') return new InProcessRuntime();
  if (containers) return new containers.ContainerRuntime({ image: process.env.SIM_RUNTIME_IMAGE });
  if (RUNTIME === 'external' && process.env.SIM_RUNTIME_URL) return new ExternalRuntime(process.env.SIM_RUNTIME_URL);
  throw new Error(`SIM_RUNTIME must be in-process, container or external (with SIM_RUNTIME_URL), not '${RUNTIME}'`);
}

/** An error as the service answered it: thrown by the client, or read from an HTTP error body. */
export type ServiceError = Pick<SimError, 'code' | 'status' | 'message' | 'target' | 'details'>;

/** SIM_STORAGE chooses where blob data lives: memory (the default) or azurite. */
export const STORAGE = process.env.SIM_STORAGE ?? 'memory';

function storageKind(): StorageKind {
  if (!(STORAGE_KINDS as readonly string[]).includes(STORAGE)) throw new Error(`SIM_STORAGE must be ${STORAGE_KINDS.join(' or ')}, not '${STORAGE}'`);
  return STORAGE as StorageKind;
}

export class SimWorld extends World {
  #sim?: Simulator;
  /** The simulator served over HTTP, when the scenario uses the REST API. */
  service?: SimulatorService;
  profile: Profile = 'current';
  client?: MLClient;
  /** The outcome of the last request: an error the scenario must look at, or none. */
  lastError?: ServiceError;
  errorSeen = true;
  job?: BatchJob;
  jobs: BatchJob[] = [];
  /** The REST API: how the scenario calls it, its bearer token, the last answer. */
  http?: HttpCaller;
  bearer?: string;
  answer?: HttpAnswer;
  scoringUri?: string;
  /** Chaos mode, when the scenario asks for it before anything else; the runtime that injects the faults. */
  chaosMode?: { seed: number; rates: ChaosRates };
  chaos?: ChaosRuntime;
  /** The last request sent and the answer to it, for reports of failed checks. */
  lastExchange?: { request: unknown; answer: unknown };
  /** The conformance kit: the fixture of the runtime under test this check talks to. */
  fixture?: string;
  /** Answers of a repeated request, this time and the time before. */
  answers: HttpAnswer[] = [];
  previousAnswers: HttpAnswer[] = [];
  faultRule?: string;
  snapshot?: string;
  /** What the state held when the snapshot was taken, to compare after a restore. */
  before?: { principalId?: string; jobLogs?: string };
  /** What polling an operation or a job saw, and the service time it covered. */
  polled?: { statuses: string[]; serviceMs: number };
  /** What the client program reported, when one ran. */
  clientReport?: ClientReport;
  /** The served simulator's own account of itself (npm run simulator's first line). */
  server?: ServerInfo;
  /** What the scenario started and must stop: servers, processes, interceptors. */
  readonly cleanups: Array<() => unknown> = [];
  /** The last SAS token the scenario made. */
  sasToken?: string;
  /** A TCP server on the host's loopback that hostile scripts try to reach, and who reached it. */
  hostServer?: { port: number; connections: number };

  constructor(options: IWorldOptions) {
    super(options);
  }

  get sim(): Simulator {
    if (this.service) return this.service.sim;
    const runtime = () => (this.chaosMode ? (this.chaos = new ChaosRuntime(makeRuntime(), this.chaosMode.seed, this.chaosMode.rates)) : makeRuntime());
    this.#sim ??= new Simulator({ profile: this.profile, runtime: runtime(), storage: storageKind() });
    return this.#sim;
  }

  get simulatorStarted(): boolean {
    return this.#sim !== undefined || this.service !== undefined;
  }

  /** Serves a fresh simulator over HTTP (state of its own, the scenario's runtime). */
  serve(): SimulatorService {
    assert.ok(!this.#sim, 'serve the REST API before anything else is set up');
    this.service ??= new SimulatorService({ runtime: makeRuntime(), profile: this.profile, storage: storageKind() });
    return this.service;
  }

  get ml(): MLClient {
    if (!this.client) throw new Error('No workspace yet: start the scenario with "Given a workspace ..."');
    return this.client;
  }

  async useWorkspace(name: string): Promise<void> {
    this.client = new MLClient(this.sim, name, {
      management: await this.sim.tokens.issue({ resource: AUDIENCES.management }),
      ml: await this.sim.tokens.issue({ resource: AUDIENCES.ml }),
    });
  }

  /** Runs a request; a service error is kept for the Then steps, which must look at it. */
  async attempt<T>(request: () => Promise<T>): Promise<T | undefined> {
    this.lastError = undefined;
    this.errorSeen = true;
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      this.lastError = error;
      this.errorSeen = false;
      return undefined;
    }
  }

  /** The error of the last request; fails when it succeeded. */
  /** Keeps an error the service answered, for the Then steps, which must look at it. */
  keepError(error: ServiceError | undefined): void {
    this.lastError = error;
    this.errorSeen = error === undefined;
  }

  takeError(): ServiceError {
    this.errorSeen = true;
    if (!this.lastError) throw new Error('The last request succeeded, but the scenario expected it to be refused');
    return this.lastError;
  }

  get lastJob(): BatchJob {
    if (!this.job) throw new Error('No job was started in this scenario');
    return this.job;
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    await this.#sim?.close();
    await this.service?.close();
  }
}

setWorldConstructor(SimWorld);
