/**
 * The long-running-operation routes and headers. A poll of an unfinished operation stands for the
 * wait the client was asked to make: the virtual clock moves on by the poll interval, so
 * provisioning that takes minutes of service time ends after a few polls, at once in real time.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answer, baseUrl } from './app.ts';
import { PROVIDER } from './arm/resource.ts';
import type { Operation, OperationProbe } from './operations.ts';
import type { SimulatorService } from './service.ts';
import type { Workspace } from '../workspace/workspace.ts';

const LOCATION_PATH = `/subscriptions/:subscriptionId/providers/${PROVIDER}/locations/:region`;

function operationUrl(request: FastifyRequest, operation: Operation, kind: 'mfeOperationsStatus' | 'mfeOperationResults'): string {
  const version = (request.query as Record<string, string>)['api-version'];
  return `${baseUrl(request)}/subscriptions/${operation.subscriptionId}/providers/${PROVIDER}/locations/${operation.region}/${kind}/${operation.id}?api-version=${version}`;
}

/** An operation on a workspace's resource; without a probe it has ended when it is answered. */
export function startOperation(service: SimulatorService, ws: Workspace, description: string, probe: () => OperationProbe = () => ({ status: 'Succeeded' })): Operation {
  return service.operations.start({ description, region: ws.region, subscriptionId: ws.subscriptionId, startTime: service.sim.clock.now(), probe });
}

/** 201 Created (PUT) or 202 Accepted (DELETE) with the headers to poll. */
export function accepted(
  service: SimulatorService,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: Operation,
  answerBody?: { schema: string; body: unknown },
): FastifyReply {
  reply.header('Azure-AsyncOperation', operationUrl(request, operation, 'mfeOperationsStatus'));
  reply.header('Retry-After', String(service.retryAfterSeconds));
  if (!answerBody) {
    reply.header('Location', operationUrl(request, operation, 'mfeOperationResults'));
    return reply.code(202).send();
  }
  return answer(reply, 201, answerBody.schema, answerBody.body);
}

/** Lets the poll interval of service time pass when the operation is still under way. */
async function poll(service: SimulatorService, id: string): Promise<OperationProbe & { operation: Operation }> {
  const clock = service.sim.clock;
  if (service.operations.read(id, clock.now()).status === 'InProgress') await clock.advance(service.pollIntervalMs);
  return service.operations.read(id, clock.now());
}

export function registerOperations(app: FastifyInstance, service: SimulatorService): void {
  app.get(`${LOCATION_PATH}/mfeOperationsStatus/:id`, { config: { arm: true, operation: 'GET operationStatus' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const state = await poll(service, id);
    if (state.status === 'InProgress') reply.header('Retry-After', String(service.retryAfterSeconds));
    return answer(reply, 200, 'arm/common#/definitions/operationStatus', {
      id: operationUrl(request, state.operation, 'mfeOperationsStatus').split('?')[0].replace(baseUrl(request), ''),
      name: id,
      status: state.status,
      startTime: new Date(state.operation.startTime).toISOString(),
      ...(state.operation.endTime !== undefined ? { endTime: new Date(state.operation.endTime).toISOString() } : {}),
      ...(state.error ? { error: state.error } : {}),
    });
  });

  app.get(`${LOCATION_PATH}/mfeOperationResults/:id`, { config: { arm: true, operation: 'GET operationResult' } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const state = await poll(service, id);
    if (state.status === 'InProgress') {
      reply.header('Location', operationUrl(request, state.operation, 'mfeOperationResults'));
      reply.header('Retry-After', String(service.retryAfterSeconds));
      return reply.code(202).send();
    }
    if (state.error) return reply.code(400).send({ error: state.error });
    return reply.code(200).send();
  });
}
