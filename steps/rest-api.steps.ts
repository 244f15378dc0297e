/**
 * The simulator as a service: its REST API (Azure Resource Manager paths, long-running
 * operations, the Entra token endpoint, the data plane, /_sim), and real clients driving it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Given, Then, When } from '@cucumber/cucumber';
import { buildApp } from '../simulator/http/app.ts';
import { interceptAzure } from '../simulator/http/nock.ts';
import { API_VERSIONS, SimulatorService } from '../simulator/http/service.ts';
import { clientEnv, runClientInProcess, runClientProcess, startSimulatorProcess } from './support/clients.ts';
import { field, httpsCaller, injectCaller, type HttpAnswer } from './support/http.ts';
import { keep, send } from './support/send.ts';
import { RUNTIME, STORAGE, type SimWorld } from './support/world.ts';

const API_VERSION = '2022-10-01';
assert.ok(API_VERSIONS.includes(API_VERSION));

/** {workspace} stands for the default workspace's ARM id, in paths and bodies. */
function placeholders(world: SimWorld, text: string): string {
  if (!/\{(workspace|tenant|job)\}/.test(text)) return text;
  return text
    .replaceAll('{workspace}', world.sim.workspace('ws').id)
    .replaceAll('{tenant}', world.sim.tokens.tenantId)
    .replaceAll('{job}', world.job?.name ?? '{job}');
}

/** ARM paths get the api-version unless they have one. */
function expand(world: SimWorld, path: string, withVersion = true): string {
  const url = placeholders(world, path);
  if (!withVersion || !url.startsWith('/subscriptions/') || url.includes('api-version=')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;
}

/** Signing in is not a request the scenario looks at, unless it is refused: the last answer stays. */
async function signIn(world: SimWorld, resource: string, secret = world.service!.application.secret): Promise<HttpAnswer> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: world.service!.application.clientId, client_secret: secret, scope: `${resource}/.default` });
  const answer = await world.http!({ method: 'POST', url: `/${world.sim.tokens.tenantId}/oauth2/v2.0/token`, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (answer.status >= 400) keep(world, answer);
  else world.bearer = (answer.json as { access_token: string }).access_token;
  return answer;
}

Given('the simulator serves its REST API', async function (this: SimWorld) {
  const app = buildApp(this.serve());
  await app.ready();
  this.http = injectCaller(app);
  this.cleanups.push(() => app.close());
  await this.useWorkspace('ws');
});

Given('I sign in with the app registration for {string}', async function (this: SimWorld, resource: string) {
  const answer = await signIn(this, resource);
  assert.equal(answer.status, 200, answer.text);
});

When('I sign in with the app registration and the secret {string}', async function (this: SimWorld, secret: string) {
  await signIn(this, 'https://management.azure.com', secret);
});

When('I ask the token endpoint of tenant {string} for a token', async function (this: SimWorld, tenant: string) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.service!.application.clientId, client_secret: this.service!.application.secret, scope: 'https://management.azure.com/.default' });
  await send(this, 'POST', `/${tenant}/oauth2/v2.0/token`, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
});

When(/^I send (GET|PUT|POST|DELETE|PATCH) "([^"]*)"$/, async function (this: SimWorld, method: string, path: string) {
  await send(this, method, expand(this, path));
});

When(/^I send (GET|PUT|POST|DELETE|PATCH) "([^"]*)" with:$/, async function (this: SimWorld, method: string, path: string, body: string) {
  await send(this, method, expand(this, path), placeholders(this, body));
});

When('I register the code {string} version {string} from the folder {string}', async function (this: SimWorld, name: string, version: string, folder: string) {
  const body = JSON.stringify({ properties: { codeUri: pathToFileURL(resolve(folder)).href } });
  const answer = await send(this, 'PUT', expand(this, `{workspace}/codes/${name}/versions/${version}`), body);
  assert.equal(answer.status, 201, answer.text);
});

When(/^I send (GET|PUT|POST|DELETE|PATCH) "([^"]*)" without an api-version$/, async function (this: SimWorld, method: string, path: string) {
  await send(this, method, expand(this, path, false));
});

