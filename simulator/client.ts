/**
 * The simulator's public client, shaped like `az ml` and the azure-ai-ml SDK: management
 * operations need a token for https://management.azure.com, invocations one for
 * https://ml.azure.com (BE-20). Client-side work stays here, as in the real CLI: reading local
 * folders and uploading them (code, models, local input data).
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { FileTree } from '../runtime/runtime.ts';
import type { CodeAsset } from './assets/codes.ts';
import { DATA_TYPES, type DataAsset, type DataType } from './assets/data.ts';
import type { Environment } from './assets/environments.ts';
import { makeModel, type ModelAsset, type ModelType } from './assets/models.ts';
import { COMPUTE_TYPES, type ComputeCluster, type ComputeType } from './compute/clusters.ts';
import { VM_SIZES, vmSize } from './compute/vm-sizes.ts';
import type { Plane } from './auth/tokens.ts';
import {
  createBatchEndpoint,
  deleteBatchEndpoint,
  getBatchEndpoint,
  putBatchDeployment,
  routeInvocation,
  updateBatchEndpoint,
  type BatchDeployment,
  type BatchEndpoint,
  type EndpointContext,
} from './endpoints/batch-endpoints.ts';
import { SimError } from './errors.ts';
import { createBatchJob, type BatchJob } from './jobs/batch-job.ts';
import { acceptInput } from './jobs/inputs.ts';
import type { Simulator } from './simulator.ts';
import type { PipelineRun, PipelineSpec, StepSpec } from './pipelines/model.ts';
import { submitPipeline, validatePipeline } from './pipelines/pipeline-runs.ts';
import type { StepServices } from './pipelines/steps.ts';
import { createOnlineDeployment, createOnlineEndpoint, getOnlineEndpoint, setTraffic } from './online/endpoints.ts';
import type { OnlineDeployment, OnlineEndpoint, ScoreResponse } from './online/model.ts';
import type { OnlineServices } from './online/provisioning.ts';
import { scoreOnline } from './online/serving.ts';
import { DATASTORE_CREDENTIALS, datastoreUri, isCloudUri, resolveCloudUri, type Datastore, type DatastoreCredentials } from './storage/datastores.ts';
import { SAS_VALIDITY_MS, checkPermissions } from './storage/sas.ts';
import { DEFAULT_DATASTORE, type Workspace } from './workspace/workspace.ts';

export interface Credentials {
  /** Token sent to management operations. */
  management?: string;
  /** Token sent to batch endpoint invocations. */
  ml?: string;
}

export interface InvokeOptions {
  input?: { type?: string; path?: string };
  /** The azureml-model-deployment header. */
  deployment?: string;
  /** Output folder (a datastore URI) and file name. */
  outputPath?: string;
  outputFileName?: string;
}

export class MLClient {
  readonly credentials: Credentials;
  /** Signed in as a service principal (unregistered datasets cannot be used then, PRS-20). */
  servicePrincipal = false;

  constructor(
    private readonly sim: Simulator,
    private readonly workspaceName: string,
    credentials: Credentials,
    /** Folder local paths (code, models, data) are relative to. */
    private readonly baseDir = process.cwd(),
  ) {
    this.credentials = { ...credentials };
  }

  get workspace(): Workspace {
    return this.sim.workspace(this.workspaceName);
  }

  /** Checks the management token alone (reads that need no other call). */
  async authorizeManagement(): Promise<void> {
    await this.#authorize('management');
  }

