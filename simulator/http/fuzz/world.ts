/**
 * The service the fuzzers hit: one SimulatorService on the in-process runtime, its app driven with
 * fastify's inject (no socket), a workspace holding one of each resource (compute, model,
 * environment, code, data, batch endpoint with a default deployment, online endpoint), the
 * credentials a caller may send, and a digest of the whole state to tell whether a call changed it.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { InProcessRuntime } from '../../../runtime/inprocess/runtime.ts';
import { AUDIENCES } from '../../auth/tokens.ts';
import { MLClient } from '../../client.ts';
import { buildApp } from '../app.ts';
import { SimulatorService } from '../service.ts';
import { restoreSnapshot, takeSnapshot, workspaceState, type Snapshot } from '../snapshot.ts';

export const API_VERSION = '2024-04-01';
export const BATCH_ENDPOINT = 'fuzz-batch';
export const BATCH_DEPLOYMENT = 'blue';
export const ONLINE_ENDPOINT = 'fuzz-online';

/** What a request carries as its credential: a token for either audience, the online endpoint's key, or something wrong. */
export const CREDENTIALS = [
  'management',
  'ml',
  'none',
  'empty-bearer',
  'basic-scheme',
  'lowercase-scheme',
  'garbage',
  'expired',
  'other-audience',
  'other-tenant',
  'forged-signature',
  'alg-none',
  'tampered-claims',
  'truncated',
  'huge',
  'endpoint-key',
] as const;
export type Credential = (typeof CREDENTIALS)[number];

