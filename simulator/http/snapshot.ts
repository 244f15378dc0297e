/**
 * Snapshot and restore of a simulator's state, as JSON: the clock, storage (blobs and role
 * assignments), and per workspace its computes, datastores, assets, batch endpoints with their
 * deployments, ended jobs with their logs, and online endpoints with their deployments.
 *
 * A snapshot is taken only when nothing is in flight (no running job, no operation under way, no
 * endpoint being deleted, no deployment coming up), so it is a state the service can really be
 * in. Online deployments hold live replicas, which cannot be written down: on restore they come
 * up again on the clock, as after a platform restart. Pipeline runs are not part of the HTTP
 * surface and are not kept.
 */
import type { FileTree } from '../../runtime/runtime.ts';
import type { CodeAsset } from '../assets/codes.ts';
import type { DataAsset } from '../assets/data.ts';
import type { Environment } from '../assets/environments.ts';
import type { ModelAsset } from '../assets/models.ts';
import type { ComputeCluster } from '../compute/clusters.ts';
import type { BatchDeploymentSpec, BatchEndpoint, BatchEndpointSpec } from '../endpoints/batch-endpoints.ts';
import { SimError } from '../errors.ts';
import { TERMINAL, type BatchJob } from '../jobs/batch-job.ts';
import { LogTree } from '../jobs/log-tree.ts';
import type { OnlineDeploymentSpec, OnlineEndpointSpec } from '../online/model.ts';
import { createOnlineDeployment } from '../online/endpoints.ts';
import type { Simulator } from '../simulator.ts';
import type { Datastore } from '../storage/datastores.ts';
import { MAX_PROBLEMS, listProblems, shapeProblems } from '../validation.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { SimulatorService } from './service.ts';

export const SNAPSHOT_FORMAT = 'azureml-sim/snapshot@1';

type Files = Record<string, string>;

interface WorkspaceState {
  spec: { name: string; region: string; subscriptionId: string; resourceGroup: string; storageAccount: string; registryQuarantine: boolean; customerManagedKey: boolean };
  computes: ComputeCluster[];
  datastores: Datastore[];
  data: DataAsset[];
  models: Array<Omit<ModelAsset, 'files'> & { files: Files }>;
  environments: Environment[];
  codes: CodeAsset[];
  batchEndpoints: Array<{
    spec: BatchEndpointSpec;
    createdAt: number;
    scoringUri: string;
    deployments: Array<{ spec: BatchDeploymentSpec; model: string; environment: Environment; compute: string; code?: Files; createdAt: number }>;
  }>;
  jobs: Array<Omit<BatchJob, 'log'> & { log: Array<[string, string]> }>;
  onlineEndpoints: Array<{ spec: OnlineEndpointSpec; keys: { primary: string; secondary: string }; scoringUri: string; deployments: Array<{ spec: OnlineDeploymentSpec; code: Files }> }>;
}

export interface Snapshot {
  format: string;
  now: number;
  storage: Array<{ name: string; containers: Record<string, Files>; roles: Record<string, string[]> }>;
  workspaces: WorkspaceState[];
}

const files = (tree: FileTree): Files => Object.fromEntries([...tree].map(([p, d]) => [p, d.toString('base64')]));
const tree = (f: Files): FileTree => new Map(Object.entries(f).map(([p, d]) => [p, Buffer.from(d, 'base64')]));

/** What keeps a snapshot from being a state at rest, if anything. */
function busy(service: SimulatorService): string[] {
  const found: string[] = service.operations.inFlight().map((o) => `operation ${o.description}`);
  for (const ws of service.sim.workspaces.values()) {
    for (const job of ws.jobs.values()) if (!TERMINAL.includes(job.status)) found.push(`job ${job.name} is ${job.status}`);
    for (const e of ws.batchEndpoints.values()) if (e.state === 'Deleting') found.push(`batch endpoint ${e.spec.name} is being deleted`);
    for (const e of ws.onlineEndpoints.values()) {
      for (const d of e.deployments.values()) if (d.state !== 'Ready' && d.state !== 'Failed') found.push(`online deployment ${d.spec.name} is ${d.state}`);
    }
  }
  return found;
}

export async function takeSnapshot(service: SimulatorService): Promise<Snapshot> {
  const inFlight = busy(service);
  if (inFlight.length > 0) throw new SimError('SnapshotBusy', { busy: inFlight.join('; ') });
  const sim = service.sim;
  const storage = await Promise.all(
    [...sim.blobs.accounts.values()].map(async (a) => ({
      name: a.name,
      containers: Object.fromEntries(
        await Promise.all([...a.containers].map(async (c) => [c, Object.fromEntries((await sim.blobs.list(a.name, c, '')).map((b) => [b.path, b.data.toString('base64')]))] as const)),
      ),
      roles: Object.fromEntries([...a.roles].map(([p, roles]) => [p, [...roles]])),
    })),
  );
  return { format: SNAPSHOT_FORMAT, now: sim.clock.now(), storage, workspaces: [...sim.workspaces.values()].map(workspaceState) };
}

