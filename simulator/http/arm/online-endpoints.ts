/**
 * Online endpoints and deployments over ARM. A deployment's PUT is long-running for real: its
 * operation stays InProgress through the documented provisioning states on the virtual clock and
 * ends Succeeded (Ready) or Failed (with the deployment's error).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SimError } from '../../errors.ts';
import type { OnlineDeployment, OnlineEndpoint, Probe } from '../../online/model.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { answer, checkRequest } from '../app.ts';
import { scoringUri } from '../data-plane.ts';
import { accepted, startOperation } from '../lro.ts';
import type { OperationProbe } from '../operations.ts';
import type { SimulatorService } from '../service.ts';
import { durationMs, isoDuration } from './durations.ts';
import { assetReference, dropUndefined, envelope, nameOf, resourceId, scope, WORKSPACE_PATH } from './resource.ts';

const ENDPOINT = 'arm/online-endpoint#/definitions/resource';
const DEPLOYMENT = 'arm/online-deployment#/definitions/resource';

interface EndpointBody {
  properties: { authMode: 'Key' | 'AMLToken' | 'AADToken'; description?: string; compute?: string; traffic?: Record<string, number>; mirrorTraffic?: Record<string, number> };
}

interface ArmProbe {
  initialDelay?: string;
  period?: string;
  timeout?: string;
  successThreshold?: number;
  failureThreshold?: number;
}

interface DeploymentBody {
  sku?: { name?: string; capacity?: number };
  properties: {
    endpointComputeType: 'Managed' | 'Kubernetes';
    model: string;
    codeConfiguration?: { codeId: string; scoringScript: string };
    environmentId?: string;
    environmentVariables?: Record<string, string | null>;
    instanceType?: string;
    requestSettings?: { requestTimeout?: string; maxConcurrentRequestsPerInstance?: number; maxQueueWait?: string };
    scaleSettings?: { scaleType: 'Default' | 'TargetUtilization'; minInstances?: number; maxInstances?: number; targetUtilizationPercentage?: number; pollingInterval?: string };
    livenessProbe?: ArmProbe;
    readinessProbe?: ArmProbe;
  };
}

const AUTH_MODES = { key: 'Key', aml_token: 'AMLToken' } as const;

function endpointToArm(request: FastifyRequest, ws: Workspace, e: OnlineEndpoint) {
  return envelope(
    ws,
    ['onlineEndpoints', e.spec.name],
    {
      authMode: AUTH_MODES[e.spec.auth_mode],
      description: e.spec.description,
      compute: e.spec.compute === 'managed' ? undefined : resourceId(ws, 'computes', nameOf(e.spec.compute)),
      traffic: e.spec.traffic,
      mirrorTraffic: e.spec.mirror_traffic,
      scoringUri: scoringUri(request, e.region, e.spec.name, 'score'),
      provisioningState: 'Succeeded',
    },
    { location: e.region },
  );
}

/** Provisioning, as ARM states it: the documented lifecycle states all read "Creating". */
function deploymentProbe(d: OnlineDeployment): OperationProbe {
  if (d.state === 'Ready') return { status: 'Succeeded' };
  if (d.state === 'Failed' || d.state === 'CrashLoopBackOff') {
    return { status: 'Failed', error: d.error ?? { code: 'DeploymentFailed', message: `Deployment '${d.spec.name}' is ${d.state}; see its logs.` } };
  }
  return { status: 'InProgress' };
}

const PROVISIONING = { InProgress: 'Creating', Succeeded: 'Succeeded', Failed: 'Failed', Canceled: 'Canceled' } as const;

function probeToArm(p: Probe) {
  return { initialDelay: isoDuration(p.initial_delay * 1000), period: isoDuration(p.period * 1000), timeout: isoDuration(p.timeout * 1000), successThreshold: p.success_threshold, failureThreshold: p.failure_threshold };
}

function probeSpec(p: ArmProbe | undefined): Record<string, number> | undefined {
  if (!p) return undefined;
  const seconds = (iso?: string) => (iso === undefined ? undefined : durationMs(iso) / 1000);
  return dropEmpty({ initial_delay: seconds(p.initialDelay), period: seconds(p.period), timeout: seconds(p.timeout), success_threshold: p.successThreshold, failure_threshold: p.failureThreshold });
}

