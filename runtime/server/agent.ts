/**
 * The runtime server's program: an Agent (agent-server.ts) configured by this process's
 * environment, in a container or on the host. It says where it listens once it does (the
 * container runtime waits for that line) and stops its workers on SIGTERM or SIGINT.
 */
import { Agent } from './agent-server.ts';

const agent = new Agent(process.env);
const where = await agent.start();
console.log(`agent listening on ${where}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void agent.close().then(() => process.exit(0));
  });
}