/** Everything a workspace holds, as JSON (also what the fuzz tests compare before and after a refusal). */
export function workspaceState(ws: Workspace): WorkspaceState {
  return {
    spec: { name: ws.name, region: ws.region, subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, storageAccount: ws.storageAccount, registryQuarantine: ws.registryQuarantine, customerManagedKey: ws.customerManagedKey },
    computes: [...ws.computes.values()],
    datastores: [...ws.datastores.values()],
    data: ws.data.list(),
    models: ws.models.list().map((m) => ({ ...m, files: files(m.files) })),
    environments: ws.environments.list(),
    codes: ws.codes.list(),
    batchEndpoints: [...ws.batchEndpoints.values()].map((e) => ({
      spec: e.spec,
      createdAt: e.createdAt,
      scoringUri: e.scoringUri,
      deployments: [...e.deployments.values()].map((d) => ({
        spec: d.spec,
        model: `${d.model.name}:${d.model.version}`,
        environment: d.environment,
        compute: d.compute.name,
        code: d.code && files(d.code),
        createdAt: d.createdAt,
      })),
    })),
    jobs: [...ws.jobs.values()].map(({ log, ...job }) => ({ ...job, log: log.entries() })),
    onlineEndpoints: [...ws.onlineEndpoints.values()].map((e) => ({
      spec: e.spec,
      keys: e.keys,
      scoringUri: e.scoringUri,
      deployments: [...e.deployments.values()].map((d) => ({ spec: d.spec, code: files(d.code) })),
    })),
  };
}

/**
 * Replaces the service's state with the snapshot's. The snapshot is checked against its schema
 * and loaded into a new simulator first, online deployments included: one that does not load
 * changes nothing.
 */
export async function restoreSnapshot(service: SimulatorService, snapshot: Snapshot): Promise<void> {
  if ((snapshot as { format?: unknown } | null)?.format !== SNAPSHOT_FORMAT) throw new SimError('InvalidSnapshot', { problem: `format must be '${SNAPSHOT_FORMAT}'` });
  const problems = shapeProblems('snapshot', snapshot);
  if (problems.length > 0) throw new SimError('InvalidSnapshot', { problem: listProblems(problems) }, { details: problems.slice(0, MAX_PROBLEMS).map((message) => ({ code: 'InvalidSnapshot', message })) });
  let sim: Simulator;
  try {
    sim = service.newSimulator(snapshot.now);
    for (const account of snapshot.storage) {
      sim.blobs.createAccount(account.name);
      for (const [container, blobs] of Object.entries(account.containers)) for (const [path, data] of tree(blobs)) await sim.blobs.put(account.name, container, path, data);
      for (const [principal, roles] of Object.entries(account.roles)) for (const role of roles) sim.blobs.grant(account.name, principal, role);
    }
    for (const state of snapshot.workspaces) restoreWorkspace(sim, state);
    // Replicas are live processes: online deployments come up again on the restored clock.
    for (const state of snapshot.workspaces) await restoreOnlineDeployments(sim, state);
  } catch (error) {
    if (error instanceof SimError && error.code === 'InvalidSnapshot') throw error;
    throw new SimError('InvalidSnapshot', { problem: (error as Error).message });
  }
  service.replace(sim);
}

async function restoreOnlineDeployments(sim: Simulator, state: WorkspaceState): Promise<void> {
  const ws = sim.workspace(state.spec.name);
  for (const e of state.onlineEndpoints) {
    for (const d of e.deployments) {
      const code = tree(d.code);
      const model = ws.models.get(d.spec.model);
      const models = new Map([...model.files].map(([path, data]) => [`${model.name}/${model.version}/${path}`, data]));
      const [codeMount, modelMount] = await Promise.all([sim.runtime.mount('online-code', code), sim.runtime.mount('online-models', models)]);
      createOnlineDeployment({ ws, clock: sim.clock, runtime: sim.runtime }, d.spec, code, { code: codeMount.dir, models: modelMount.dir });
    }
  }
}

function restoreWorkspace(sim: Simulator, state: WorkspaceState): void {
  const ws = sim.createWorkspace(state.spec);
  for (const c of state.computes) ws.computes.set(c.name, c);
  for (const d of state.datastores) ws.datastores.set(d.name, d);
  for (const d of state.data) ws.data.add(d);
  for (const m of state.models) ws.models.add({ ...m, files: tree(m.files) });
  for (const e of state.environments) ws.environments.add(e);
  for (const c of state.codes) ws.codes.add(c);
  for (const e of state.batchEndpoints) {
    if (!sim.names.take(ws.region, e.spec.name)) throw new Error(`endpoint name '${e.spec.name}' appears twice in ${ws.region}`);
    const endpoint: BatchEndpoint = { spec: e.spec, region: ws.region, state: 'Succeeded', createdAt: e.createdAt, deployments: new Map(), scoringUri: e.scoringUri };
    for (const d of e.deployments) {
      const compute = ws.computes.get(d.compute);
      if (!compute) throw new Error(`deployment '${d.spec.name}' runs on compute '${d.compute}', which the snapshot does not have`);
      const environment = d.spec.environment ? ws.environments.get(d.spec.environment) : d.environment;
      endpoint.deployments.set(d.spec.name, { spec: d.spec, model: ws.models.get(d.model), environment, compute, code: d.code && tree(d.code), createdAt: d.createdAt });
    }
    ws.batchEndpoints.set(e.spec.name, endpoint);
  }
  for (const { log, ...job } of state.jobs) {
    const tree = new LogTree(sim.clock);
    for (const [path, text] of log) tree.write(path, text);
    ws.jobs.set(job.name, { ...job, log: tree });
  }
  for (const e of state.onlineEndpoints) {
    if (!sim.names.take(ws.region, e.spec.name)) throw new Error(`endpoint name '${e.spec.name}' appears twice in ${ws.region}`);
    ws.onlineEndpoints.set(e.spec.name, { spec: e.spec, region: ws.region, keys: e.keys, scoringUri: e.scoringUri, deployments: new Map(), routing: new Map() });
  }
}
