/** Workspaces, compute, storage, data, models and environments: the ground a scenario stands on. */
import assert from 'node:assert/strict';
import { Given, When, Then } from '@cucumber/cucumber';
import type { DataType } from '../simulator/assets/data.ts';
import type { ComputeType } from '../simulator/compute/clusters.ts';
import type { Profile } from '../simulator/endpoints/batch-endpoints.ts';
import type { SimWorld } from './support/world.ts';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

Given('the service behaves as the {string} profile', function (this: SimWorld, profile: Profile) {
  assert.ok(!this.simulatorStarted, 'choose the profile before the first workspace');
  this.profile = profile;
});

Given('a workspace {string} in region {string}', async function (this: SimWorld, name: string, region: string) {
  this.sim.createWorkspace({ name, region });
  await this.useWorkspace(name);
});

Given('a workspace {string} in region {string} with {word} {word}', async function (this: SimWorld, name: string, region: string, a: string, b: string) {
  const feature = `${a} ${b}`;
  const flags = { 'registry quarantine': { registryQuarantine: true }, 'customer-managed keys': { customerManagedKey: true } }[feature];
  assert.ok(flags, `unknown workspace configuration '${feature}'`);
  this.sim.createWorkspace({ name, region, ...flags });
  await this.useWorkspace(name);
});

Given('I work in the workspace {string}', async function (this: SimWorld, name: string) {
  await this.useWorkspace(name);
});

Given('a compute cluster {string} with {int} node(s)', async function (this: SimWorld, name: string, nodes: number) {
  await this.ml.computes.create({ name, type: 'amlcompute', max_instances: nodes });
});

Given('a compute cluster {string} with {int} node(s) of size {string}', async function (this: SimWorld, name: string, nodes: number, size: string) {
  await this.ml.computes.create({ name, type: 'amlcompute', max_instances: nodes, size });
});

Given('a compute {string} of type {word}', async function (this: SimWorld, name: string, type: ComputeType) {
  await this.ml.computes.create({ name, type, max_instances: 4 });
});

Given('the model {string} registered from {string}', async function (this: SimWorld, name: string, path: string) {
  await this.ml.models.create({ name, path, type: 'custom_model' });
});

Given('the MLflow model {string} registered from {string}', async function (this: SimWorld, name: string, path: string) {
  await this.ml.models.create({ name, path, type: 'mlflow_model' });
});

Given('the environment {string} with packages {string}', async function (this: SimWorld, name: string, packages: string) {
  await this.ml.environments.create({ name, packages: list(packages) });
});

Given('the environment {string} with image {string} and packages {string}', async function (this: SimWorld, name: string, image: string, packages: string) {
  await this.ml.environments.create({ name, image, packages: list(packages) });
});

Given('compute nodes have {int} seconds to start their runtime', async function (this: SimWorld, seconds: number) {
  const { ContainerRuntime } = await import('../runtime/container/runtime.ts');
  const runtime = this.sim.runtime;
  assert.ok(runtime instanceof ContainerRuntime, `only the container runtime starts nodes; this run uses ${runtime.name}`);
  runtime.startupTimeoutMs = seconds * 1000;
});

Given('the storage account {string}', async function (this: SimWorld, name: string) {
  await this.ml.storage.createAccount(name);
});

Given('{string} is uploaded to {string}', async function (this: SimWorld, local: string, uri: string) {
  assert.ok((await this.ml.storage.upload(local, uri)) > 0, `nothing was uploaded from ${local}`);
});

Given('the datastore {string} on container {string} of {string} with {word} credentials', async function (
  this: SimWorld,
  name: string,
  container: string,
  account: string,
  credentials: string,
) {
  assert.ok(credentials === 'identity' || credentials === 'account_key', `credentials are identity or account_key, not ${credentials}`);
  await this.ml.datastores.create({ name, account_name: account, container_name: container, credentials });
});

Given('a SAS token for container {string} of {string} with permissions {string}', async function (this: SimWorld, container: string, account: string, permissions: string) {
  this.sasToken = await this.ml.storage.generateSas(account, container, permissions);
});

Given('the datastore {string} on container {string} of {string} with that SAS token', async function (this: SimWorld, name: string, container: string, account: string) {
  assert.ok(this.sasToken, 'no SAS token was made in this scenario');
  await this.ml.datastores.create({ name, account_name: account, container_name: container, credentials: 'sas', sas_token: this.sasToken });
});

When('I grant {string} on {string} to the identity of {string}', async function (this: SimWorld, role: string, account: string, compute: string) {
  const cluster = this.ml.workspace.computes.get(compute);
  assert.ok(cluster, `no compute ${compute}`);
  await this.ml.storage.grant(account, cluster.identity.principalId, role);
});

Given('the data asset {string} of type {word} at {string}', async function (this: SimWorld, name: string, type: DataType, path: string) {
  await this.ml.data.create({ name, type, path });
});

Then('the output file {string} does not exist', async function (this: SimWorld, uri: string) {
  assert.equal(await this.ml.storage.download(uri), undefined);
});

Then('the file {string} holds {string}', async function (this: SimWorld, uri: string, text: string) {
  assert.equal((await this.ml.storage.download(uri))?.toString('utf8'), text);
});