  async #authorize(plane: Plane): Promise<Workspace> {
    await this.sim.tokens.verify(plane === 'management' ? this.credentials.management : this.credentials.ml, plane);
    return this.workspace;
  }

  #endpointContext(ws: Workspace): EndpointContext {
    return { workspace: ws, names: this.sim.names, clock: this.sim.clock, profile: this.sim.profile };
  }

  readonly computes = {
    create: async (spec: { name: string; type?: ComputeType; size?: string; min_instances?: number; max_instances?: number; os?: 'linux' | 'windows' }): Promise<ComputeCluster> => {
      const ws = await this.#authorize('management');
      const type = spec.type ?? 'amlcompute';
      if (!COMPUTE_TYPES.includes(type)) throw new SimError('BadRequest', { problem: `Compute type '${type}' is not one of ${COMPUTE_TYPES.join(', ')}.` }, { target: 'type' });
      if (ws.computes.has(spec.name)) throw new SimError('ResourceAlreadyExists', { kind: 'compute', name: spec.name, workspace: ws.name });
      const size = spec.size ?? 'STANDARD_DS3_V2';
      if (!vmSize(size)) throw new SimError('BadRequest', { problem: `VM size '${size}' is not one of ${Object.keys(VM_SIZES).join(', ')}.` }, { target: 'size' });
      const max = spec.max_instances ?? 4;
      if (!Number.isInteger(max) || max < 1) throw new SimError('BadRequest', { problem: `max_instances must be a whole number >= 1, got ${max}.` }, { target: 'max_instances' });
      const compute: ComputeCluster = {
        name: spec.name,
        type,
        size: size.toUpperCase(),
        minInstances: spec.min_instances ?? 0,
        maxInstances: max,
        identity: { principalId: `mi-${spec.name}-${randomUUID().slice(0, 8)}` },
        os: spec.os ?? 'linux',
      };
      ws.computes.set(spec.name, compute);
      return compute;
    },
    delete: async (name: string): Promise<void> => {
      const ws = await this.#authorize('management');
      if (!ws.computes.delete(name)) throw new SimError('ResourceNotFound', { kind: 'compute', name, workspace: ws.name });
    },
    show: async (name: string): Promise<ComputeCluster> => {
      const ws = await this.#authorize('management');
      const compute = ws.computes.get(name);
      if (!compute) throw new SimError('ResourceNotFound', { kind: 'compute', name, workspace: ws.name });
      return compute;
    },
    list: async (): Promise<ComputeCluster[]> => [...(await this.#authorize('management')).computes.values()],
  };

  readonly storage = {
    /** A storage account outside the workspace (as a data owner would create it). */
    createAccount: async (name: string) => {
      await this.#authorize('management');
      return this.sim.blobs.createAccount(name);
    },
    /** Uploads a local file or folder to a cloud URI (az storage blob upload-batch). */
    upload: async (localPath: string, uri: string): Promise<number> => {
      const ws = await this.#authorize('management');
      const location = resolveCloudUri(uri, ws.datastores, ws.name);
      const tree = readLocal(resolve(this.baseDir, localPath), 'localPath');
      for (const [path, data] of tree) await this.sim.blobs.put(location.accountName, location.containerName, `${location.path}/${path}`, data);
      return tree.size;
    },
    download: async (uri: string): Promise<Buffer | undefined> => {
      const ws = await this.#authorize('management');
      const location = resolveCloudUri(uri, ws.datastores, ws.name);
      return this.sim.blobs.accounts.has(location.accountName) ? this.sim.blobs.get(location.accountName, location.containerName, location.path) : undefined;
    },
    /** A service SAS for one container, made with the account's key (az storage container generate-sas). */
    generateSas: async (accountName: string, containerName: string, permissions: string): Promise<string> => {
      await this.#authorize('management');
      checkPermissions(permissions);
      return this.sim.blobs.containerSas(accountName, containerName, permissions, SAS_VALIDITY_MS);
    },
    /** Role assignment on a storage account (Storage Blob Data Reader, ...). */
    grant: async (accountName: string, principalId: string, role: string) => {
      await this.#authorize('management');
      this.sim.blobs.grant(accountName, principalId, role);
    },
  };

  readonly datastores = {
    /** A datastore on a blob container; 'sas' credentials need the token (sas_token). */
    create: async (spec: { name: string; account_name: string; container_name: string; credentials?: DatastoreCredentials; sas_token?: string }): Promise<Datastore> => {
      const ws = await this.#authorize('management');
      if (ws.datastores.has(spec.name)) throw new SimError('ResourceAlreadyExists', { kind: 'datastore', name: spec.name, workspace: ws.name });
      this.sim.blobs.account(spec.account_name);
      const credentials = spec.credentials ?? 'account_key';
      if (!DATASTORE_CREDENTIALS.includes(credentials)) {
        throw new SimError('BadRequest', { problem: `Datastore credentials '${credentials}' are not one of ${DATASTORE_CREDENTIALS.join(', ')}.` }, { target: 'credentials' });
      }
      if ((credentials === 'sas') !== (spec.sas_token !== undefined)) {
        throw new SimError('BadRequest', { problem: 'A datastore has a sas_token exactly when its credentials are sas.' }, { target: 'sas_token' });
      }
      const datastore: Datastore = { name: spec.name, accountName: spec.account_name, containerName: spec.container_name, credentials, sasToken: spec.sas_token };
      ws.datastores.set(spec.name, datastore);
      return datastore;
    },
  };

  readonly data = {
    /** Registers data; a local path is uploaded to the workspace's default datastore first. */
    create: async (spec: { name: string; version?: string; type: DataType; path: string }): Promise<DataAsset> => {
      const ws = await this.#authorize('management');
      if (!DATA_TYPES.includes(spec.type)) throw new SimError('BadRequest', { problem: `Data type '${spec.type}' is not one of ${DATA_TYPES.join(', ')}.` }, { target: 'type' });
      const path = isCloudUri(spec.path) ? spec.path : await this.#uploadLocal(ws, spec.path);
      const asset: DataAsset = { id: randomUUID(), name: spec.name, version: spec.version ?? ws.data.nextVersion(spec.name), type: spec.type, path };
      return ws.data.add(asset);
    },
  };

  readonly models = {
    create: async (spec: { name: string; version?: string; type?: ModelType; path: string }): Promise<ModelAsset> => {
      const ws = await this.#authorize('management');
      const files = readLocal(resolve(this.baseDir, spec.path), 'path');
      return ws.models.add(makeModel(spec.name, spec.version ?? ws.models.nextVersion(spec.name), spec.type ?? 'custom_model', files));
    },
  };

  /** A code version: the folder is read at once, so a missing one is refused here. */
  readonly codes = {
    create: async (spec: { name: string; version?: string; path: string; uri?: string }): Promise<CodeAsset> => {
      const ws = await this.#authorize('management');
      const path = resolve(this.baseDir, spec.path);
      if (readLocal(path, 'path').size === 0) throw new SimError('BadRequest', { problem: `The code folder '${spec.path}' is empty.` }, { target: 'codeUri' });
      return ws.codes.add({ name: spec.name, version: spec.version ?? ws.codes.nextVersion(spec.name), uri: spec.uri ?? spec.path, path });
    },
  };

  readonly environments = {
    create: async (spec: { name: string; version?: string; image?: string; packages: string[] }): Promise<Environment> => {
      const ws = await this.#authorize('management');
      return ws.environments.add({
        name: spec.name,
        version: spec.version ?? ws.environments.nextVersion(spec.name),
        image: spec.image ?? 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04',
        packages: [...spec.packages],
      });
    },
  };

  /** The 2021 preview CLI's `az ml endpoint show --name N [--type batch]`: the type defaults to online (BE-03). */
  readonly endpoints = {
    show: async (name: string, options: { type?: 'online' | 'batch' } = {}): Promise<BatchEndpoint | OnlineEndpoint> => {
      const ws = await this.#authorize('management');
      const type = options.type ?? 'online';
      if (type === 'batch') return getBatchEndpoint(ws, name);
      return getOnlineEndpoint(this.#onlineServices(ws), name);
    },
  };

  readonly batchEndpoints = {
    create: async (spec: unknown): Promise<BatchEndpoint> => createBatchEndpoint(this.#endpointContext(await this.#authorize('management')), spec),
    update: async (spec: unknown): Promise<BatchEndpoint> => updateBatchEndpoint(this.#endpointContext(await this.#authorize('management')), spec),
    show: async (name: string): Promise<BatchEndpoint> => getBatchEndpoint(await this.#authorize('management'), name),
    delete: async (name: string): Promise<BatchEndpoint> => deleteBatchEndpoint(this.#endpointContext(await this.#authorize('management')), name),
    /** POST to the endpoint's scoring URI: returns the job at once (BE-08). */
    invoke: async (name: string, options: InvokeOptions): Promise<BatchJob> => {
      const ws = await this.#authorize('ml');
      const endpoint = getBatchEndpoint(ws, name);
      if (endpoint.state === 'Deleting') throw new SimError('ResourceNotFound', { kind: 'batch endpoint', name, workspace: ws.name });
      const deployment = routeInvocation(endpoint, options.deployment, ws.name);
      const input = await this.#localInput(ws, options.input);
      const accepted = acceptInput(ws, input);
      return createBatchJob(
        { workspace: ws, clock: this.sim.clock, blobs: this.sim.blobs, runtime: this.sim.runtime, tenantId: this.sim.tokens.tenantId },
        deployment,
        accepted,
        { path: options.outputPath, fileName: options.outputFileName },
      );
    },
  };

  readonly batchDeployments = {
    /** Creates or updates a deployment; its code folder is uploaded as a snapshot. */
    create: async (spec: Record<string, unknown>, options: { setDefault?: boolean } = {}): Promise<BatchDeployment> => {
      const ws = await this.#authorize('management');
      const codeConfig = (spec as { code_configuration?: { code?: unknown } } | null | undefined)?.code_configuration;
      const code = typeof codeConfig?.code === 'string' && codeConfig.code !== '' ? readLocal(resolve(this.baseDir, codeConfig.code), 'code_configuration.code') : undefined;
      const deployment = putBatchDeployment(this.#endpointContext(ws), spec, code);
      if (options.setDefault) {
        const endpoint = getBatchEndpoint(ws, deployment.spec.endpoint_name);
        endpoint.spec = { ...endpoint.spec, defaults: { deployment_name: deployment.spec.name } };
      }
      return deployment;
    },
    show: async (endpointName: string, name: string): Promise<BatchDeployment> => {
      const ws = await this.#authorize('management');
      const deployment = getBatchEndpoint(ws, endpointName).deployments.get(name);
      if (!deployment) throw new SimError('ResourceNotFound', { kind: 'batch deployment', name, workspace: ws.name });
      return deployment;
    },
  };

  readonly pipelines = {
    /** Submits a pipeline; every step's source directory is uploaded as its code snapshot. */
    submit: async (spec: unknown, options: { parameters?: Record<string, string | number> } = {}): Promise<PipelineRun> => {
      const ws = await this.#authorize('management');
      const validated = validatePipeline(spec);
      const code = new Map(validated.steps.map((step) => [step.name, this.#stepCode(step)]));
      return submitPipeline(this.#stepServices(ws), { spec: validated, code }, options.parameters);
    },
    /** Submits a run's pipeline again, with the same snapshot, parameters overridden. */
    resubmit: async (runId: string, options: { parameters?: Record<string, string | number> } = {}): Promise<PipelineRun> => {
      const ws = await this.#authorize('management');
      const { run, code } = this.#pipelineRun(ws, runId);
      return submitPipeline(this.#stepServices(ws), { spec: structuredClone(run.snapshot) as PipelineSpec, code }, { ...run.parameters, ...options.parameters });
    },
    get: async (runId: string): Promise<PipelineRun> => this.#pipelineRun(await this.#authorize('management'), runId).run,
    /** A run cannot be edited (PL-08). */
    update: async (runId: string, _changes: unknown): Promise<never> => {
      this.#pipelineRun(await this.#authorize('management'), runId);
      throw new SimError('PipelineRunImmutable', { run: runId });
    },
    /** Clones a run into a new, editable pipeline draft. */
    clone: async (runId: string): Promise<PipelineSpec> => structuredClone(this.#pipelineRun(await this.#authorize('management'), runId).run.snapshot) as PipelineSpec,
  };

  readonly onlineEndpoints = {
    create: async (spec: unknown): Promise<OnlineEndpoint> => createOnlineEndpoint(this.#onlineServices(await this.#authorize('management')), this.sim.names, spec),
    show: async (name: string): Promise<OnlineEndpoint> => getOnlineEndpoint(this.#onlineServices(await this.#authorize('management')), name),
    /** az ml online-endpoint update --traffic / --mirror-traffic. */
    setTraffic: async (name: string, traffic: Record<string, number>, mirror: Record<string, number> = {}): Promise<void> => {
      setTraffic(getOnlineEndpoint(this.#onlineServices(await this.#authorize('management')), name), traffic, mirror);
    },
    getKeys: async (name: string) => ({ ...getOnlineEndpoint(this.#onlineServices(await this.#authorize('management')), name).keys }),
    /** az ml online-endpoint invoke: keys (auth_mode key) or an ml.azure.com token (aml_token). */
    invoke: async (name: string, body: string, options: { deployment?: string; key?: string } = {}): Promise<ScoreResponse> => {
      const ws = this.workspace;
      const endpoint = getOnlineEndpoint(this.#onlineServices(ws), name);
      if (endpoint.spec.auth_mode === 'key') {
        const key = options.key ?? endpoint.keys.primary;
        if (key !== endpoint.keys.primary && key !== endpoint.keys.secondary) throw new SimError('InvalidKey', { endpoint: name });
      } else {
        await this.#authorize('ml');
      }
      // A scoring request answers in service time: the clock runs until the answer is there.
      let answer: ScoreResponse | undefined;
      const pending = scoreOnline(this.#onlineServices(ws), endpoint, body, { deployment: options.deployment }).then((r) => (answer = r));
      await this.sim.clock.runUntil(() => answer !== undefined);
      return pending;
    },
  };

  readonly onlineDeployments = {
    /** Creates a deployment: the code folder and the model are uploaded, then it comes up on the clock. */
    create: async (spec: Record<string, unknown>): Promise<OnlineDeployment> => {
      const ws = await this.#authorize('management');
      const codeConfig = (spec as { code_configuration?: { code?: unknown } } | null | undefined)?.code_configuration;
      const code = typeof codeConfig?.code === 'string' && codeConfig.code !== '' ? readLocal(resolve(this.baseDir, codeConfig.code), 'code_configuration.code') : new Map<string, Buffer>();
      const model = typeof spec.model === 'string' && ws.models.has(spec.model) ? ws.models.get(spec.model) : undefined;
      const models = new Map([...(model?.files ?? new Map<string, Buffer>())].map(([path, data]) => [`${model!.name}/${model!.version}/${path}`, data]));
      const services = this.#onlineServices(ws);
      const [codeMount, modelMount] = await Promise.all([this.sim.runtime.mount('online-code', code), this.sim.runtime.mount('online-models', models)]);
      try {
        return createOnlineDeployment(services, spec, code, { code: codeMount.dir, models: modelMount.dir });
      } catch (error) {
        await Promise.all([codeMount.release(), modelMount.release()]);
        throw error;
      }
    },
    show: async (endpoint: string, name: string): Promise<OnlineDeployment> => {
      const found = getOnlineEndpoint(this.#onlineServices(await this.#authorize('management')), endpoint).deployments.get(name);
      if (!found) throw new SimError('ResourceNotFound', { kind: 'online deployment', name, workspace: this.workspaceName });
      return found;
    },
    /** az ml online-deployment get-logs (OD-03). */
    getLogs: async (endpoint: string, name: string): Promise<string> => (await this.onlineDeployments.show(endpoint, name)).log.read('service.log') ?? '',
  };

  readonly jobs = {
    show: async (name: string) => {
      const job = this.#job(await this.#authorize('management'), name);
      return {
        name: job.name,
        status: job.status,
        error: job.error,
        output: `${job.output.uri.replace(/\/$/, '')}/${job.output.fileName}`,
        interaction_endpoints: { Studio: { endpoint: job.studioUrl } },
      };
    },
    /** az ml job stream: only the azureml-logs folder is streamed. */
    stream: async (name: string): Promise<string> => {
      const job = this.#job(await this.#authorize('management'), name);
      return job.log
        .entries()
        .filter(([path]) => path.startsWith('azureml-logs/'))
        .map(([path, text]) => `=== ${path} ===\n${text}`)
        .join('');
    },
    /** az ml job download: the whole log tree. */
    logs: async (name: string): Promise<Map<string, string>> => new Map(this.#job(await this.#authorize('management'), name).log.entries()),
    get: async (name: string): Promise<BatchJob> => this.#job(await this.#authorize('management'), name),
  };

  #onlineServices(ws: Workspace): OnlineServices {
    return { ws, clock: this.sim.clock, runtime: this.sim.runtime };
  }

  #stepServices(ws: Workspace): StepServices {
    return { ws, clock: this.sim.clock, blobs: this.sim.blobs, runtime: this.sim.runtime, servicePrincipal: this.servicePrincipal };
  }

  #pipelineRun(ws: Workspace, runId: string) {
    const found = ws.pipelineRuns.get(runId);
    if (!found) throw new SimError('ResourceNotFound', { kind: 'pipeline run', name: runId, workspace: ws.name });
    return found;
  }

  /**
   * A step's code snapshot: its source_directory; for a ParallelRunStep without one, the
   * entry_script file alone, a path on this machine (PRS-05).
   */
  #stepCode(step: StepSpec): FileTree {
    if (step.type === 'script') return this.#requireFile(readLocal(resolve(this.baseDir, step.source_directory), 'source_directory'), step.script_name, step);
    const config = step.parallel_run_config;
    if (config.source_directory) return this.#requireFile(readLocal(resolve(this.baseDir, config.source_directory), 'parallel_run_config.source_directory'), config.entry_script, step);
    return readLocal(resolve(this.baseDir, config.entry_script), 'parallel_run_config.entry_script');
  }

  #requireFile(tree: FileTree, script: string, step: StepSpec): FileTree {
    if (!tree.has(script.replace(/^\.?\//, ''))) {
      const target = step.type === 'script' ? 'script_name' : 'parallel_run_config.entry_script';
      throw new SimError('BadRequest', { problem: `Step '${step.name}': '${script}' is not in its source_directory.` }, { target });
    }
    return tree;
  }

  #job(ws: Workspace, name: string): BatchJob {
    const job = ws.jobs.get(name);
    if (!job) throw new SimError('ResourceNotFound', { kind: 'job', name, workspace: ws.name });
    return job;
  }

  /** Local data is uploaded to the default datastore before the invocation, as the CLI does. */
  async #localInput(ws: Workspace, input: InvokeOptions['input']): Promise<InvokeOptions['input']> {
    const path = input?.path;
    if (typeof path !== 'string' || path.startsWith('azureml:') || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return input;
    const local = resolve(this.baseDir, path);
    if (!existsSync(local)) return input; // not local data either: acceptInput says why
    return { ...input, path: await this.#uploadLocal(ws, path) };
  }

  async #uploadLocal(ws: Workspace, localPath: string): Promise<string> {
    const local = resolve(this.baseDir, localPath);
    const tree = readLocal(local, 'path');
    const hash = createHash('sha256');
    for (const [path, data] of tree) hash.update(path).update(data);
    const store = ws.datastores.get(DEFAULT_DATASTORE)!;
    const folder = `LocalUpload/${hash.digest('hex').slice(0, 16)}/${basename(local)}`;
    const single = statSync(local).isFile();
    for (const [path, data] of tree) await this.sim.blobs.put(store.accountName, store.containerName, single ? folder : `${folder}/${path}`, data);
    return datastoreUri(DEFAULT_DATASTORE, folder);
  }
}

/** What one read of local files may bring into memory: the simulator holds every blob it keeps. */
const LOCAL_READ_LIMIT_BYTES = 1024 * 1024 * 1024;

/**
 * Reads a local file or folder into a tree of relative paths; `field` names it in errors. Only
 * regular files are read, each for the size the file system gives (a device, a pipe or /proc's
 * endless files are not data), and only once the whole folder is known to fit in
 * LOCAL_READ_LIMIT_BYTES.
 */
export function readLocal(path: string, field: string): FileTree {
  if (!existsSync(path)) throw new SimError('BadRequest', { problem: `The ${field} '${path}' does not exist on this machine.` }, { target: field });
  // The whole disk is never what was meant, and walking it only to refuse it takes long.
  if (dirname(resolve(path)) === resolve(path)) throw new SimError('LocalPathUnreadable', { field, path, problem: 'it is the root of the file system' }, { target: field });
  try {
    const files = listLocal(path, field);
    const tree = new Map<string, Buffer>();
    for (const [name, full, size] of files) tree.set(name, readFile(full, size));
    return tree;
  } catch (error) {
    if (error instanceof SimError) throw error;
    throw new SimError('LocalPathUnreadable', { field, path, problem: (error as Error).message }, { target: field });
  }
}

function listLocal(path: string, field: string): Array<[name: string, full: string, size: number]> {
  const tooLarge = () => new SimError('LocalPathTooLarge', { field, path, limit: LOCAL_READ_LIMIT_BYTES / 1024 ** 2 }, { target: field });
  const root = statSync(path);
  if (root.isFile()) {
    if (root.size > LOCAL_READ_LIMIT_BYTES) throw tooLarge();
    return [[basename(path), path, root.size]];
  }
  if (!root.isDirectory()) throw new SimError('LocalPathUnreadable', { field, path, problem: 'it is neither a file nor a folder' }, { target: field });
  const files: Array<[string, string, number]> = [];
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const size = statSync(full).size;
        bytes += size;
        if (bytes > LOCAL_READ_LIMIT_BYTES) throw tooLarge();
        files.push([relative(path, full).split('\\').join('/'), full, size]);
      }
    }
  };
  walk(path);
  return files;
}

function readFile(path: string, size: number): Buffer {
  const data = Buffer.alloc(size);
  if (size === 0) return data;
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < size) {
      const n = readSync(fd, data, read, size - read, read);
      if (n === 0) break; // the file shrank since it was listed
      read += n;
    }
    return data.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
