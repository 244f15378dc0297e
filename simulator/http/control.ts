/**
 * The control surface, under /_sim (never an Azure path): health, reset, the virtual clock, fault
 * rules, snapshot and restore, and the storage a test sets up (accounts, blobs, role
 * assignments), which Azure would hold in other resource providers.
 */
import type { FastifyInstance } from 'fastify';
import { SimError } from '../errors.ts';
import { resolveCloudUri } from '../storage/datastores.ts';
import type { FaultRuleSpec } from './faults.ts';
import type { SimulatorService } from './service.ts';
import { restoreSnapshot, takeSnapshot, type Snapshot } from './snapshot.ts';

export function registerControl(app: FastifyInstance, service: SimulatorService): void {
  const clock = () => ({ now: new Date(service.sim.clock.now()).toISOString() });

  app.get('/_sim/health', async () => ({
    status: 'ok',
    ...clock(),
    tenantId: service.sim.tokens.tenantId,
    clientId: service.application.clientId,
    workspaces: [...service.sim.workspaces.values()].map((ws) => ws.id),
    operationsInFlight: service.operations.inFlight().length,
  }));

  app.post('/_sim/reset', async (_request, reply) => {
    service.reset();
    return reply.code(204).send();
  });

  app.get('/_sim/clock', async () => clock());

  app.post('/_sim/clock/advance', { config: { json: true } }, async (request) => {
    const seconds = Number((request.body as { seconds?: unknown } | undefined)?.seconds);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 31 * 86_400) {
      throw new SimError('BadRequest', { problem: 'seconds must be a number of seconds between 0 and 31 days.' }, { target: 'seconds' });
    }
    await service.sim.advance(seconds * 1000);
    return clock();
  });

  app.get('/_sim/faults', async () => ({ value: service.faults.list() }));
  app.post('/_sim/faults', { config: { json: true } }, async (request, reply) => reply.code(201).send(service.faults.add((request.body ?? {}) as FaultRuleSpec)));
  app.delete('/_sim/faults', async (_request, reply) => {
    service.faults.clear();
    return reply.code(204).send();
  });

  app.get('/_sim/snapshot', async () => takeSnapshot(service));
  app.post('/_sim/restore', { config: { json: true } }, async (request, reply) => {
    await restoreSnapshot(service, request.body as Snapshot);
    return reply.code(204).send();
  });

  app.put('/_sim/storage/:account', async (request, reply) => {
    service.sim.blobs.createAccount((request.params as { account: string }).account);
    return reply.code(201).send();
  });

  app.put('/_sim/storage/:account/:container/*', async (request, reply) => {
    const { account, container, '*': path } = request.params as Record<string, string>;
    const body = request.body;
    service.sim.blobs.account(account);
    await service.sim.blobs.put(account, container, path, Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body ?? '')));
    return reply.code(201).send();
  });

  app.get('/_sim/storage/:account/:container/*', async (request, reply) => {
    const { account, container, '*': path } = request.params as Record<string, string>;
    const data = await service.sim.blobs.get(account, container, path);
    if (!data) throw new SimError('ResourceNotFound', { kind: 'blob', name: `${account}/${container}/${path}`, workspace: '-' });
    return reply.type('application/octet-stream').send(data);
  });

  // What a datastore URI holds, as the workspace resolves it (azureml://datastores/<ds>/paths/<path>).
  app.get('/_sim/workspaces/:workspace/files', async (request, reply) => {
    const { workspace } = request.params as { workspace: string };
    const uri = String((request.query as { uri?: string }).uri ?? '');
    const ws = service.sim.workspace(workspace);
    const location = resolveCloudUri(uri, ws.datastores, ws.name);
    const data = service.sim.blobs.accounts.has(location.accountName) ? await service.sim.blobs.get(location.accountName, location.containerName, location.path) : undefined;
    if (!data) throw new SimError('ResourceNotFound', { kind: 'file', name: uri, workspace });
    return reply.type('application/octet-stream').send(data);
  });

  app.post('/_sim/storage/:account/roleAssignments', { config: { json: true } }, async (request, reply) => {
    const { account } = request.params as { account: string };
    const { principalId, role } = (request.body ?? {}) as { principalId?: string; role?: string };
    if (!principalId || !role) throw new SimError('BadRequest', { problem: 'A role assignment needs principalId and role.' });
    service.sim.blobs.grant(account, principalId, role);
    return reply.code(201).send();
  });
}
