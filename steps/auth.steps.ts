/** Tokens: which audience the client's tokens were issued for (BE-20). */
import { Given } from '@cucumber/cucumber';
import type { SimWorld } from './support/world.ts';

Given('my token for invocations is issued for {string}', async function (this: SimWorld, resource: string) {
  this.ml.credentials.ml = await this.sim.tokens.issue({ resource });
});

Given('my token for management is issued for {string}', async function (this: SimWorld, resource: string) {
  this.ml.credentials.management = await this.sim.tokens.issue({ resource });
});

Given('I use one token issued for {string} for both management and invocations', async function (this: SimWorld, resource: string) {
  const token = await this.sim.tokens.issue({ resource });
  this.ml.credentials.ml = token;
  this.ml.credentials.management = token;
});

Given('my token for invocations has expired', async function (this: SimWorld) {
  this.ml.credentials.ml = await this.sim.tokens.issue({ resource: 'https://ml.azure.com', lifetimeSeconds: 60 });
  await this.sim.advance(120_000);
});
