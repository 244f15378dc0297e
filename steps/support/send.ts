/** Sending a request the way the scenario's client would, and keeping what came back. */
import assert from 'node:assert/strict';
import type { HttpAnswer } from './http.ts';
import type { SimWorld } from './world.ts';

/**
 * Keeps the answer. Azure's error body and Entra's OAuth2 error become the scenario's last error,
 * which a Then must look at; other bodies (a runtime's) are looked at through the answer.
 */
export function keep(world: SimWorld, answer: HttpAnswer): void {
  world.answer = answer;
  const body = answer.json as { error?: { code: string; message: string; target?: string; details?: [] } | string; error_description?: string } | undefined;
  const oauth = typeof body?.error === 'string' && typeof body.error_description === 'string';
  if (answer.status < 400 || !body?.error || (typeof body.error === 'string' && !oauth)) return world.keepError(undefined);
  world.keepError(
    typeof body.error === 'string'
      ? { code: body.error, status: answer.status, message: body.error_description!, details: [] }
      : { code: body.error.code, status: answer.status, message: body.error.message, target: body.error.target, details: body.error.details ?? [] },
  );
}

export async function send(world: SimWorld, method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  assert.ok(world.http, 'start with "Given the simulator serves its REST API"');
  const answer = await world.http({
    method,
    url,
    body,
    headers: { ...(world.bearer ? { authorization: `Bearer ${world.bearer}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
  });
  world.lastExchange = { request: { method, url, headers, body }, answer: { status: answer.status, headers: answer.headers, body: answer.json ?? answer.text } };
  keep(world, answer);
  return answer;
}

