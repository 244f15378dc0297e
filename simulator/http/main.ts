/**
 * npm run simulator [-- --port N] [--insecure] [--runtime in-process|container] [--storage memory|azurite]
 *
 * Serves one simulator on 127.0.0.1 until interrupted. The first line printed is JSON (url,
 * certificate path, tenant, app registration, workspace), for tools; the lines after it say the
 * same for people.
 */
import '../../runtime/telemetry-off.ts';
import { parseArgs } from 'node:util';
import { InProcessRuntime } from '../../runtime/inprocess/runtime.ts';
import { STORAGE_KINDS, type StorageKind } from '../storage/store.ts';
import { startServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SIM_PORT ?? '8443' },
    insecure: { type: 'boolean', default: false },
    runtime: { type: 'string', default: process.env.SIM_RUNTIME ?? 'in-process' },
    storage: { type: 'string', default: process.env.SIM_STORAGE ?? 'memory' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not '${values.port}'`);
if (values.runtime !== 'in-process' && values.runtime !== 'container') throw new Error(`--runtime must be in-process or container, not '${values.runtime}'`);
if (!(STORAGE_KINDS as readonly string[]).includes(values.storage)) throw new Error(`--storage must be ${STORAGE_KINDS.join(' or ')}, not '${values.storage}'`);

const server = await startServer({
  port,
  insecure: values.insecure,
  storage: values.storage as StorageKind,
  // testcontainers is loaded only when containers are asked for: it takes half a second.
  runtime: values.runtime === 'container' ? new (await import('../../runtime/container/runtime.ts')).ContainerRuntime() : new InProcessRuntime(),
});
const ws = [...server.service.sim.workspaces.values()][0];
const info = {
  url: server.url,
  certPath: server.certPath,
  tenantId: server.service.sim.tokens.tenantId,
  clientId: server.service.application.clientId,
  clientSecret: server.service.application.secret,
  subscriptionId: ws.subscriptionId,
  resourceGroup: ws.resourceGroup,
  workspace: ws.name,
};
console.log(JSON.stringify(info));
console.log(`Azure ML simulator on ${server.url} (runtime: ${values.runtime})`);
if (server.certPath) console.log(`  trust its certificate: export NODE_EXTRA_CA_CERTS=${server.certPath}`);
console.log(`  sign in: authority ${server.url}, tenant ${info.tenantId}, client ${info.clientId}, secret ${info.clientSecret}`);
console.log(`  workspace: ${ws.id}`);
console.log(`  control surface: ${server.url}/_sim/health`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
