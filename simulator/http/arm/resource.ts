/** What every Azure Resource Manager route shares: the workspace path, resource ids and envelopes. */
import type { FastifyRequest } from 'fastify';
import { SimError } from '../../errors.ts';
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

const REFERENCE = /^azureml:[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+|@latest)$/;
/** A path segment of an id (never '.' or '..'), and an asset's name or version in one. */
const SEGMENT = '(?!\\.\\.?/)[^/]+';
const NAME = '([a-zA-Z0-9][a-zA-Z0-9_.-]*)';
const assetId = (kind: string) => new RegExp(`^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/Microsoft\\.MachineLearningServices/workspaces/${SEGMENT}/${kind}/${NAME}/versions/${NAME}$`, 'i');

/**
 * "azureml:name:version" from an asset version id (.../models/mnist/versions/1) or such a
 * reference. Anything else is refused here, naming the ARM field, before the spec it becomes
 * would be refused naming the CLI's.
 */
export function assetReference(idOrRef: unknown, kind: 'models' | 'environments' | 'codes', field: string): string {
  const value = typeof idOrRef === 'string' ? idOrRef : '';
  const match = assetId(kind).exec(value);
  if (match) return `azureml:${match[1]}:${match[2]}`;
  if (REFERENCE.test(value)) return value;
  throw new SimError('BadRequest', { problem: `${field} '${value}' is neither the id of a version (.../${kind}/<name>/versions/<version>) nor azureml:<name>:<version>.` }, { target: field });
}

export function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
