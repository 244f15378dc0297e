/**
 * Batch endpoints and their deployments: state and rules, no I/O. Specs arrive in the Azure ML CLI
 * v2 YAML shape and are checked against specs/schemas before any state changes.
 */
import type { FileTree } from '../../runtime/runtime.ts';
import { MLFLOW_ENVIRONMENT, type Environment } from '../assets/environments.ts';
import type { ModelAsset } from '../assets/models.ts';
import type { ComputeCluster } from '../compute/clusters.ts';
import type { VirtualClock } from '../clock.ts';
import { SimError } from '../errors.ts';
import { TIMING } from '../timing.ts';
import { validateSpec } from '../validation.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { EndpointNames } from './names.ts';

/** preview-2021: the 2021 preview, where an endpoint's model, code, environment and compute are fixed (BE-02). */
export type Profile = 'current' | 'preview-2021';
export const PROFILES: readonly Profile[] = ['current', 'preview-2021'];

export interface BatchEndpointSpec {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  auth_mode: 'aad_token';
  defaults: { deployment_name?: string };
}

export interface BatchDeploymentSpec {
  name: string;
  endpoint_name: string;
  description?: string;
  tags?: Record<string, string>;
  type: 'model';
  model: string;
  code_configuration?: { code: string; scoring_script: string };
  environment?: string;
  compute: string;
  resources: { instance_count: number; instance_type?: string; requests?: Record<string, string | number> };
  settings: {
    max_concurrency_per_instance: number;
    mini_batch_size: number;
    output_action: 'append_row' | 'summary_only';
    output_file_name: string;
    retry_settings: { max_retries: number; timeout: number };
    error_threshold: number;
    logging_level: 'info' | 'warning' | 'debug';
    environment_variables: Record<string, string>;
    resource_monitor_interval: number;
  };
}

export interface BatchDeployment {
  spec: BatchDeploymentSpec;
  model: ModelAsset;
  environment: Environment;
  compute: ComputeCluster;
  /** The uploaded code snapshot; absent for code-free MLflow deployments. */
  code?: FileTree;
  createdAt: number;
}

export interface BatchEndpoint {
  spec: BatchEndpointSpec;
  region: string;
  state: 'Succeeded' | 'Deleting';
  createdAt: number;
  deployments: Map<string, BatchDeployment>;
  scoringUri: string;
}

export interface EndpointContext {
  workspace: Workspace;
  names: EndpointNames;
  clock: VirtualClock;
  profile: Profile;
}

export function getBatchEndpoint(ws: Workspace, name: string): BatchEndpoint {
  const endpoint = ws.batchEndpoints.get(name);
  if (!endpoint) throw new SimError('ResourceNotFound', { kind: 'batch endpoint', name, workspace: ws.name });
  return endpoint;
}

export function createBatchEndpoint(ctx: EndpointContext, input: unknown): BatchEndpoint {
  const spec = validateSpec<BatchEndpointSpec>('batch-endpoint', 'batch endpoint', input);
  const ws = ctx.workspace;
  const unsupported = ws.unsupportedConfiguration();
  if (unsupported) throw new SimError('UnsupportedWorkspaceConfiguration', { workspace: ws.name, configuration: unsupported });
  if (ws.batchEndpoints.has(spec.name) || !ctx.names.take(ws.region, spec.name)) {
    throw new SimError('EndpointNameUnavailable', { name: spec.name, region: ws.region }, { target: 'name' });
  }
  if (spec.defaults.deployment_name) {
    ctx.names.release(ws.region, spec.name);
    throw new SimError('ResourceNotFound', { kind: 'batch deployment', name: spec.defaults.deployment_name, workspace: ws.name });
  }
  const endpoint: BatchEndpoint = {
    spec,
    region: ws.region,
    state: 'Succeeded',
    createdAt: ctx.clock.now(),
    deployments: new Map(),
    scoringUri: `https://${spec.name}.${ws.region}.inference.ml.azure.com/jobs`,
  };
  ws.batchEndpoints.set(spec.name, endpoint);
  return endpoint;
}

/** Updates description, tags and defaults.deployment_name (the default deployment, BE-21). */
export function updateBatchEndpoint(ctx: EndpointContext, input: unknown): BatchEndpoint {
  const spec = validateSpec<BatchEndpointSpec>('batch-endpoint', 'batch endpoint', input);
  const endpoint = liveEndpoint(ctx.workspace, spec.name);
  const target = spec.defaults.deployment_name;
  if (target && !endpoint.deployments.has(target)) {
    throw new SimError('ResourceNotFound', { kind: 'batch deployment', name: target, workspace: ctx.workspace.name }, { target: 'defaults.deployment_name' });
  }
  endpoint.spec = spec;
  return endpoint;
}

