/** A server on the host's loopback, for scripts that try to reach the host from where they run. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Given, Then } from '@cucumber/cucumber';
import type { SimWorld } from './support/world.ts';

/** Listens on 127.0.0.1 on a port the system picks (deployments get it as <host port>); counts connections. */
Given("a server listening on the host's loopback", async function (this: SimWorld) {
  const server = createServer((socket) => {
    state.connections++;
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  const state = { port: address.port, connections: 0 };
  this.hostServer = state;
  this.cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
});

Then("the server on the host's loopback received {int} connection(s)", function (this: SimWorld, count: number) {
  assert.ok(this.hostServer, "no server listens on the host's loopback");
  assert.equal(this.hostServer.connections, count);
});