export interface FuzzWorld {
  service: SimulatorService;
  app: FastifyInstance;
  /** The ARM id of the workspace: /subscriptions/.../workspaces/ws. */
  workspaceId: string;
  region: string;
  /**
   * Absolute folders on this machine a code or model version may name, and the folder the client
   * runs in, deep in a folder of the fuzz's own: relative paths that climb stay in it, so no case
   * walks the machine's temporary folder.
   */
  folders: { workdir: string; code: string; model: string };
  /** The Authorization header each credential sends (none: no header). */
  authorization: Record<Credential, string | undefined>;
  /** The state after setup, as /_sim/snapshot gives it. */
  baseline: Snapshot;
  /** Back to the state after setup (after a call that was accepted and changed it). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function fuzzWorld(): Promise<FuzzWorld> {
  const service = new SimulatorService({ runtime: new InProcessRuntime() });
  const app = buildApp(service);
  await app.ready();
  const root = mkdtempSync(join(tmpdir(), 'azureml-fuzz-'));
  const folders = { workdir: join(root, 'project', 'src', 'jobs'), code: join(root, 'code'), model: join(root, 'model') };
  for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true });
  writeFileSync(join(folders.code, 'score.mjs'), 'export function init() {}\nexport function run(batch) { return batch; }\n');
  writeFileSync(join(folders.model, 'model.onnx'), Buffer.from('not really onnx'));

  const tokens = service.sim.tokens;
  const management = await tokens.issue({ resource: AUDIENCES.management });
  const ml = new MLClient(service.sim, 'ws', { management, ml: await tokens.issue({ resource: AUDIENCES.ml }) });
  await ml.computes.create({ name: 'cpu', max_instances: 2 });
  await ml.models.create({ name: 'model', version: '1', path: folders.model });
  await ml.environments.create({ name: 'env', version: '1', packages: [] });
  await ml.codes.create({ name: 'code', version: '1', path: folders.code });
  await ml.data.create({ name: 'data', version: '1', type: 'uri_folder', path: 'azureml://datastores/workspaceblobstore/paths/fuzz/' });
  await ml.batchEndpoints.create({ name: BATCH_ENDPOINT });
  await ml.batchDeployments.create(
    { name: BATCH_DEPLOYMENT, endpoint_name: BATCH_ENDPOINT, model: 'azureml:model:1', environment: 'azureml:env:1', compute: 'azureml:cpu', code_configuration: { code: folders.code, scoring_script: 'score.mjs' } },
    { setDefault: true },
  );
  await ml.onlineEndpoints.create({ name: ONLINE_ENDPOINT, auth_mode: 'key' });
  const baseline: Snapshot = await takeSnapshot(service);
  const ws = service.sim.workspace('ws');

  return {
    service,
    app,
    workspaceId: ws.id,
    region: ws.region,
    folders,
    authorization: { ...(await credentials(service, management)), 'endpoint-key': `Bearer ${ws.onlineEndpoints.get(ONLINE_ENDPOINT)!.keys.primary}` },
    baseline,
    restore: async () => {
      service.faults.clear();
      await restoreSnapshot(service, structuredClone(baseline));
    },
    close: async () => {
      await app.close();
      await service.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every credential a caller may send: the two valid tokens, then the ways a token is wrong. */
async function credentials(service: SimulatorService, management: string): Promise<Omit<Record<Credential, string | undefined>, 'endpoint-key'>> {
  const tokens = service.sim.tokens;
  const now = Math.floor(service.sim.clock.now() / 1000);
  // Another directory: its own keys, its own tenant and issuer, the right audience.
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const otherTenant = await new SignJWT({ tid: '11111111-2222-3333-4444-555555555555', oid: 'intruder' })
    .setProtectedHeader({ alg: 'ES256', kid: 'sim-1' })
    .setIssuer('https://sts.windows.net/11111111-2222-3333-4444-555555555555/')
    .setAudience(AUDIENCES.management)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(other.privateKey);
  const [header, payload] = management.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // The same claims, signed by someone else's key: the signature does not verify.
  const forged = otherTenant.split('.')[2];
  const bearer = (token: string) => `Bearer ${token}`;
  return {
    management: bearer(management),
    ml: bearer(await tokens.issue({ resource: AUDIENCES.ml })),
    none: undefined,
    'empty-bearer': 'Bearer ',
    'basic-scheme': `Basic ${Buffer.from('user:password').toString('base64')}`,
    'lowercase-scheme': `bearer ${management}`,
    garbage: bearer('not.a.jwt'),
    expired: bearer(await tokens.issue({ resource: AUDIENCES.management, lifetimeSeconds: -60 })),
    'other-audience': bearer(await tokens.issue({ resource: 'https://graph.microsoft.com' })),
    'other-tenant': bearer(otherTenant),
    'forged-signature': bearer(`${header}.${payload}.${forged}`),
    'alg-none': bearer(`${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`),
    'tampered-claims': bearer(`${header}.${encode({ ...claims, oid: 'someone-else', aud: AUDIENCES.ml })}.${management.split('.')[2]}`),
    truncated: bearer(management.slice(0, management.length - 10)),
    huge: bearer('A'.repeat(64 * 1024)),
  };
}

/**
 * A digest of everything a call could change: the clock, every workspace's resources and jobs,
 * storage (blobs, their bytes, role assignments), operations in flight and fault rules.
 */
export async function stateDigest(service: SimulatorService): Promise<string> {
  const sim = service.sim;
  const hash = createHash('sha256');
  const add = (value: unknown) => hash.update(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v.keys()] : v)) ?? 'undefined');
  add({ now: sim.clock.now(), operations: service.operations.inFlight().length, faults: service.faults.list() });
  for (const ws of sim.workspaces.values()) {
    // What a snapshot holds, and what it does not: the endpoints' states and the pipeline runs.
    add({ ...workspaceState(ws), endpointStates: [...ws.batchEndpoints.values()].map((e) => e.state), pipelineRuns: [...ws.pipelineRuns.keys()] });
  }
  for (const account of sim.blobs.accounts.values()) {
    add({ account: account.name, containers: [...account.containers], roles: [...account.roles].map(([p, r]) => [p, [...r]]) });
    for (const container of account.containers) {
      for (const blob of await sim.blobs.list(account.name, container, '')) hash.update(blob.path).update(blob.data);
    }
  }
  return hash.digest('hex');
}

