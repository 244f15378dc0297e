/**
 * One simulator served over HTTP: the current Simulator (replaced on reset or restore), its
 * long-running operations and fault rules, and the settings of the HTTP surface. All state is
 * per instance, so several services run side by side in one process.
 */
import type { Runtime } from '../../runtime/runtime.ts';
import { newSigningKeys } from '../auth/tokens.ts';
import { MLClient } from '../client.ts';
import type { Profile } from '../endpoints/batch-endpoints.ts';
import { SimError } from '../errors.ts';
import { Simulator } from '../simulator.ts';
import type { StorageKind } from '../storage/store.ts';
import { DEFAULT_RESOURCE_GROUP, DEFAULT_SUBSCRIPTION, type Workspace, type WorkspaceSpec } from '../workspace/workspace.ts';
import { FaultRules } from './faults.ts';
import { Operations } from './operations.ts';

export interface ServiceOptions {
  runtime: Runtime;
  profile?: Profile;
  /** Where blob data lives (memory by default, or Azurite). */
  storage?: StorageKind;
  /** Workspaces that exist from the start (and again after a reset). */
  workspaces?: WorkspaceSpec[];
  /** The app registration clients sign in with (client credentials). */
  application?: { clientId: string; secret: string };
  /** Service time a client's poll of an unfinished operation or job stands for. */
  pollIntervalMs?: number;
  /** The Retry-After the service asks for, in real seconds: 0 lets clients poll at once. */
  retryAfterSeconds?: number;
}

export const DEFAULT_WORKSPACE: WorkspaceSpec = { name: 'ws', region: 'westeurope', subscriptionId: DEFAULT_SUBSCRIPTION, resourceGroup: DEFAULT_RESOURCE_GROUP };
export const DEFAULT_APPLICATION = { clientId: '5f3b3a36-0c1c-4b8a-9a55-5a0b1d0c0001', secret: 'sim-client-secret' };
/** The API versions whose shapes the routes speak (the subset used is the same in each). */
export const API_VERSIONS = ['2022-05-01', '2022-10-01', '2023-04-01', '2023-10-01', '2024-04-01', '2024-10-01'];

export class SimulatorService {
  sim: Simulator;
  readonly operations = new Operations();
  readonly faults = new FaultRules();
  readonly pollIntervalMs: number;
  readonly retryAfterSeconds: number;
  readonly application: { clientId: string; secret: string };
  /** The directory outlives resets and restores: tokens signed before stay valid. */
  readonly #signingKeys = newSigningKeys();

  constructor(private readonly options: ServiceOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 0;
    this.application = options.application ?? DEFAULT_APPLICATION;
    this.sim = this.#fresh();
  }

  /** Back to the state of a new instance: the initial workspaces, no operations, no fault rules. */
  reset(): void {
    void this.sim.blobs.close();
    this.sim = this.#fresh();
    this.operations.clear();
    this.faults.clear();
  }

  /** Puts a simulator in place (a restored snapshot); operations of the old one are gone. */
  replace(sim: Simulator): void {
    void this.sim.blobs.close();
    this.sim = sim;
    this.operations.clear();
  }

  /** A simulator of this service's settings, its clock at `epochMs` when given. */
  newSimulator(epochMs?: number): Simulator {
    const sim = new Simulator({ runtime: this.options.runtime, profile: this.options.profile, storage: this.options.storage, epochMs, signingKeys: this.#signingKeys });
    sim.tokens.applications.register({ ...this.application, principalId: `sp-${this.application.clientId}` });
    return sim;
  }

  #fresh(): Simulator {
    const sim = this.newSimulator();
    for (const ws of this.options.workspaces ?? [DEFAULT_WORKSPACE]) sim.createWorkspace(ws);
    return sim;
  }

  /** The workspace an ARM path names; its subscription and resource group must match. */
  workspace(subscriptionId: string, resourceGroup: string, name: string): Workspace {
    const ws = this.sim.workspace(name);
    if (ws.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() || ws.resourceGroup.toLowerCase() !== resourceGroup.toLowerCase()) {
      throw new SimError('SubscriptionMismatch', { workspace: name, subscription: subscriptionId, resourceGroup });
    }
    return ws;
  }

  /** A client acting with the caller's bearer token: the token's audience decides what it may do. */
  client(ws: Workspace, token: string | undefined, baseDir = '/'): MLClient {
    return new MLClient(this.sim, ws.name, { management: token, ml: token }, baseDir);
  }


  async close(): Promise<void> {
    await this.sim.blobs.close();
    await this.options.runtime.close();
  }
}
