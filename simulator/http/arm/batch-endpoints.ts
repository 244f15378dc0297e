/**
 * Batch endpoints and their deployments over ARM. PUT creates or updates (201 and an operation to
 * poll); DELETE of an endpoint is long-running for real: the name stays taken while it is deleted
 * (BE-05), and the operation ends when the endpoint is gone on the virtual clock.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BatchDeployment, BatchEndpoint } from '../../endpoints/batch-endpoints.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { answer, checkRequest } from '../app.ts';
import { scoringUri } from '../data-plane.ts';
import { accepted, startOperation } from '../lro.ts';
import type { SimulatorService } from '../service.ts';
import { durationMs, isoDuration } from './durations.ts';
import { assetReference, envelope, nameOf, resourceId, scope, WORKSPACE_PATH } from './resource.ts';

const ENDPOINT = 'arm/batch-endpoint#/definitions/resource';
const DEPLOYMENT = 'arm/batch-deployment#/definitions/resource';

interface EndpointBody {
  tags?: Record<string, string>;
  properties: { description?: string; defaults?: { deploymentName?: string | null } };
}

interface DeploymentBody {
  tags?: Record<string, string>;
  properties: {
    description?: string;
    model: { referenceType: 'Id'; assetId?: string };
    codeConfiguration?: { codeId?: string; scoringScript: string };
    environmentId?: string;
    environmentVariables?: Record<string, string | null>;
    compute: string;
    resources?: { instanceCount?: number; instanceType?: string; properties?: Record<string, unknown> };
    maxConcurrencyPerInstance?: number;
    miniBatchSize?: number;
    errorThreshold?: number;
    outputAction?: 'AppendRow' | 'SummaryOnly';
    outputFileName?: string;
    loggingLevel?: 'Info' | 'Warning' | 'Debug';
    retrySettings?: { maxRetries?: number; timeout?: string };
  };
}

function endpointToArm(request: FastifyRequest, ws: Workspace, e: BatchEndpoint) {
  return envelope(
    ws,
    ['batchEndpoints', e.spec.name],
    {
      authMode: 'AADToken',
      description: e.spec.description,
      defaults: { deploymentName: e.spec.defaults.deployment_name ?? null },
      scoringUri: scoringUri(request, e.region, e.spec.name, 'jobs'),
      provisioningState: e.state === 'Deleting' ? 'Deleting' : 'Succeeded',
    },
    { location: e.region, tags: e.spec.tags ?? {} },
    e.createdAt,
  );
}

function deploymentToArm(ws: Workspace, d: BatchDeployment) {
  const s = d.spec.settings;
  return envelope(
    ws,
    ['batchEndpoints', d.spec.endpoint_name, 'deployments', d.spec.name],
    {
      description: d.spec.description,
      model: { referenceType: 'Id', assetId: resourceId(ws, 'models', d.model.name, 'versions', d.model.version) },
      codeConfiguration: d.spec.code_configuration ? { codeId: codeId(ws, d.spec.code_configuration.code), scoringScript: d.spec.code_configuration.scoring_script } : undefined,
      environmentId: d.spec.environment ? resourceId(ws, 'environments', d.environment.name, 'versions', d.environment.version) : undefined,
      environmentVariables: s.environment_variables,
      compute: resourceId(ws, 'computes', d.compute.name),
      resources: { instanceCount: d.spec.resources.instance_count, instanceType: d.spec.resources.instance_type },
      maxConcurrencyPerInstance: s.max_concurrency_per_instance,
      miniBatchSize: s.mini_batch_size,
      errorThreshold: s.error_threshold,
      outputAction: s.output_action === 'append_row' ? 'AppendRow' : 'SummaryOnly',
      outputFileName: s.output_file_name,
      loggingLevel: (s.logging_level[0].toUpperCase() + s.logging_level.slice(1)) as 'Info',
      retrySettings: { maxRetries: s.retry_settings.max_retries, timeout: isoDuration(s.retry_settings.timeout * 1000) },
      provisioningState: 'Succeeded',
    },
    { location: ws.region, tags: d.spec.tags ?? {} },
    d.createdAt,
  );
}

/** The code version a deployment's code folder came from, when it came from one. */
function codeId(ws: Workspace, folder: string): string | undefined {
  const code = ws.codes.list().find((c) => c.path === folder);
  return code ? resourceId(ws, 'codes', code.name, 'versions', code.version) : undefined;
}

