/** Online endpoints: deployments coming up on the clock, scoring requests, and load tests. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { parse } from 'yaml';
import { decodeDigitPng } from '../fixtures/digits.ts';
import { SCALE_DEFAULTS, renderLoadReport, runLoadTest, type LoadReport, type LoadShape } from '../simulator/online/load.ts';
import type { OnlineDeployment, ScoreResponse } from '../simulator/online/model.ts';
import { replicasFor } from '../simulator/online/replicas.ts';
import type { SimWorld } from './support/world.ts';

interface OnlineState {
  deployment?: OnlineDeployment;
  responses: ScoreResponse[];
  load?: LoadReport;
  formula?: number;
}
const state = new WeakMap<SimWorld, OnlineState>();
const of = (world: SimWorld): OnlineState => {
  if (!state.has(world)) state.set(world, { responses: [] });
  return state.get(world)!;
};
const last = (world: SimWorld): ScoreResponse => {
  const response = of(world).responses.at(-1);
  assert.ok(response, 'no request was sent');
  return response;
};
const deployment = (world: SimWorld): OnlineDeployment => {
  const d = of(world).deployment;
  assert.ok(d, 'no online deployment was created');
  return d;
};

When('I create the online endpoint:', async function (this: SimWorld, yaml: string) {
  await this.attempt(() => this.ml.onlineEndpoints.create(parse(yaml)));
});

When('I create the online deployment:', async function (this: SimWorld, yaml: string) {
  const created = await this.attempt(() => this.ml.onlineDeployments.create(parse(yaml)));
  if (created) of(this).deployment = created;
});

When('the deployment comes up', async function (this: SimWorld) {
  await this.sim.waitForDeployment(deployment(this));
});

When('I send {string} traffic to {string}', async function (this: SimWorld, traffic: string, endpoint: string) {
  await this.attempt(() => this.ml.onlineEndpoints.setTraffic(endpoint, parse(traffic)));
});

When('I send {string} traffic and {string} mirror traffic to {string}', async function (this: SimWorld, traffic: string, mirror: string, endpoint: string) {
  await this.attempt(() => this.ml.onlineEndpoints.setTraffic(endpoint, parse(traffic), parse(mirror)));
});

Then('the deployment is {word}', function (this: SimWorld, status: string) {
  const d = deployment(this);
  assert.equal(d.state, status, d.error?.message);
});

Then('the deployment went through, in order:', function (this: SimWorld, table: DataTable) {
  const states = deployment(this).history.map((h) => h.state);
  assert.deepEqual([...new Set(states)], table.raw().map(([s]) => s));
});

Then('the deployment failed with:', function (this: SimWorld, message: string) {
  const d = deployment(this);
  assert.equal(d.state, 'Failed');
  assert.equal(d.error?.message, message.trim());
});

Then('the deployment failed after {int} minutes of service time', function (this: SimWorld, minutes: number) {
  const d = deployment(this);
  const failedAt = d.history.at(-1)!.at;
  const scheduling = d.history.find((h) => h.state === 'Scheduling')!.at;
  assert.equal((failedAt - scheduling) / 60_000, minutes);
});

Then('the service logs contain {string}', async function (this: SimWorld, text: string) {
  const d = deployment(this);
  const logs = await this.ml.onlineDeployments.getLogs(d.spec.endpoint_name, d.spec.name);
  assert.ok(logs.includes(text), `the service logs do not contain "${text}":\n${logs}`);
});

Then('the service logs have {int} lines containing {string}', async function (this: SimWorld, count: number, text: string) {
  const d = deployment(this);
  const logs = await this.ml.onlineDeployments.getLogs(d.spec.endpoint_name, d.spec.name);
  assert.equal(logs.split('\n').filter((l) => l.includes(text)).length, count, logs);
});

async function send(world: SimWorld, endpoint: string, body: string, options: { deployment?: string; key?: string } = {}) {
  const response = await world.attempt(() => world.ml.onlineEndpoints.invoke(endpoint, body, options));
  if (response) of(world).responses.push(response);
}

When('I score the image {string} on {string}', async function (this: SimWorld, image: string, endpoint: string) {
  await send(this, endpoint, JSON.stringify({ data: [Array.from(decodeDigitPng(readFileSync(image)))] }));
});

When('I send {string} to {string}', async function (this: SimWorld, body: string, endpoint: string) {
  await send(this, endpoint, body);
});

When('I send {string} to {string} with the header azureml-model-deployment: {string}', async function (this: SimWorld, body: string, endpoint: string, name: string) {
  await send(this, endpoint, body, { deployment: name });
});

When('I send {string} to {string} with the key {string}', async function (this: SimWorld, body: string, endpoint: string, key: string) {
  await send(this, endpoint, body, { key });
});

When('I send {int} requests {string} to {string}', async function (this: SimWorld, count: number, body: string, endpoint: string) {
  for (let i = 0; i < count; i++) await send(this, endpoint, body);
});

Then('the response is {int} with the body {string}', function (this: SimWorld, status: number, body: string) {
  const response = last(this);
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.deepEqual(response.body, JSON.parse(body));
});

Then('the response is {int} with the message:', function (this: SimWorld, status: number, message: string) {
  const response = last(this);
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal((response.body as { message: string }).message, message.trim());
});

Then('the response does not contain {string}', function (this: SimWorld, text: string) {
  assert.ok(!JSON.stringify(last(this).body).includes(text), JSON.stringify(last(this).body));
});

Then('{int} responses came from {string} and {int} from {string}', function (this: SimWorld, a: number, first: string, b: number, second: string) {
  const by = (name: string) => of(this).responses.filter((r) => r.deployment === name).length;
  assert.deepEqual([by(first), by(second)], [a, b]);
});

Then('{string} of {string} received {int} mirrored copies', async function (this: SimWorld, name: string, endpoint: string, count: number) {
  assert.equal((await this.ml.onlineDeployments.show(endpoint, name)).mirrored, count);
});

Then('every response came from {string}', function (this: SimWorld, name: string) {
  assert.ok(of(this).responses.every((r) => r.deployment === name && r.status === 200));
});

// ---- load and the autoscaler (OD-09)

Given('the replica formula for {float} requests per second of {float} s at {int}% with {int} request(s) per container', function (
  this: SimWorld,
  rps: number,
  seconds: number,
  target: number,
  perContainer: number,
) {
  of(this).formula = replicasFor({ targetRps: rps, requestSeconds: seconds, targetUtilization: target / 100, maxRequestsPerContainer: perContainer });
});

Then('the formula gives {int} replicas', function (this: SimWorld, replicas: number) {
  assert.equal(of(this).formula, replicas);
});

function shapeFrom(row: Record<string, string>): LoadShape {
  const rps = Number(row['steady rps']);
  if (row.spike && row.spike !== '-') {
    const percent = Number(row.spike.replace(/[+%]/g, ''));
    return { kind: 'spike', rps, spikeRps: rps * (1 + percent / 100), startSecond: 300, seconds: 60 };
  }
  if (row.ramp && row.ramp !== '-') return { kind: 'ramp', fromRps: 1, toRps: rps };
  return { kind: 'steady', rps };
}

/** One row per load test: each is run for 10 minutes and must give the stated 503s. */
When('these 10-minute load tests run with requests of {float} s:', async function (this: SimWorld, seconds: number, table: DataTable) {
  const rows = table.hashes();
  const failures: string[] = [];
  const dir = join(process.env.SIM_REPORTS_DIR ?? 'reports', 'online');
  mkdirSync(dir, { recursive: true });
  for (const row of rows) {
    const min = row['min replicas'] === 'formula' ? replicasFor({ targetRps: Number(row['peak rps'] ?? row['steady rps']), requestSeconds: seconds, targetUtilization: Number(row.target ?? 70) / 100, maxRequestsPerContainer: 1 }) : Number(row['min replicas']);
    const report = await runLoadTest(
      { ...SCALE_DEFAULTS, minReplicas: min, maxReplicas: Number(row['max replicas'] ?? 50), targetUtilization: Number(row.target ?? 70) / 100 },
      { durationSeconds: 600, requestSeconds: seconds, shape: shapeFrom(row) },
    );
    const name = `${row['load']}-min${min}`.replace(/[^A-Za-z0-9-]+/g, '-');
    writeFileSync(join(dir, `${name}.md`), renderLoadReport(name, report));
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(report, null, 2));
    const expected = row['503s'];
    const ok = expected === 'none' ? report.rejected503 === 0 : expected === 'some' ? report.rejected503 > 0 : report.rejected503 === Number(expected);
    if (!ok) failures.push(`${row.load} with min ${min}: expected ${expected} 503s, got ${report.rejected503}`);
    of(this).load = report;
  }
  assert.deepEqual(failures, []);
});

Then('the load report holds replicas, utilization and 503s per second and p50, p95 and p99 latency', function (this: SimWorld) {
  const report = of(this).load;
  assert.ok(report, 'no load test ran');
  assert.equal(report.perSecond.length, 600);
  assert.ok(report.perSecond.every((s) => s.replicas >= 1 && s.utilization >= 0 && s.utilization <= 1));
  assert.ok(report.latencyMs.p50 <= report.latencyMs.p95 && report.latencyMs.p95 <= report.latencyMs.p99);
});

Then('at steady load the replicas hold utilization at or below {int}%', function (this: SimWorld, target: number) {
  const report = of(this).load!;
  const steady = report.perSecond.slice(120, 290);
  assert.ok(steady.every((s) => s.utilization <= target / 100), steady.map((s) => s.utilization).join(','));
});