Then('I keep the answer\'s {string} as the scoring URI', function (this: SimWorld, path: string) {
  this.scoringUri = String(field(this.answer?.json, path));
  assert.match(this.scoringUri, /^https?:\/\//);
});

When('I send POST to the scoring URI with:', async function (this: SimWorld, body: string) {
  assert.ok(this.scoringUri, 'keep a scoring URI first');
  const uri = new URL(this.scoringUri);
  await send(this, 'POST', uri.pathname, placeholders(this, body));
});

When('I score {string} on its scoring URI with the key {string} and the body:', async function (this: SimWorld, name: string, which: string, body: string) {
  const endpoint = await send(this, 'GET', expand(this, `{workspace}/onlineEndpoints/${name}`));
  const keys = await send(this, 'POST', expand(this, `{workspace}/onlineEndpoints/${name}/listKeys`));
  const key = which === 'primary' ? String(field(keys.json, 'primaryKey')) : which;
  const uri = new URL(String(field(endpoint.json, 'properties.scoringUri')));
  const saved = this.bearer;
  this.bearer = key;
  try {
    await send(this, 'POST', uri.pathname, body);
  } finally {
    this.bearer = saved;
  }
});

When('I poll the operation until it ends', async function (this: SimWorld) {
  const url = this.answer?.headers['azure-asyncoperation'];
  assert.ok(url, `the last answer (${this.answer?.status}) has no Azure-AsyncOperation header`);
  const started = this.sim.clock.now();
  const statuses: string[] = [];
  for (let polls = 0; polls < 1000; polls++) {
    const answer = await send(this, 'GET', new URL(url).pathname + new URL(url).search);
    const status = String(field(answer.json, 'status'));
    statuses.push(status);
    if (status !== 'InProgress') break;
  }
  this.attach(`operation: ${statuses.join(', ')}`);
  this.polled = { statuses, serviceMs: this.sim.clock.now() - started };
});

When('I read the job {string} of the last answer until it ends', async function (this: SimWorld, path: string) {
  const name = String(field(this.answer?.json, path));
  const statuses = [String(field(this.answer?.json, 'properties.status'))];
  const started = this.sim.clock.now();
  for (let polls = 0; polls < 1000; polls++) {
    const answer = await send(this, 'GET', expand(this, `{workspace}/jobs/${name}`));
    const status = String(field(answer.json, 'properties.status'));
    if (statuses.at(-1) !== status) statuses.push(status);
    if (['Completed', 'Failed', 'Canceled'].includes(status)) break;
  }
  this.polled = { statuses, serviceMs: this.sim.clock.now() - started };
});

When('I advance the clock by {int} minutes', async function (this: SimWorld, minutes: number) {
  await send(this, 'POST', '/_sim/clock/advance', JSON.stringify({ seconds: minutes * 60 }));
});

Then('the answer is {int}', function (this: SimWorld, status: number) {
  assert.equal(this.answer?.status, status, this.answer?.text);
  this.errorSeen = true;
});

Then('the answer\'s {string} is {string}', function (this: SimWorld, path: string, expected: string) {
  assert.equal(String(field(this.answer?.json, path)), expected, this.answer?.text);
});

Then('the answer\'s {string} is {int}', function (this: SimWorld, path: string, expected: number) {
  assert.equal(field(this.answer?.json, path), expected, this.answer?.text);
});

Then('the answer\'s {string} ends with {string}', function (this: SimWorld, path: string, suffix: string) {
  const value = String(field(this.answer?.json, path));
  assert.ok(value.endsWith(suffix), `${path} = ${value}`);
});

Then('the answer has no {string}', function (this: SimWorld, path: string) {
  assert.equal(field(this.answer?.json, path), undefined, this.answer?.text);
});

Then('the answer has the header {string}', function (this: SimWorld, header: string) {
  assert.ok(this.answer?.headers[header.toLowerCase()] !== undefined, `no ${header} in ${JSON.stringify(this.answer?.headers)}`);
});

Then('the answer\'s header {string} contains {string}', function (this: SimWorld, header: string, text: string) {
  const value = String(this.answer?.headers[header.toLowerCase()] ?? '');
  assert.ok(value.includes(text), `${header}: ${value}`);
});

Then('the operation went {string}', function (this: SimWorld, expected: string) {
  const seen = [...new Set(this.polled?.statuses)].join(', ');
  assert.equal(seen, expected);
});

Then('the polling covered at least {int} minutes of service time', function (this: SimWorld, minutes: number) {
  assert.ok((this.polled?.serviceMs ?? 0) >= minutes * 60_000, `${this.polled?.serviceMs} ms`);
});

/** How far a job gets between two polls depends on the runtime's speed: the order is what is promised. */
Then('the job went from {word} to {word}', function (this: SimWorld, first: string, last: string) {
  const seen = this.polled?.statuses ?? this.clientReport?.job.statuses ?? [];
  const order = ['Queued', 'Running', 'Completed', 'Failed'];
  assert.equal(seen[0], first, seen.join(', '));
  assert.equal(seen.at(-1), last, seen.join(', '));
  assert.ok(seen.every((s, i) => i === 0 || order.indexOf(s) > order.indexOf(seen[i - 1])), `out of order: ${seen.join(', ')}`);
});

// Real clients: the served simulator and the unmodified client program.

Given('the simulator is started with "npm run simulator"', async function (this: SimWorld) {
  const { info, stop } = await startSimulatorProcess(RUNTIME, STORAGE);
  this.cleanups.push(stop);
  this.server = info;
  this.http = httpsCaller(info.url, readFileSync(info.certPath, 'utf8'));
});

Given('the real Azure hosts are intercepted by nock for an in-process simulator', async function (this: SimWorld) {
  const app = buildApp(this.serve());
  await app.ready();
  this.http = injectCaller(app);
  this.cleanups.push(() => app.close());
  this.cleanups.push(interceptAzure(app));
});

When(
  'a client program deploys {string} with the official SDK, runs {string} on {string} and scores {string}',
  async function (this: SimWorld, model: string, script: string, code: string, input: string) {
    const folders = { model, code, input, script };
    if (this.server) {
      this.clientReport = await runClientProcess(clientEnv(this.server, folders), this.server);
    } else {
      assert.ok(this.service, 'start the simulator first');
      const ws = this.sim.workspace('ws');
      const app = this.service.application;
      const identity = { tenantId: this.sim.tokens.tenantId, clientId: app.clientId, clientSecret: app.secret, subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, workspace: ws.name };
      this.clientReport = await runClientInProcess(clientEnv(identity, folders));
    }
    this.attach(JSON.stringify(this.clientReport, null, 2), 'application/json');
  },
);

Then('the SDK read back the compute {string} as {word} of size {string} with a managed identity', function (this: SimWorld, name: string, type: string, size: string) {
  const c = this.clientReport!.compute;
  assert.deepEqual([c.id.split('/').at(-1), c.computeType, c.vmSize], [name, type, size]);
  assert.match(c.principalId, /^mi-/);
});

Then('the SDK read back the batch endpoint {string} as {word} with the default deployment {string}', function (this: SimWorld, name: string, state: string, deployment: string) {
  const e = this.clientReport!.endpoint;
  assert.deepEqual([e.name, e.provisioningState, e.defaultDeployment], [name, state, deployment]);
});

Then('the endpoint\'s scoring URI is on {string}', function (this: SimWorld, host: string) {
  const uri = new URL(this.clientReport!.endpoint.scoringUri);
  const expected = host === 'the simulator' ? new URL(this.server!.url).host : host;
  assert.equal(uri.host, expected);
});

Then('the SDK read back the deployment {string} with mini-batches of {int} and a retry timeout of {string}', function (this: SimWorld, name: string, size: number, timeout: string) {
  const d = this.clientReport!.deployment;
  assert.deepEqual([d.name, d.miniBatchSize, d.retryTimeout], [name, size, timeout]);
});

Then('the job scored {int} items and failed {int}', function (this: SimWorld, succeeded: number, failed: number) {
  const p = this.clientReport?.job.properties ?? (field(this.answer?.json, 'properties.properties') as Record<string, string>);
  assert.deepEqual([p['azureml.succeededItems'], p['azureml.failedItems']], [String(succeeded), String(failed)]);
});

Then('the job\'s output file has {int} lines', async function (this: SimWorld, lines: number) {
  const output = this.clientReport?.job.output ?? String(field(this.answer?.json, 'properties.outputs.output_data.uri'));
  const answer = await send(this, 'GET', `/_sim/workspaces/ws/files?uri=${encodeURIComponent(output)}`);
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.text.trimEnd().split('\n').length, lines);
});