function dropEmpty<T>(value: Record<string, T | undefined>): Record<string, T> {
  return dropUndefined(value) as Record<string, T>;
}

function deploymentToArm(ws: Workspace, d: OnlineDeployment) {
  const s = d.spec;
  const scale = s.scale_settings;
  return envelope(
    ws,
    ['onlineEndpoints', s.endpoint_name, 'deployments', s.name],
    {
      endpointComputeType: d.compute ? 'Kubernetes' : 'Managed',
      model: resourceId(ws, 'models', d.model.name, 'versions', d.model.version),
      codeConfiguration: { codeId: codeId(ws, s.code_configuration.code), scoringScript: s.code_configuration.scoring_script },
      environmentId: resourceId(ws, 'environments', d.environment.name, 'versions', d.environment.version),
      environmentVariables: s.environment_variables,
      instanceType: s.instance_type,
      requestSettings: { requestTimeout: isoDuration(s.request_settings.request_timeout_ms), maxConcurrentRequestsPerInstance: s.request_settings.max_concurrent_requests_per_instance, maxQueueWait: isoDuration(s.request_settings.max_queue_wait_ms) },
      scaleSettings: scale.autoscale_enabled
        ? { scaleType: 'TargetUtilization', minInstances: scale.autoscale_min_replicas, maxInstances: scale.autoscale_max_replicas, targetUtilizationPercentage: scale.autoscale_target_utilization, pollingInterval: isoDuration(scale.autoscale_refresh_seconds * 1000) }
        : { scaleType: 'Default' },
      livenessProbe: probeToArm(s.liveness_probe),
      readinessProbe: probeToArm(s.readiness_probe),
      provisioningState: PROVISIONING[deploymentProbe(d).status],
    },
    { location: ws.region, sku: { name: 'Default', capacity: d.replicas.length } },
  );
}

function codeId(ws: Workspace, folder: string): string {
  const code = ws.codes.list().find((c) => c.path === folder);
  return code ? resourceId(ws, 'codes', code.name, 'versions', code.version) : folder;
}

function deploymentSpec(ws: Workspace, endpoint: string, name: string, body: DeploymentBody): Record<string, unknown> {
  const p = body.properties;
  const scale = p.scaleSettings ?? { scaleType: 'Default' };
  const code = p.codeConfiguration ? ws.codes.get(assetReference(p.codeConfiguration.codeId, 'codes', 'properties.codeConfiguration.codeId')) : undefined;
  if (!code || !p.codeConfiguration || !p.environmentId) {
    throw new SimError('BadRequest', { problem: `Online deployment '${name}' needs properties.codeConfiguration (codeId, scoringScript) and properties.environmentId.` }, { target: 'properties.codeConfiguration' });
  }
  const request = p.requestSettings;
  return {
    name,
    endpoint_name: endpoint,
    model: assetReference(p.model, 'models', 'properties.model'),
    code_configuration: { code: code.path, scoring_script: p.codeConfiguration.scoringScript },
    environment: assetReference(p.environmentId, 'environments', 'properties.environmentId'),
    ...(p.environmentVariables ? { environment_variables: dropEmpty(p.environmentVariables) } : {}),
    ...(p.instanceType ? { instance_type: p.instanceType } : {}),
    request_settings: dropEmpty({
      request_timeout_ms: request?.requestTimeout === undefined ? undefined : durationMs(request.requestTimeout),
      max_concurrent_requests_per_instance: request?.maxConcurrentRequestsPerInstance,
      max_queue_wait_ms: request?.maxQueueWait === undefined ? undefined : durationMs(request.maxQueueWait),
    }),
    scale_settings:
      scale.scaleType === 'TargetUtilization'
        ? dropEmpty({
            autoscale_enabled: true as unknown,
            autoscale_min_replicas: scale.minInstances,
            autoscale_max_replicas: scale.maxInstances,
            autoscale_target_utilization: scale.targetUtilizationPercentage,
            autoscale_refresh_seconds: scale.pollingInterval === undefined ? undefined : durationMs(scale.pollingInterval) / 1000,
          })
        : { autoscale_enabled: false, num_replicas: body.sku?.capacity ?? 1 },
    ...(probeSpec(p.livenessProbe) ? { liveness_probe: probeSpec(p.livenessProbe) } : {}),
    ...(probeSpec(p.readinessProbe) ? { readiness_probe: probeSpec(p.readinessProbe) } : {}),
  };
}