/** Marks the endpoint for deletion; the name stays taken in its region until deletion ends (BE-05). */
export function deleteBatchEndpoint(ctx: EndpointContext, name: string): BatchEndpoint {
  const endpoint = liveEndpoint(ctx.workspace, name);
  endpoint.state = 'Deleting';
  ctx.names.markDeleting(endpoint.region, name);
  ctx.clock.at(ctx.clock.now() + TIMING.endpointDeletionMs, () => {
    ctx.workspace.batchEndpoints.delete(name);
    ctx.names.release(endpoint.region, name);
  });
  return endpoint;
}

function liveEndpoint(ws: Workspace, name: string): BatchEndpoint {
  const endpoint = getBatchEndpoint(ws, name);
  if (endpoint.state === 'Deleting') throw new SimError('EndpointNameUnavailable', { name, region: endpoint.region });
  return endpoint;
}

function computeName(reference: string): string {
  return reference.replace(/^azureml:/, '');
}

/**
 * Creates or updates a deployment. The code snapshot is what the client uploaded from
 * code_configuration.code. Nothing changes unless every rule holds.
 */
export function putBatchDeployment(ctx: EndpointContext, input: unknown, code?: FileTree): BatchDeployment {
  const spec = validateSpec<BatchDeploymentSpec>('batch-deployment', 'batch deployment', input);
  const ws = ctx.workspace;
  const endpoint = liveEndpoint(ws, spec.endpoint_name);
  const unsupported = ws.unsupportedConfiguration();
  if (unsupported) throw new SimError('UnsupportedWorkspaceConfiguration', { workspace: ws.name, configuration: unsupported });

  const compute = ws.computes.get(computeName(spec.compute));
  if (!compute) throw new SimError('ResourceNotFound', { kind: 'compute', name: computeName(spec.compute), workspace: ws.name }, { target: 'compute' });
  if (compute.type === 'arc_kubernetes') {
    throw new SimError('UnsupportedCompute', { problem: 'Azure Arc Kubernetes clusters', compute: compute.name }, { target: 'compute' });
  }
  if (spec.resources.requests && Object.keys(spec.resources.requests).length > 0) {
    const asked = Object.keys(spec.resources.requests).join(', ');
    throw new SimError(
      'UnsupportedCompute',
      { problem: `granular resource requests (${asked}); only resources.instance_count may be requested`, compute: compute.name },
      { target: 'resources.requests' },
    );
  }
  if (spec.resources.instance_count > compute.maxInstances) {
    throw new SimError('BadRequest', { problem: `resources.instance_count ${spec.resources.instance_count} exceeds the ${compute.maxInstances} instances of compute '${compute.name}'.` }, { target: 'resources.instance_count' });
  }

  const model = ws.models.get(spec.model);
  const codeFree = !spec.code_configuration && !spec.environment;
  if ((!spec.code_configuration || !spec.environment) && !(codeFree && model.type === 'mlflow_model')) {
    throw new SimError('MissingCodeOrEnvironment', { name: spec.name, model: `${model.name}:${model.version}` }, { target: spec.code_configuration ? 'environment' : 'code_configuration' });
  }
  if (spec.code_configuration && !code?.has(normalizeScript(spec.code_configuration.scoring_script))) {
    throw new SimError('BadRequest', { problem: `The scoring script '${spec.code_configuration.scoring_script}' is not in the code folder '${spec.code_configuration.code}'.` }, { target: 'code_configuration.scoring_script' });
  }
  const environment = spec.environment ? ws.environments.get(spec.environment) : MLFLOW_ENVIRONMENT;

  const previous = endpoint.deployments.get(spec.name);
  if (previous && ctx.profile === 'preview-2021') {
    const changed = [
      previous.model !== model && 'model',
      (!sameTree(previous.code, code) || previous.spec.code_configuration?.scoring_script !== spec.code_configuration?.scoring_script) && 'code',
      previous.environment !== environment && 'environment',
      previous.compute !== compute && 'compute',
    ].filter(Boolean);
    if (changed.length > 0) throw new SimError('ImmutableBatchEndpoint', { fields: changed.join(', '), endpoint: endpoint.spec.name });
  }
  const deployment: BatchDeployment = { spec, model, environment, compute, code, createdAt: ctx.clock.now() };
  endpoint.deployments.set(spec.name, deployment);
  return deployment;
}

export function normalizeScript(path: string): string {
  return path.replace(/^\.?\//, '');
}

function sameTree(a?: FileTree, b?: FileTree): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [path, data] of a) if (!b.get(path)?.equals(data)) return false;
  return true;
}

/** The deployment an invocation goes to: the header's, else the endpoint's default (BE-21). */
export function routeInvocation(endpoint: BatchEndpoint, deploymentHeader: string | undefined, workspace: string): BatchDeployment {
  if (deploymentHeader) {
    const deployment = endpoint.deployments.get(deploymentHeader);
    if (!deployment) throw new SimError('ResourceNotFound', { kind: 'batch deployment', name: deploymentHeader, workspace }, { target: 'azureml-model-deployment' });
    return deployment;
  }
  const name = endpoint.spec.defaults.deployment_name;
  const deployment = name ? endpoint.deployments.get(name) : undefined;
  if (!deployment) throw new SimError('NoValidDeployments');
  return deployment;
}
