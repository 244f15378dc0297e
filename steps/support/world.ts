/**
 * The World: one simulator per scenario (state per instance, so scenarios run in parallel), a
 * client holding the scenario's tokens, and what the last request and the last job left behind.
 */
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { AUDIENCES } from '../../simulator/auth/tokens.ts';
import { MLClient } from '../../simulator/client.ts';
import type { Profile } from '../../simulator/endpoints/batch-endpoints.ts';
import { SimError } from '../../simulator/errors.ts';
import type { BatchJob } from '../../simulator/jobs/batch-job.ts';
import { Simulator } from '../../simulator/simulator.ts';
import { STORAGE_KINDS, type StorageKind } from '../../simulator/storage/store.ts';
import { ContainerRuntime } from '../../runtime/container/runtime.ts';
import { InProcessRuntime } from '../../runtime/inprocess/runtime.ts';
import type { Runtime } from '../../runtime/runtime.ts';

/** SIM_RUNTIME chooses where entry scripts run: in-process (worker threads, the default) or container. */
export const RUNTIME = process.env.SIM_RUNTIME ?? 'in-process';

function makeRuntime(): Runtime {
  if (RUNTIME === 'in-process') return new InProcessRuntime();
  if (RUNTIME === 'container') return new ContainerRuntime();
  throw new Error(`SIM_RUNTIME must be in-process or container, not '${RUNTIME}'`);
}

/** SIM_STORAGE chooses where blob data lives: memory (the default) or azurite. */
const STORAGE = process.env.SIM_STORAGE ?? 'memory';

function storageKind(): StorageKind {
  if (!(STORAGE_KINDS as readonly string[]).includes(STORAGE)) throw new Error(`SIM_STORAGE must be ${STORAGE_KINDS.join(' or ')}, not '${STORAGE}'`);
  return STORAGE as StorageKind;
}

export class SimWorld extends World {
  #sim?: Simulator;
  profile: Profile = 'current';
  client?: MLClient;
  /** The outcome of the last request: an error the scenario must look at, or none. */
  lastError?: SimError;
  errorSeen = true;
  job?: BatchJob;
  jobs: BatchJob[] = [];
  /** The last SAS token the scenario made. */
  sasToken?: string;

  constructor(options: IWorldOptions) {
    super(options);
  }

  get sim(): Simulator {
    this.#sim ??= new Simulator({ profile: this.profile, runtime: makeRuntime(), storage: storageKind() });
    return this.#sim;
  }

  get simulatorStarted(): boolean {
    return this.#sim !== undefined;
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
  takeError(): SimError {
    this.errorSeen = true;
    if (!this.lastError) throw new Error('The last request succeeded, but the scenario expected it to be refused');
    return this.lastError;
  }

  get lastJob(): BatchJob {
    if (!this.job) throw new Error('No job was started in this scenario');
    return this.job;
  }

  async close(): Promise<void> {
    await this.#sim?.close();
  }
}

setWorldConstructor(SimWorld);
