/**
 * Real clients against the simulator: `npm run simulator` as a child process, and the client
 * program of fixtures/clients run unmodified, either as a process configured for the served
 * simulator or in this process with the real Azure hosts intercepted by nock.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export interface ServerInfo {
  url: string;
  certPath: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

export interface ClientReport {
  compute: { id: string; computeType: string; vmSize: string; maxNodeCount: number; principalId: string };
  endpoint: { name: string; provisioningState: string; scoringUri: string; defaultDeployment: string };
  deployment: { name: string; miniBatchSize: number; retryTimeout: string; compute: string };
  job: { name: string; statuses: string[]; status: string; properties: Record<string, string>; output: string };
}

const CLIENT = resolve('fixtures/clients/batch-scoring-client.mjs');

/** Starts `npm run simulator` on a free port; resolves with what it prints first. */
export async function startSimulatorProcess(runtime: string, storage: string): Promise<{ info: ServerInfo; stop: () => Promise<void> }> {
  const child = spawn('npm', ['run', '--silent', 'simulator', '--', '--port', '0', '--runtime', runtime, '--storage', storage], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await exited;
  };
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((done, fail) => {
    lines.once('line', done);
    child.once('exit', (code) => fail(new Error(`npm run simulator exited with ${code} before it served:\n${stderr}`)));
  });
  lines.on('line', () => undefined); // keep draining its stdout
  return { info: JSON.parse(first) as ServerInfo, stop };
}

/** The program's configuration: what an app registration and a workspace give a real user. */
export function clientEnv(info: Omit<ServerInfo, 'url' | 'certPath'>, folders: { model: string; code: string; input: string; script: string }): Record<string, string> {
  return {
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
    AZURE_SUBSCRIPTION_ID: info.subscriptionId,
    AZURE_RESOURCE_GROUP: info.resourceGroup,
    AZUREML_WORKSPACE: info.workspace,
    MODEL_DIR: resolve(folders.model),
    CODE_DIR: resolve(folders.code),
    INPUT_DIR: resolve(folders.input),
    SCORING_SCRIPT: folders.script,
  };
}

/** Runs the program as its own process, pointed at the served simulator and trusting its certificate. */
export function runClientProcess(env: Record<string, string>, server: ServerInfo): Promise<ClientReport> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLIENT], {
      env: { ...process.env, ...env, AZURE_AUTHORITY_HOST: server.url, ARM_ENDPOINT: server.url, NODE_EXTRA_CA_CERTS: server.certPath, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').at(-1)!) as ClientReport) : fail(new Error(`the client program failed (${code}):\n${err}`))));
  });
}

/** Runs the program in this process: with no endpoints configured it calls the real Azure hosts. */
export async function runClientInProcess(env: Record<string, string>): Promise<ClientReport> {
  const { deployAndScore } = (await import(CLIENT)) as { deployAndScore: (env: Record<string, string>) => Promise<ClientReport> };
  return deployAndScore(env);
}
