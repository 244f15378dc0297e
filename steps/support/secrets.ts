/**
 * Secrets never leak: the keys and tokens a scenario held must not appear in what the service
 * wrote or answered (job and deployment logs, error messages, HTTP answers, client reports).
 * Checked after every scenario, on every runtime.
 */
import { findLeaks } from '../../scripts/reports/secrets.ts';
import type { SimWorld } from './world.ts';

/** What the scenario held that must stay secret: tokens, endpoint keys, SAS signatures, client secrets. */
function secretsOf(world: SimWorld): string[] {
  const found = [world.client?.credentials.management, world.client?.credentials.ml, world.bearer, world.service?.application.secret, world.server?.clientSecret];
  if (world.sasToken) found.push(new URLSearchParams(world.sasToken.replace(/^\?/, '')).get('sig') ?? world.sasToken);
  for (const ws of world.sim.workspaces.values()) for (const e of ws.onlineEndpoints.values()) found.push(e.keys.primary, e.keys.secondary);
  return [...new Set(found.filter((s): s is string => typeof s === 'string'))];
}

/** What the service produced that a user, a log reader or a report would see. */
function exposedTexts(world: SimWorld): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const ws of world.sim.workspaces.values()) {
    for (const job of ws.jobs.values()) for (const [path, text] of job.log.entries()) texts.push([`job ${job.name} ${path}`, text]);
    for (const e of ws.onlineEndpoints.values()) for (const d of e.deployments.values()) for (const [path, text] of d.log.entries()) texts.push([`deployment ${d.spec.name} ${path}`, text]);
  }
  if (world.lastError) texts.push(['the last error', world.lastError.message]);
  if (world.answer) texts.push(['the last HTTP answer', world.answer.text]);
  if (world.clientReport) texts.push(['the client report', JSON.stringify(world.clientReport)]);
  return texts;
}

export function leakedSecrets(world: SimWorld): string[] {
  return world.simulatorStarted ? findLeaks(secretsOf(world), exposedTexts(world)) : [];
}
