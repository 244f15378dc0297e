/** What every Azure Resource Manager route shares: the workspace path, resource ids and envelopes. */
import type { FastifyRequest } from 'fastify';
import { bearer } from '../app.ts';
import type { MLClient } from '../../client.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { SimulatorService } from '../service.ts';

export const PROVIDER = 'Microsoft.MachineLearningServices';
export const WORKSPACE_PATH = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/providers/${PROVIDER}/workspaces/:workspace`;

export interface WorkspaceParams {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

/** The workspace the path names and a client acting with the caller's token. */
export function scope(service: SimulatorService, request: FastifyRequest): { ws: Workspace; ml: MLClient; params: Record<string, string> } {
  const params = request.params as WorkspaceParams & Record<string, string>;
  const ws = service.workspace(params.subscriptionId, params.resourceGroup, params.workspace);
  return { ws, ml: service.client(ws, bearer(request)), params };
}

export function resourceId(ws: Workspace, ...segments: string[]): string {
  return [ws.id, ...segments].join('/');
}

/** The envelope of a resource: id, name, type (workspaces/<kind>[/<kind>]), systemData, properties. */
export function envelope(ws: Workspace, segments: string[], properties: Record<string, unknown>, extra: Record<string, unknown> = {}, createdAt?: number) {
  const kinds = segments.filter((_, i) => i % 2 === 0);
  const stamp = createdAt === undefined ? undefined : new Date(createdAt).toISOString();
  return {
    id: resourceId(ws, ...segments),
    name: segments.at(-1)!,
    type: `${PROVIDER}/workspaces/${kinds.join('/')}`,
    ...(stamp ? { systemData: { createdAt: stamp, createdByType: 'Application', lastModifiedAt: stamp, lastModifiedByType: 'Application' } } : {}),
    ...extra,
    properties: dropUndefined(properties),
  };
}

/** The last segment of an ARM id or a bare name: ".../computes/cpu" and "cpu" both give "cpu". */
export function nameOf(idOrName: string): string {
  return idOrName.split('/').filter(Boolean).at(-1) ?? idOrName;
}

/** "azureml:name:version" from an asset version id (.../models/mnist/versions/1) or such a reference. */
export function assetReference(idOrRef: string): string {
  const match = /\/(?:models|environments|data|codes)\/([^/]+)\/versions\/([^/]+)$/i.exec(idOrRef);
  return match ? `azureml:${match[1]}:${match[2]}` : idOrRef;
}

export function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