// The control surface.

Given('the fault rule:', async function (this: SimWorld, rule: string) {
  const answer = await send(this, 'POST', '/_sim/faults', rule);
  assert.equal(answer.status, 201, answer.text);
  this.faultRule = rule;
});

When(/^I send (GET|PUT|POST|DELETE) "([^"]*)" (\d+) times$/, async function (this: SimWorld, method: string, path: string, times: string) {
  this.previousAnswers = this.answers;
  this.answers = [];
  for (let i = 0; i < Number(times); i++) this.answers.push(await send(this, method, expand(this, path)));
  this.keepError(undefined); // the Then steps look at every answer
});

Then('the answers were {string}', function (this: SimWorld, expected: string) {
  assert.equal(this.answers.map((a) => a.status).join(', '), expected);
});

Then('the first answer\'s {string} was {string}', function (this: SimWorld, path: string, expected: string) {
  assert.equal(String(field(this.answers[0]?.json, path)), expected);
});

Then('some answers were {int} and some {int}', function (this: SimWorld, a: number, b: number) {
  const statuses = this.answers.map((x) => x.status);
  assert.ok(statuses.includes(a) && statuses.includes(b) && statuses.every((s) => s === a || s === b), statuses.join(', '));
});

When('I clear the fault rules and add the same rule again', async function (this: SimWorld) {
  assert.equal((await send(this, 'DELETE', '/_sim/faults')).status, 204);
  assert.equal((await send(this, 'POST', '/_sim/faults', this.faultRule)).status, 201);
});

