/** Computes: AmlCompute clusters and (Arc) Kubernetes computes, each with a managed identity. */
import type { FastifyInstance } from 'fastify';
import type { ComputeCluster, ComputeType } from '../../compute/clusters.ts';
import { SimError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { answer, checkRequest } from '../app.ts';
import type { SimulatorService } from '../service.ts';
import { accepted, startOperation } from '../lro.ts';
import { envelope, scope, WORKSPACE_PATH } from './resource.ts';

const SCHEMA = 'arm/compute#/definitions/resource';

interface ComputeBody {
  location?: string;
  properties: {
    computeType: 'AmlCompute' | 'Kubernetes';
    properties?: { vmSize?: string; osType?: 'Linux' | 'Windows'; scaleSettings?: { minNodeCount?: number; maxNodeCount: number }; arcKubernetes?: boolean };
  };
}

export function computeToArm(ws: Workspace, c: ComputeCluster) {
  const kubernetes = c.type !== 'amlcompute';
  return envelope(
    ws,
    ['computes', c.name],
    {
      computeType: kubernetes ? 'Kubernetes' : 'AmlCompute',
      provisioningState: 'Succeeded',
      properties: kubernetes
        ? { arcKubernetes: c.type === 'arc_kubernetes', defaultInstanceType: c.size }
        : { vmSize: c.size, osType: c.os === 'windows' ? 'Windows' : 'Linux', scaleSettings: { minNodeCount: c.minInstances, maxNodeCount: c.maxInstances }, allocationState: 'Steady' },
    },
    { location: ws.region, identity: { type: 'SystemAssigned', principalId: c.identity.principalId } },
  );
}

export function registerComputes(app: FastifyInstance, service: SimulatorService): void {
  const path = `${WORKSPACE_PATH}/computes/:name`;

  app.get(`${WORKSPACE_PATH}/computes`, { config: { arm: true, operation: 'LIST computes' } }, async (request, reply) => {
    const { ws, ml } = scope(service, request);
    return answer(reply, 200, 'arm/common#/definitions/list', { value: (await ml.computes.list()).map((c) => computeToArm(ws, c)) });
  });

  app.get(path, { config: { arm: true, operation: 'GET computes' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    return answer(reply, 200, SCHEMA, computeToArm(ws, await ml.computes.show(params.name)));
  });

  app.put(path, { config: { arm: true, operation: 'PUT computes' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const body = checkRequest<ComputeBody>('arm/compute#/definitions/request', 'compute', params.name, request.body);
    const p = body.properties.properties ?? {};
    const type: ComputeType = body.properties.computeType === 'AmlCompute' ? 'amlcompute' : p.arcKubernetes ? 'arc_kubernetes' : 'kubernetes';
    const compute = await ml.computes.create({
      name: params.name,
      type,
      size: p.vmSize,
      min_instances: p.scaleSettings?.minNodeCount,
      max_instances: p.scaleSettings?.maxNodeCount,
      os: p.osType === 'Windows' ? 'windows' : 'linux',
    });
    const operation = startOperation(service, ws, `PUT computes/${compute.name}`);
    return accepted(service, request, reply, operation, { schema: SCHEMA, body: computeToArm(ws, compute) });
  });

  app.delete(path, { config: { arm: true, operation: 'DELETE computes' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const action = (request.query as Record<string, string | undefined>).underlyingResourceAction;
    if (action !== 'Delete' && action !== 'Detach') {
      throw new SimError('BadRequest', { problem: `underlyingResourceAction must be Delete or Detach, not '${action ?? ''}'.` }, { target: 'underlyingResourceAction' });
    }
    await ml.computes.delete(params.name);
    const operation = startOperation(service, ws, `DELETE computes/${params.name}`);
    return accepted(service, request, reply, operation);
  });
}
