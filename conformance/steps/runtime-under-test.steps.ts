/**
 * The runtime under test: which of its fixtures a check talks to, when it is ready, and the golden
 * requests and answers. The HTTP sentences themselves are the project's own (steps/).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Given, Then, When } from '@cucumber/cucumber';
import { runtimeCaller } from '../../steps/support/http.ts';
import { send } from '../../steps/support/send.ts';
import type { SimWorld } from '../../steps/support/world.ts';
import { FIXTURES } from '../fixtures.ts';

/** Fixture name -> address, set by the kit's runner (scripts/conformance/run.ts). */
const TARGETS = JSON.parse(process.env.CONFORMANCE_TARGETS ?? '{}') as Record<string, string>;
const READY_WITHIN_MS = 60_000;

interface Golden {
  request: unknown;
  response: unknown;
  /** Numbers may differ by this much (float32 arithmetic differs between builds). */
  tolerance: number;
}

const golden = (name: string): Golden => JSON.parse(readFileSync(new URL(`../golden/${name}.json`, import.meta.url), 'utf8')) as Golden;

Given('the runtime under test serves the fixture {string}', function (this: SimWorld, fixture: string) {
  assert.ok(FIXTURES[fixture], `no fixture '${fixture}' in conformance/fixtures.ts`);
  const address = TARGETS[fixture];
  // A runtime declares the fixtures it supports: the others' checks do not apply to it.
  if (!address) return 'skipped';
  this.http = runtimeCaller(address);
  this.fixture = fixture;
  return undefined;
});

/** Polls until `done` says so; the runtime's own start-up is real time, bounded. */
async function until(world: SimWorld, what: string, done: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + READY_WITHIN_MS;
  while (Date.now() < end) {
    if (await done().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the runtime serving '${world.fixture}' did not get ${what} within ${READY_WITHIN_MS / 1000} s`);
}

Given('it is ready', async function (this: SimWorld) {
  const path = FIXTURES[this.fixture!].profile === 'oip-v2' ? '/v2/health/ready' : '/ready';
  await until(this, 'ready', async () => (await this.http!({ method: 'GET', url: path })).status === 200);
});

When('I wait until the runtime has tried init\\(\\)', async function (this: SimWorld) {
  await until(this, 'through init()', async () => {
    // A runtime that went down has tried too: the checks that follow say what it should have done.
    const answer = await this.http!({ method: 'GET', url: '/ready' }).catch(() => undefined);
    return !answer || answer.status === 200 || (answer.status === 503 && !/has not finished/.test(answer.text));
  });
});

When('I send POST {string} with the golden request {string}', async function (this: SimWorld, path: string, name: string) {
  await send(this, 'POST', path, JSON.stringify(golden(name).request));
});

When('I send POST {string} with the golden request {string} and the id {string}', async function (this: SimWorld, path: string, name: string, id: string) {
  await send(this, 'POST', path, JSON.stringify({ ...(golden(name).request as object), id }));
});

When('I send POST {string} with the header {string} set to {string} and the golden request {string}', async function (this: SimWorld, path: string, header: string, value: string, name: string) {
  await send(this, 'POST', path, JSON.stringify(golden(name).request), { [header]: value });
});

Then('the answer matches the golden response {string}', function (this: SimWorld, name: string) {
  const expected = golden(name);
  const problems: string[] = [];
  compare(this.answer?.json, expected.response, expected.tolerance, '', problems);
  assert.deepEqual(problems, [], `the answer differs from conformance/golden/${name}.json:\n${problems.join('\n')}`);
});

/** Where two JSON values differ, numbers within the tolerance being equal; `extra` keys of the actual are allowed. */
function compare(actual: unknown, expected: unknown, tolerance: number, path: string, problems: string[]): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || Math.abs(actual - expected) > tolerance) problems.push(`${path || '(root)'}: ${JSON.stringify(actual)} instead of ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      problems.push(`${path || '(root)'}: ${Array.isArray(actual) ? `${actual.length} items` : JSON.stringify(actual)} instead of ${expected.length} items`);
      return;
    }
    expected.forEach((e, i) => compare(actual[i], e, tolerance, `${path}[${i}]`, problems));
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) {
      problems.push(`${path || '(root)'}: ${JSON.stringify(actual)} instead of an object`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) compare((actual as Record<string, unknown>)[key], value, tolerance, path ? `${path}.${key}` : key, problems);
    return;
  }
  if (actual !== expected) problems.push(`${path || '(root)'}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`);
}