Then('the answers were the same as before', function (this: SimWorld) {
  assert.deepEqual(this.answers.map((a) => a.status), this.previousAnswers.map((a) => a.status));
});

Then('the fault rule on {string} fired {int} time(s)', async function (this: SimWorld, operation: string, times: number) {
  const rules = (await send(this, 'GET', '/_sim/faults')).json as { value: Array<{ operation: string; fired: number }> };
  assert.equal(rules.value.find((r) => r.operation === operation)?.fired, times);
});

When('I take a snapshot', async function (this: SimWorld) {
  this.before = {
    principalId: this.sim.workspace('ws').computes.get('cpu-cluster')?.identity.principalId,
    jobLogs: this.job && JSON.stringify(this.job.log.entries()),
  };
  const answer = await send(this, 'GET', '/_sim/snapshot');
  assert.equal(answer.status, 200, answer.text);
  this.snapshot = answer.text;
});

When('I reset the simulator', async function (this: SimWorld) {
  assert.equal((await send(this, 'POST', '/_sim/reset')).status, 204);
});

When('I restore the snapshot', async function (this: SimWorld) {
  const answer = await send(this, 'POST', '/_sim/restore', this.snapshot);
  assert.equal(answer.status, 204, answer.text);
});

Then('the compute\'s identity is the one it had before the snapshot', function (this: SimWorld) {
  assert.ok(this.before?.principalId);
  assert.equal(field(this.answer?.json, 'identity.principalId'), this.before.principalId);
});

Then('the job\'s logs are the ones it had before the snapshot', function (this: SimWorld) {
  const job = this.sim.workspace('ws').jobs.get(this.lastJob.name);
  assert.equal(JSON.stringify(job?.log.entries()), this.before?.jobLogs);
});

Then('another simulator in this process has no compute {string}', async function (this: SimWorld, name: string) {
  const other = new SimulatorService({ runtime: this.service!.sim.runtime });
  const app = buildApp(other);
  try {
    const token = await other.sim.tokens.issue({ resource: 'https://management.azure.com' });
    const ws = other.sim.workspace('ws');
    const answer = await injectCaller(app)({ method: 'GET', url: `${ws.id}/computes/${name}?api-version=${API_VERSION}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(answer.status, 404, answer.text);
    assert.ok(this.sim.workspace('ws').computes.has(name), 'the compute is still in the first simulator');
  } finally {
    await app.close();
  }
});