/** ARM's camelCase deployment becomes the CLI's YAML spec, the one the model validates. */
function deploymentSpec(ws: Workspace, endpoint: string, name: string, body: DeploymentBody): Record<string, unknown> {
  const p = body.properties;
  const code = p.codeConfiguration?.codeId ? ws.codes.get(assetReference(p.codeConfiguration.codeId, 'codes', 'properties.codeConfiguration.codeId')) : undefined;
  const settings: Record<string, unknown> = {
    max_concurrency_per_instance: p.maxConcurrencyPerInstance,
    mini_batch_size: p.miniBatchSize,
    output_action: p.outputAction && (p.outputAction === 'AppendRow' ? 'append_row' : 'summary_only'),
    output_file_name: p.outputFileName,
    error_threshold: p.errorThreshold,
    logging_level: p.loggingLevel?.toLowerCase(),
    environment_variables: p.environmentVariables ?? undefined,
    retry_settings: p.retrySettings && {
      ...(p.retrySettings.maxRetries !== undefined ? { max_retries: p.retrySettings.maxRetries } : {}),
      ...(p.retrySettings.timeout !== undefined ? { timeout: durationMs(p.retrySettings.timeout) / 1000 } : {}),
    },
  };
  const resources = p.resources ?? {};
  return {
    name,
    endpoint_name: endpoint,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(body.tags ? { tags: body.tags } : {}),
    model: assetReference(p.model.assetId, 'models', 'properties.model.assetId'),
    ...(code && p.codeConfiguration ? { code_configuration: { code: code.path, scoring_script: p.codeConfiguration.scoringScript } } : {}),
    ...(p.environmentId ? { environment: assetReference(p.environmentId, 'environments', 'properties.environmentId') } : {}),
    compute: `azureml:${nameOf(p.compute)}`,
    resources: {
      ...(resources.instanceCount !== undefined ? { instance_count: resources.instanceCount } : {}),
      ...(resources.instanceType !== undefined ? { instance_type: resources.instanceType } : {}),
      ...(resources.properties ? { requests: resources.properties } : {}),
    },
    settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
  };
}

export function registerBatchEndpoints(app: FastifyInstance, service: SimulatorService): void {
  const endpointPath = `${WORKSPACE_PATH}/batchEndpoints/:endpoint`;
  const deploymentPath = `${endpointPath}/deployments/:deployment`;

  app.get(`${WORKSPACE_PATH}/batchEndpoints`, { config: { arm: true, operation: 'LIST batchEndpoints' } }, async (request, reply) => {
    const { ws, ml } = scope(service, request);
    await ml.authorizeManagement();
    return answer(reply, 200, 'arm/common#/definitions/list', { value: [...ws.batchEndpoints.values()].map((e) => endpointToArm(request, ws, e)) });
  });

  app.get(endpointPath, { config: { arm: true, operation: 'GET batchEndpoints' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    return answer(reply, 200, ENDPOINT, endpointToArm(request, ws, await ml.batchEndpoints.show(params.endpoint)));
  });

  app.put(endpointPath, { config: { arm: true, operation: 'PUT batchEndpoints' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const body = checkRequest<EndpointBody>('arm/batch-endpoint#/definitions/request', 'batch endpoint', params.endpoint, request.body);
    const spec = {
      name: params.endpoint,
      ...(body.properties.description !== undefined ? { description: body.properties.description } : {}),
      ...(body.tags ? { tags: body.tags } : {}),
      defaults: body.properties.defaults?.deploymentName ? { deployment_name: body.properties.defaults.deploymentName } : {},
    };
    if (ws.batchEndpoints.has(params.endpoint)) return answer(reply, 200, ENDPOINT, endpointToArm(request, ws, await ml.batchEndpoints.update(spec)));
    const endpoint = await ml.batchEndpoints.create(spec);
    const operation = startOperation(service, ws, `PUT batchEndpoints/${params.endpoint}`);
    return accepted(service, request, reply, operation, { schema: ENDPOINT, body: endpointToArm(request, ws, endpoint) });
  });

  app.delete(endpointPath, { config: { arm: true, operation: 'DELETE batchEndpoints' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const endpoint = await ml.batchEndpoints.delete(params.endpoint);
    // Deleted once the model has let it go (after the deletion delay on the clock).
    const gone = () => ws.batchEndpoints.get(params.endpoint) !== endpoint;
    const operation = startOperation(service, ws, `DELETE batchEndpoints/${params.endpoint}`, () => ({ status: gone() ? 'Succeeded' : 'InProgress' }));
    return accepted(service, request, reply, operation);
  });

  app.get(`${endpointPath}/deployments`, { config: { arm: true, operation: 'LIST batchDeployments' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const endpoint = await ml.batchEndpoints.show(params.endpoint);
    return answer(reply, 200, 'arm/common#/definitions/list', { value: [...endpoint.deployments.values()].map((d) => deploymentToArm(ws, d)) });
  });

  app.get(deploymentPath, { config: { arm: true, operation: 'GET batchDeployments' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    return answer(reply, 200, DEPLOYMENT, deploymentToArm(ws, await ml.batchDeployments.show(params.endpoint, params.deployment)));
  });

  app.put(deploymentPath, { config: { arm: true, operation: 'PUT batchDeployments' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const body = checkRequest<DeploymentBody>('arm/batch-deployment#/definitions/request', 'batch deployment', params.deployment, request.body);
    const deployment = await ml.batchDeployments.create(deploymentSpec(ws, params.endpoint, params.deployment, body));
    const operation = startOperation(service, ws, `PUT batchDeployments/${params.deployment}`);
    return accepted(service, request, reply, operation, { schema: DEPLOYMENT, body: deploymentToArm(ws, deployment) });
  });
}
