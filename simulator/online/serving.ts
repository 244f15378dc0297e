/**
 * Scoring requests to an online endpoint: routed by the azureml-model-deployment header or by
 * traffic (and copied to mirror deployments), served by a free replica through the Runtime. A
 * run() that raises or a worker that dies is a 502 (OD-08); a request past the request timeout a
 * 504 (OD-10); no free replica within the queue wait a 503 (OD-09).
 */
import { randomUUID } from 'node:crypto';
import { SimError } from '../errors.ts';
import type { OnlineDeployment, OnlineEndpoint, Replica, ScoreResponse } from './model.ts';
import { startReplica, type OnlineServices } from './provisioning.ts';

function errorResponse(error: SimError, headers: Record<string, string>, deployment?: string): ScoreResponse {
  return { status: error.status, body: { message: error.message }, headers, deployment, error };
}

/** Smooth weighted round robin: over any 100 requests, each deployment gets exactly its percent. */
function route(endpoint: OnlineEndpoint): string | undefined {
  const weights = Object.entries(endpoint.spec.traffic).filter(([, w]) => w > 0);
  if (weights.length === 0) return undefined;
  let best: string | undefined;
  for (const [name, weight] of weights) {
    endpoint.routing.set(name, (endpoint.routing.get(name) ?? 0) + weight);
    if (best === undefined || endpoint.routing.get(name)! > endpoint.routing.get(best)!) best = name;
  }
  endpoint.routing.set(best!, endpoint.routing.get(best!)! - 100);
  return best;
}

export async function scoreOnline(
  services: OnlineServices,
  endpoint: OnlineEndpoint,
  body: string,
  options: { deployment?: string; requestId?: string } = {},
): Promise<ScoreResponse> {
  const headers: Record<string, string> = { 'x-ms-request-id': options.requestId ?? randomUUID() };
  const name = options.deployment ?? route(endpoint);
  if (!name) return errorResponse(new SimError('NoValidDeployments'), headers);
  const deployment = endpoint.deployments.get(name);
  if (!deployment) return errorResponse(new SimError('ResourceNotFound', { kind: 'online deployment', name, workspace: services.ws.name }), headers);
  headers['azureml-model-deployment'] = name;
  for (const [mirror, percent] of Object.entries(endpoint.spec.mirror_traffic)) {
    const target = endpoint.deployments.get(mirror);
    // A copy of every request up to the percent, answer dropped: never seen by the caller.
    if (target && ((deployment.served + 1) * percent) % 100 < percent) {
      target.mirrored++;
      void serve(services, target, body).catch(() => undefined);
    }
  }
  deployment.served++;
  return { ...(await serve(services, deployment, body, headers)), deployment: name };
}

async function serve(services: OnlineServices, deployment: OnlineDeployment, body: string, headers: Record<string, string> = {}): Promise<ScoreResponse> {
  const { clock } = services;
  const settings = deployment.spec.request_settings;
  if (deployment.state !== 'Ready') {
    return errorResponse(new SimError('BadRequest', { problem: `Deployment '${deployment.spec.name}' is ${deployment.state}, not ready.` }), headers);
  }
  let replica = freeReplica(deployment);
  if (!replica) {
    await clock.sleep(settings.max_queue_wait_ms);
    replica = freeReplica(deployment);
  }
  if (!replica) {
    const error = new SimError('ServiceUnavailable', { replicas: deployment.replicas.length, waited: settings.max_queue_wait_ms });
    return errorResponse(error, headers);
  }
  replica.inFlight++;
  try {
    const outcome = await clock.track(replica.worker!.score(body, settings.request_timeout_ms));
    await clock.sleep(Math.min(outcome.elapsedMs, settings.request_timeout_ms));
    if (outcome.status === 'ok') return { status: 200, body: outcome.value, headers };
    if (outcome.status === 'timeout') {
      restart(services, deployment, replica);
      return errorResponse(new SimError('RequestTimeout', { timeout: settings.request_timeout_ms }), headers);
    }
    deployment.log.line('service.log', `${replica.name}: run() ${outcome.status === 'crashed' ? 'crashed' : 'raised'}:\n${outcome.error.stack}`);
    if (outcome.status === 'crashed') restart(services, deployment, replica);
    // The type and message only: stack traces stay in the service logs.
    return errorResponse(new SimError('ScoringFailed', { detail: `${outcome.error.type}: ${outcome.error.message}` }), headers);
  } finally {
    replica.inFlight--;
  }
}

function freeReplica(deployment: OnlineDeployment): Replica | undefined {
  const limit = deployment.spec.request_settings.max_concurrent_requests_per_instance;
  return deployment.replicas.filter((r) => r.worker && r.inFlight < limit).sort((a, b) => a.inFlight - b.inFlight)[0];
}

/** A replica whose process died or was cut off starts again (init() once more). */
function restart(services: OnlineServices, deployment: OnlineDeployment, replica: Replica): void {
  replica.worker = undefined;
  replica.restarts++;
  deployment.log.line('service.log', `${replica.name}: restarting (restart ${replica.restarts}).`);
  void startReplica(services, deployment, replica);
}
