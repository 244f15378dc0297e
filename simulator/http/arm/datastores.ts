/** Datastores: blob containers read with the workspace's account key or with the compute's identity. */
import type { FastifyInstance } from 'fastify';
import { SimError } from '../../errors.ts';
import type { Datastore } from '../../storage/datastores.ts';
import { DEFAULT_DATASTORE, type Workspace } from '../../workspace/workspace.ts';
import { answer, checkRequest } from '../app.ts';
import type { SimulatorService } from '../service.ts';
import { envelope, scope, WORKSPACE_PATH } from './resource.ts';

const SCHEMA = 'arm/datastore#/definitions/resource';

interface DatastoreBody {
  properties: { datastoreType: 'AzureBlob'; accountName: string; containerName: string; credentials: { credentialsType: 'AccountKey' | 'None' | 'Sas' } };
}

function toArm(ws: Workspace, d: Datastore) {
  return envelope(ws, ['datastores', d.name], {
    datastoreType: 'AzureBlob',
    accountName: d.accountName,
    containerName: d.containerName,
    endpoint: 'core.windows.net',
    protocol: 'https',
    isDefault: d.name === DEFAULT_DATASTORE,
    // Secrets are write-only, as in Azure.
    credentials: { credentialsType: d.credentials === 'identity' ? 'None' : 'AccountKey' },
  });
}

export function registerDatastores(app: FastifyInstance, service: SimulatorService): void {
  const path = `${WORKSPACE_PATH}/datastores/:name`;

  app.get(`${WORKSPACE_PATH}/datastores`, { config: { arm: true, operation: 'LIST datastores' } }, async (request, reply) => {
    const { ws, ml } = scope(service, request);
    await ml.authorizeManagement();
    return answer(reply, 200, 'arm/common#/definitions/list', { value: [...ws.datastores.values()].map((d) => toArm(ws, d)) });
  });

  app.get(path, { config: { arm: true, operation: 'GET datastores' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    await ml.authorizeManagement();
    const datastore = ws.datastores.get(params.name);
    if (!datastore) throw new SimError('ResourceNotFound', { kind: 'datastore', name: params.name, workspace: ws.name });
    return answer(reply, 200, SCHEMA, toArm(ws, datastore));
  });

  // Datastores are not long-running in Azure: PUT answers with the resource.
  app.put(path, { config: { arm: true, operation: 'PUT datastores' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const body = checkRequest<DatastoreBody>('arm/datastore#/definitions/request', 'datastore', params.name, request.body);
    const p = body.properties;
    if (p.credentials.credentialsType === 'Sas') {
      throw new SimError('BadRequest', { problem: 'SAS datastores are not served over HTTP yet: use AccountKey or None (identity).' }, { target: 'properties.credentials' });
    }
    const datastore = await ml.datastores.create({
      name: params.name,
      account_name: p.accountName,
      container_name: p.containerName,
      credentials: p.credentials.credentialsType === 'None' ? 'identity' : 'account_key',
    });
    return answer(reply, 201, SCHEMA, toArm(ws, datastore));
  });
}
