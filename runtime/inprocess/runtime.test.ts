/** Calls queued on a worker thread (Worker.runAfter): they run back to back, or not at all; threads under any node options. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { WorkerSpec } from '../runtime.ts';
import { InProcessRuntime } from './runtime.ts';

const runtime = new InProcessRuntime();
after(() => runtime.close());

function spec(scoringScript: string): WorkerSpec {
  const scripts = join(process.cwd(), 'fixtures/scripts');
  return { nodeIp: '10.0.0.4', processName: 'process000', codeDir: scripts, scoringScript, modelDir: scripts, packages: ['azureml-core'], args: [], loggingLevel: 'INFO', env: {} };
}

test('a queued mini-batch runs right after a call that returned every result, and is skipped after one that did not', async () => {
  const worker = await runtime.startWorker(spec('partial.mjs'));
  assert.equal((await worker.init()).status, 'ok');
  // digit-003-3.png gets no result from partial.mjs: the call behind it must not run.
  const partial = worker.run(['/in/digit-000-0.png', '/in/digit-003-3.png'], 30_000);
  const behindPartial = worker.runAfter!(['/in/digit-001-1.png'], 30_000, 2);
  assert.equal((await partial).status, 'ok');
  assert.equal(await behindPartial, undefined);
  const full = worker.run(['/in/digit-000-0.png'], 30_000);
  const behindFull = worker.runAfter!(['/in/digit-001-1.png', '/in/digit-002-2.png'], 30_000, 1);
  assert.equal((await full).status, 'ok');
  const queued = await behindFull;
  assert.equal(queued?.status, 'ok');
  assert.deepEqual(queued.status === 'ok' && queued.results, [
    { file: 'digit-001-1.png', prediction: 1 },
    { file: 'digit-002-2.png', prediction: 2 },
  ]);
  await worker.stop();
});

test('a mini-batch queued behind a call that times out is skipped, and the worker is ended', async () => {
  const worker = await runtime.startWorker(spec('hangs.mjs'));
  assert.equal((await worker.init()).status, 'ok');
  const hung = worker.run(['/in/digit-000-0.png'], 1_000);
  const behind = worker.runAfter!(['/in/digit-001-1.png'], 1_000, 1);
  assert.equal((await hung).status, 'timeout');
  assert.equal(await behind, undefined);
  assert.equal((await worker.run(['/in/digit-001-1.png'], 1_000)).status, 'crashed');
});

test('workers start without the node options of the process, from its command line or NODE_OPTIONS', () => {
  // Process-wide options passed on to a thread make the Worker constructor throw; tsx, passed
  // on, loads itself and esbuild into every thread. The probe reports what the thread loaded.
  const probe = mkdtempSync(join(tmpdir(), 'probe-'));
  writeFileSync(
    join(probe, 'probe.mjs'),
    `import { createRequire } from 'node:module';
     export function init() { console.log('loaded:' + Object.keys(createRequire(import.meta.url).cache).filter((m) => /node_modules.(tsx|esbuild)/.test(m)).join(',')); }
     export function run(miniBatch) { return miniBatch; }`,
  );
  const program = `
    import { InProcessRuntime } from './runtime/inprocess/runtime.ts';
    const runtime = new InProcessRuntime();
    const worker = await runtime.startWorker({ nodeIp: '10.0.0.4', processName: 'process000', codeDir: ${JSON.stringify(probe)}, scoringScript: 'probe.mjs', modelDir: ${JSON.stringify(probe)}, packages: ['azureml-core'], args: [], loggingLevel: 'INFO', env: {} });
    console.log(JSON.stringify(await worker.init()));
    await runtime.close();`;
  try {
    const child = spawnSync(process.execPath, ['--trace-gc', '--input-type=module', '-e', program], {
      env: { ...process.env, NODE_OPTIONS: '--import tsx --max-old-space-size=512' },
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    const init = JSON.parse(child.stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}') as { status?: string; stdout?: string };
    assert.equal(init.status, 'ok', child.stdout);
    assert.equal(init.stdout, 'loaded:\n');
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
});
