/**
 * One simulated Azure ML service: its clock, identity provider, storage, regions and workspaces.
 * All state belongs to the instance (never global), so scenarios can run side by side.
 */
import { InProcessRuntime } from '../runtime/inprocess/runtime.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { TokenIssuer, type SigningKeys } from './auth/tokens.ts';
import { DEFAULT_EPOCH, VirtualClock } from './clock.ts';
import type { Profile } from './endpoints/batch-endpoints.ts';
import { EndpointNames } from './endpoints/names.ts';
import { SimError } from './errors.ts';
import { TERMINAL, type BatchJob } from './jobs/batch-job.ts';
import type { PipelineRun } from './pipelines/model.ts';
import type { OnlineDeployment } from './online/model.ts';
import { AzuriteBlobStore } from './storage/azurite-store.ts';
import { BlobService } from './storage/blobs.ts';
import { MemoryBlobStore } from './storage/memory-store.ts';
import type { StorageKind } from './storage/store.ts';
import { Workspace, type WorkspaceSpec } from './workspace/workspace.ts';

export interface SimulatorOptions {
  profile?: Profile;
  runtime?: Runtime;
  epochMs?: number;
  /** The directory's signing keys, when they outlive this instance. */
  signingKeys?: Promise<SigningKeys>;
  /** Where blob data lives: in memory (the default) or in Azurite (storage/azurite.ts). */
  storage?: StorageKind;
}

export class Simulator {
  readonly clock: VirtualClock;
  readonly tokens: TokenIssuer;
  readonly blobs: BlobService;
  readonly names = new EndpointNames();
  readonly workspaces = new Map<string, Workspace>();
  readonly runtime: Runtime;
  profile: Profile;

  constructor(options: SimulatorOptions = {}) {
    this.clock = new VirtualClock(options.epochMs ?? DEFAULT_EPOCH);
    this.tokens = new TokenIssuer(this.clock, undefined, options.signingKeys);
    const store = options.storage === 'azurite' ? new AzuriteBlobStore() : new MemoryBlobStore(() => this.clock.now());
    this.blobs = new BlobService(store, this.clock);
    this.runtime = options.runtime ?? new InProcessRuntime();
    this.profile = options.profile ?? 'current';
  }

  createWorkspace(spec: WorkspaceSpec): Workspace {
    if (this.workspaces.has(spec.name)) throw new SimError('ResourceAlreadyExists', { kind: 'workspace', name: spec.name, workspace: spec.name });
    const storageAccount = spec.storageAccount ?? `${spec.name.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 18)}store`;
    this.blobs.createAccount(storageAccount);
    const ws = new Workspace({ ...spec, storageAccount });
    this.workspaces.set(spec.name, ws);
    return ws;
  }

  workspace(name: string): Workspace {
    const ws = this.workspaces.get(name);
    if (!ws) throw new SimError('ResourceNotFound', { kind: 'workspace', name, workspace: name });
    return ws;
  }

  /** Lets service time pass: every timer due in the next `ms` fires, in order. */
  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  /** Drives the clock until the job ends; returns it. */
  async waitForJob(job: BatchJob): Promise<BatchJob> {
    const ended = await this.clock.runUntil(() => TERMINAL.includes(job.status));
    if (!ended) throw new Error(`job ${job.name} is ${job.status} and nothing is left to happen on the clock`);
    return job;
  }

  /** Drives the clock until the online deployment is Ready or Failed. */
  async waitForDeployment(deployment: OnlineDeployment): Promise<OnlineDeployment> {
    const done = () => deployment.state === 'Ready' || deployment.state === 'Failed';
    if (!(await this.clock.runUntil(done))) throw new Error(`deployment ${deployment.spec.name} is ${deployment.state} and nothing is left to happen on the clock`);
    return deployment;
  }

  /** Drives the clock until the pipeline run ends; returns it. */
  async waitForPipeline(run: PipelineRun): Promise<PipelineRun> {
    const ended = await this.clock.runUntil(() => run.status !== 'Running');
    if (!ended) throw new Error(`pipeline run ${run.id} is ${run.status} and nothing is left to happen on the clock`);
    return run;
  }

  async close(): Promise<void> {
    await Promise.all([this.runtime.close(), this.blobs.close()]);
  }
}
