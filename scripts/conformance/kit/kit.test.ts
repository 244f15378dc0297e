/**
 * The kit against our runtime (in-process, in a container, by URL: it conforms) and against every
 * broken runtime of fixtures/broken-runtimes (each fails on exactly the rule it breaks).
 * Needs the container engine and the runtime image (npm test builds them before this runs).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { FIXTURES, fixturesOf } from '../../../conformance/fixtures.ts';
import { targetName } from '../../../conformance/targets.ts';
import { BREAKERS } from '../../../fixtures/broken-runtimes/breakers.ts';
import { startBrokenRuntime } from '../../../fixtures/broken-runtimes/proxy.ts';
import { RUNTIME_IMAGE } from '../../../runtime/container/image.ts';
import { Agent } from '../../../runtime/server/agent-server.ts';
import { failedRules, type TargetVerdict } from '../summary.ts';

function kit(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/conformance/run.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

const verdict = (reportDir: string, target: string) => JSON.parse(readFileSync(join(reportDir, target, 'summary.json'), 'utf8')) as TargetVerdict;

test('our runtime conforms to every profile, hosted in-process', async () => {
  const { code, output } = await kit(['--profile', 'azureml-online', '--profile', 'azureml-batch', '--profile', 'oip-v2:strict', '--profile', 'oip-v2:kserve', '--profile', 'oip-v2:mlserver']);
  assert.equal(code, 0, output);
  assert.deepEqual(failedRules(verdict('reports/conformance', 'in-process')), []);
});

test('our runtime conforms to every profile, in a container', async () => {
  // This checkout's own build: another checkout on the same engine may have tagged latest.
  const image = RUNTIME_IMAGE;
  const { code, output } = await kit(['--runtime-image', image]);
  assert.equal(code, 0, output);
  assert.equal(verdict('reports/conformance', targetName({ kind: 'image', image })).conforms, true);
});

/** Our runtime server as its own program on 127.0.0.1, as a third party's would run. */
function agentProcess(env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/server/agent.ts'], { env: { ...process.env, ...env, AGENT_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const where = /agent listening on (127\.0\.0\.1:\d+)/.exec(line);
      if (where) resolve({ url: `http://${where[1]}`, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`the agent exited with ${code}`)));
  });
}

test('our runtime conforms to every profile, by URL', async () => {
  const fixtures = Object.keys(FIXTURES);
  const agents = await Promise.all(fixtures.map((f) => agentProcess(FIXTURES[f].env)));
  try {
    const { code, output } = await kit(fixtures.flatMap((f, i) => ['--runtime-url', `${f}=${agents[i].url}`]));
    assert.equal(code, 0, output);
    assert.equal(verdict('reports/conformance', 'url').conforms, true);
  } finally {
    for (const a of agents) a.stop();
  }
});

for (const breaker of BREAKERS) {
  test(`the broken runtime '${breaker.name}' is caught on ${breaker.breaks}, and only there`, async () => {
    const fixtures = fixturesOf(breaker.profile);
    const upstream = await Promise.all(fixtures.map(async (f) => {
      const agent = new Agent({ ...process.env, ...FIXTURES[f].env, AGENT_PORT: '0' });
      return { agent, url: `http://${await agent.start()}` };
    }));
    const proxies = await Promise.all(fixtures.map((f, i) => startBrokenRuntime(breaker, f, upstream[i].url)));
    const reportDir = mkdtempSync(join(tmpdir(), `broken-${breaker.name}-`));
    try {
      const { code, output } = await kit([...fixtures.flatMap((f, i) => ['--runtime-url', `${f}=${proxies[i].url}`]), '--profile', breaker.profile, '--report-dir', reportDir]);
      assert.equal(code, 1, `the kit passed a broken runtime:\n${output}`);
      assert.deepEqual(failedRules(verdict(reportDir, 'url')), [breaker.breaks], output);
    } finally {
      await Promise.all(proxies.map((p) => p.stop()));
      await Promise.all(upstream.map((u) => u.agent.close()));
    }
  });
}
