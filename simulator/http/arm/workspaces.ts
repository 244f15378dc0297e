/** Workspaces: PUT creates one (with its storage account and default datastore), GET reads it. */
import type { FastifyInstance } from 'fastify';
import { SimError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { answer, bearer, checkRequest } from '../app.ts';
import type { SimulatorService } from '../service.ts';
import { envelope, PROVIDER } from './resource.ts';

const PATH = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/providers/${PROVIDER}/workspaces/:workspace`;
const SCHEMA = 'arm/workspace#/definitions/resource';

function toArm(ws: Workspace) {
  const body = envelope(ws, [], { provisioningState: 'Succeeded', friendlyName: ws.name, storageAccount: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${ws.storageAccount}` }, { location: ws.region });
  return { ...body, name: ws.name, type: `${PROVIDER}/workspaces` };
}

export function registerWorkspaces(app: FastifyInstance, service: SimulatorService): void {
  app.get(PATH, { config: { arm: true, operation: 'GET workspaces' } }, async (request, reply) => {
    const { subscriptionId, resourceGroup, workspace } = request.params as Record<string, string>;
    await service.sim.tokens.verify(bearer(request), 'management');
    return answer(reply, 200, SCHEMA, toArm(service.workspace(subscriptionId, resourceGroup, workspace)));
  });

  app.put(PATH, { config: { arm: true, operation: 'PUT workspaces' } }, async (request, reply) => {
    const { subscriptionId, resourceGroup, workspace } = request.params as Record<string, string>;
    await service.sim.tokens.verify(bearer(request), 'management');
    const body = checkRequest<{ location?: string }>('arm/workspace#/definitions/request', 'workspace', workspace, request.body ?? { properties: {} });
    const existing = service.sim.workspaces.get(workspace);
    if (existing) return answer(reply, 200, SCHEMA, toArm(service.workspace(subscriptionId, resourceGroup, workspace)));
    if (!body.location) throw new SimError('ValidationError', { kind: 'workspace', name: workspace, problems: 'location is required (required)' }, { target: 'location' });
    const ws = service.sim.createWorkspace({ name: workspace, region: body.location.toLowerCase().replace(/\s+/g, ''), subscriptionId, resourceGroup });
    return answer(reply, 201, SCHEMA, toArm(ws));
  });
}
