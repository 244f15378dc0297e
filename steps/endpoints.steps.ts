/** Batch endpoints and deployments, as `az ml batch-endpoint` / `az ml batch-deployment` would manage them. */
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { parse } from 'yaml';
import type { SimWorld } from './support/world.ts';

type Spec = Record<string, unknown>;
const bases = new WeakMap<SimWorld, Spec>();

/**
 * Sets a dotted path (settings.retry_settings.timeout) in a spec; values are read as YAML scalars.
 * <host port> stands for the port of the scenario's server on the host's loopback.
 */
function applySettings(world: SimWorld, spec: Spec, table: DataTable): Spec {
  const copy = structuredClone(spec);
  for (const [path, raw] of table.raw()) {
    const keys = path.split('.');
    let node = copy;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Spec;
    node[keys.at(-1)!] = parse(raw.includes('<host port>') ? raw.replaceAll('<host port>', String(hostPort(world))) : raw);
  }
  return copy;
}

function hostPort(world: SimWorld): number {
  assert.ok(world.hostServer, 'no server listens on the host\'s loopback: start one with "Given a server listening on the host\'s loopback"');
  return world.hostServer.port;
}

function baseSpec(world: SimWorld, name: string, endpoint: string, script: string): Spec {
  const base = bases.get(world);
  assert.ok(base, 'say first which model, environment and compute deployments use');
  const { code, ...rest } = base;
  return { name, endpoint_name: endpoint, ...rest, code_configuration: { code, scoring_script: script } };
}

Given(
  'deployments use the model {string}, the environment {string}, the compute {string} and the code in {string}',
  function (this: SimWorld, model: string, environment: string, compute: string, code: string) {
    bases.set(this, { model: `azureml:${model}@latest`, environment: `azureml:${environment}@latest`, compute: `azureml:${compute}`, code });
  },
);

When('I create the batch endpoint {string}', async function (this: SimWorld, name: string) {
  await this.attempt(() => this.ml.batchEndpoints.create({ name }));
});

When('I create the batch endpoint:', async function (this: SimWorld, yaml: string) {
  await this.attempt(() => this.ml.batchEndpoints.create(parse(yaml)));
});

When('I delete the batch endpoint {string}', async function (this: SimWorld, name: string) {
  await this.attempt(() => this.ml.batchEndpoints.delete(name));
});

When('I show the endpoint {string}', async function (this: SimWorld, name: string) {
  await this.attempt(() => this.ml.endpoints.show(name));
});

When('I show the endpoint {string} with --type batch', async function (this: SimWorld, name: string) {
  await this.attempt(() => this.ml.endpoints.show(name, { type: 'batch' }));
});

When('I set the default deployment of {string} to {string}', async function (this: SimWorld, endpoint: string, deployment: string) {
  await this.attempt(async () => {
    const current = await this.ml.batchEndpoints.show(endpoint);
    return this.ml.batchEndpoints.update({ ...current.spec, defaults: { deployment_name: deployment } });
  });
});

When('I create the batch deployment:', async function (this: SimWorld, yaml: string) {
  await this.attempt(() => this.ml.batchDeployments.create(parse(yaml)));
});

When('I create the default batch deployment:', async function (this: SimWorld, yaml: string) {
  await this.attempt(() => this.ml.batchDeployments.create(parse(yaml), { setDefault: true }));
});

When('I create the batch deployment {string} of {string} running {string}', async function (this: SimWorld, name: string, endpoint: string, script: string) {
  await this.attempt(() => this.ml.batchDeployments.create(baseSpec(this, name, endpoint, script)));
});

When('I create the default batch deployment {string} of {string} running {string}', async function (this: SimWorld, name: string, endpoint: string, script: string) {
  await this.attempt(() => this.ml.batchDeployments.create(baseSpec(this, name, endpoint, script), { setDefault: true }));
});

When(
  'I create the default batch deployment {string} of {string} running {string} with:',
  async function (this: SimWorld, name: string, endpoint: string, script: string, table: DataTable) {
    await this.attempt(() => this.ml.batchDeployments.create(applySettings(this, baseSpec(this, name, endpoint, script), table), { setDefault: true }));
  },
);

When('I update the batch deployment {string} of {string} with:', async function (this: SimWorld, name: string, endpoint: string, table: DataTable) {
  await this.attempt(async () => {
    const current = await this.ml.batchDeployments.show(endpoint, name);
    return this.ml.batchDeployments.create(applySettings(this, current.spec as unknown as Spec, table));
  });
});

When('{int} minute(s) pass(es)', async function (this: SimWorld, minutes: number) {
  await this.sim.advance(minutes * 60_000);
});

When('{int} second(s) pass(es)', async function (this: SimWorld, seconds: number) {
  await this.sim.advance(seconds * 1000);
});

Then('the batch endpoint {string} is {word}', async function (this: SimWorld, name: string, state: string) {
  assert.equal((await this.ml.batchEndpoints.show(name)).state, state);
});

Then('the endpoint {string} is found as a batch endpoint', function (this: SimWorld, name: string) {
  this.errorSeen = true;
  assert.equal(this.lastError, undefined, this.lastError?.message);
  assert.ok(this.ml.workspace.batchEndpoints.has(name));
});

Then('the deployment {string} of {string} has {string} set to {string}', async function (this: SimWorld, name: string, endpoint: string, path: string, value: string) {
  const spec = (await this.ml.batchDeployments.show(endpoint, name)).spec as unknown as Spec;
  const actual = path.split('.').reduce<unknown>((node, key) => (node as Spec | undefined)?.[key], spec);
  assert.deepEqual(actual, parse(value));
});

Then('the deployment {string} of {string} uses the model {string}', async function (this: SimWorld, name: string, endpoint: string, model: string) {
  const deployment = await this.ml.batchDeployments.show(endpoint, name);
  assert.equal(`${deployment.model.name}:${deployment.model.version}`, model);
});

Then('the batch endpoint {string} has no deployment {string}', function (this: SimWorld, endpoint: string, name: string) {
  assert.equal(this.ml.workspace.batchEndpoints.get(endpoint)?.deployments.has(name), false);
});