export function registerOnlineEndpoints(app: FastifyInstance, service: SimulatorService): void {
  const endpointPath = `${WORKSPACE_PATH}/onlineEndpoints/:endpoint`;
  const deploymentPath = `${endpointPath}/deployments/:deployment`;

  app.get(endpointPath, { config: { arm: true, operation: 'GET onlineEndpoints' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    return answer(reply, 200, ENDPOINT, endpointToArm(request, ws, await ml.onlineEndpoints.show(params.endpoint)));
  });

  app.put(endpointPath, { config: { arm: true, operation: 'PUT onlineEndpoints' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const body = checkRequest<EndpointBody>('arm/online-endpoint#/definitions/request', 'online endpoint', params.endpoint, request.body);
    const p = body.properties;
    if (p.authMode === 'AADToken') throw new SimError('BadRequest', { problem: 'Online endpoints take authMode Key or AMLToken.' }, { target: 'properties.authMode' });
    const existing = ws.onlineEndpoints.get(params.endpoint);
    const endpoint =
      existing ??
      (await ml.onlineEndpoints.create({
        name: params.endpoint,
        auth_mode: p.authMode === 'Key' ? 'key' : 'aml_token',
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(p.compute ? { compute: `azureml:${nameOf(p.compute)}` } : {}),
      }));
    if (p.traffic || p.mirrorTraffic) await ml.onlineEndpoints.setTraffic(params.endpoint, p.traffic ?? endpoint.spec.traffic, p.mirrorTraffic ?? {});
    if (existing) return answer(reply, 200, ENDPOINT, endpointToArm(request, ws, endpoint));
    const operation = startOperation(service, ws, `PUT onlineEndpoints/${params.endpoint}`);
    return accepted(service, request, reply, operation, { schema: ENDPOINT, body: endpointToArm(request, ws, endpoint) });
  });

  app.post(`${endpointPath}/listKeys`, { config: { arm: true, operation: 'POST onlineEndpoints/listKeys' } }, async (request, reply) => {
    const { ml, params } = scope(service, request);
    const keys = await ml.onlineEndpoints.getKeys(params.endpoint);
    return answer(reply, 200, 'arm/online-endpoint#/definitions/keys', { primaryKey: keys.primary, secondaryKey: keys.secondary });
  });

  app.get(deploymentPath, { config: { arm: true, operation: 'GET onlineDeployments' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    return answer(reply, 200, DEPLOYMENT, deploymentToArm(ws, await ml.onlineDeployments.show(params.endpoint, params.deployment)));
  });

  app.put(deploymentPath, { config: { arm: true, operation: 'PUT onlineDeployments' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const body = checkRequest<DeploymentBody>('arm/online-deployment#/definitions/request', 'online deployment', params.deployment, request.body);
    const deployment = await ml.onlineDeployments.create(deploymentSpec(ws, params.endpoint, params.deployment, body));
    const operation = startOperation(service, ws, `PUT onlineDeployments/${params.deployment}`, () => deploymentProbe(deployment));
    return accepted(service, request, reply, operation, { schema: DEPLOYMENT, body: deploymentToArm(ws, deployment) });
  });

  app.post(`${deploymentPath}/getLogs`, { config: { arm: true, operation: 'POST onlineDeployments/getLogs' } }, async (request, reply) => {
    const { ml, params } = scope(service, request);
    const tail = Number((request.body as { tail?: number } | undefined)?.tail ?? 0);
    const lines = (await ml.onlineDeployments.getLogs(params.endpoint, params.deployment)).split('\n');
    return answer(reply, 200, 'arm/online-deployment#/definitions/logs', { content: (tail > 0 ? lines.slice(-tail - 1) : lines).join('\n') });
  });
}
