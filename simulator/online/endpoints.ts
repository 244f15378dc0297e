/**
 * Online endpoints and deployments: validated specs, traffic that names existing deployments and
 * sums to 100, keys, and deployments that then come up on the clock (provisioning.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FileTree } from '../../runtime/runtime.ts';
import { SimError } from '../errors.ts';
import { LogTree } from '../jobs/log-tree.ts';
import { validateSpec } from '../validation.ts';
import type { EndpointNames } from '../endpoints/names.ts';
import type { OnlineDeployment, OnlineDeploymentSpec, OnlineEndpoint, OnlineEndpointSpec } from './model.ts';
import { provision, type OnlineServices } from './provisioning.ts';

export function getOnlineEndpoint(services: OnlineServices, name: string): OnlineEndpoint {
  const endpoint = services.ws.onlineEndpoints.get(name);
  if (!endpoint) throw new SimError('ResourceNotFound', { kind: 'online endpoint', name, workspace: services.ws.name });
  return endpoint;
}

export function createOnlineEndpoint(services: OnlineServices, names: EndpointNames, input: unknown): OnlineEndpoint {
  const spec = validateSpec<OnlineEndpointSpec>('online-endpoint', 'online endpoint', input);
  const ws = services.ws;
  if (spec.compute === 'local') {
    // A local deployment builds and runs its image on this machine (OD-02).
    if (services.runtime.name !== 'container') throw new SimError('LocalDeploymentNeedsEngine', { runtime: services.runtime.name }, { target: 'compute' });
  } else if (spec.compute !== 'managed') {
    const compute = ws.computes.get(spec.compute.replace(/^azureml:/, ''));
    if (!compute) throw new SimError('ResourceNotFound', { kind: 'compute', name: spec.compute, workspace: ws.name }, { target: 'compute' });
  }
  if (ws.onlineEndpoints.has(spec.name) || !names.take(ws.region, spec.name)) {
    throw new SimError('EndpointNameUnavailable', { name: spec.name, region: ws.region }, { target: 'name' });
  }
  const endpoint: OnlineEndpoint = {
    spec: { ...spec, traffic: {}, mirror_traffic: {} },
    region: ws.region,
    keys: { primary: randomBytes(24).toString('base64url'), secondary: randomBytes(24).toString('base64url') },
    scoringUri: `https://${spec.name}.${ws.region}.inference.ml.azure.com/score`,
    deployments: new Map(),
    routing: new Map(),
  };
  ws.onlineEndpoints.set(spec.name, endpoint);
  return endpoint;
}

/** Sets traffic and mirror traffic; nothing changes unless both are valid. */
export function setTraffic(endpoint: OnlineEndpoint, traffic: Record<string, number>, mirror: Record<string, number> = {}): void {
  const spec = validateSpec<OnlineEndpointSpec>('online-endpoint', 'online endpoint', { ...endpoint.spec, traffic, mirror_traffic: mirror });
  const shown = JSON.stringify(traffic);
  const unknown = [...Object.keys(traffic), ...Object.keys(mirror)].filter((d) => !endpoint.deployments.has(d));
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (unknown.length > 0 || (Object.keys(traffic).length > 0 && sum !== 100)) {
    throw new SimError('TrafficInvalid', { traffic: shown }, { target: 'traffic' });
  }
  for (const name of Object.keys(mirror)) {
    if ((traffic[name] ?? 0) > 0) throw new SimError('BadRequest', { problem: `Deployment '${name}' cannot take both live and mirror traffic.` }, { target: 'mirror_traffic' });
  }
  endpoint.spec = spec;
  endpoint.routing.clear();
}

/** Creates a deployment; it comes up on the clock (watch its state and history). */
export function createOnlineDeployment(
  services: OnlineServices,
  input: unknown,
  code: FileTree,
  mounts: { code: string; models: string },
): OnlineDeployment {
  const spec = validateSpec<OnlineDeploymentSpec>('online-deployment', 'online deployment', input);
  const ws = services.ws;
  const endpoint = getOnlineEndpoint(services, spec.endpoint_name);
  if (endpoint.deployments.has(spec.name)) throw new SimError('ResourceAlreadyExists', { kind: 'online deployment', name: spec.name, workspace: ws.name });
  if (spec.resources.fpga > 0) throw new SimError('FpgaQuotaRequired', {}, { target: 'resources.fpga' });
  if (!code.has(spec.code_configuration.scoring_script)) {
    throw new SimError('BadRequest', { problem: `The scoring script '${spec.code_configuration.scoring_script}' is not in the code folder '${spec.code_configuration.code}'.` }, { target: 'code_configuration.scoring_script' });
  }
  const compute = ['managed', 'local'].includes(endpoint.spec.compute) ? undefined : ws.computes.get(endpoint.spec.compute.replace(/^azureml:/, ''));
  const deployment: OnlineDeployment = {
    spec,
    model: ws.models.get(spec.model),
    environment: ws.environments.get(spec.environment),
    code,
    compute,
    state: 'ImageBuilding',
    history: [],
    replicas: [],
    log: new LogTree(services.clock),
    mounts,
    served: 0,
    mirrored: 0,
  };
  endpoint.deployments.set(spec.name, deployment);
  provision(services, deployment).catch((error: Error) => {
    deployment.state = 'Failed';
    deployment.error = { code: 'InternalError', message: error.message };
  });
  return deployment;
}
