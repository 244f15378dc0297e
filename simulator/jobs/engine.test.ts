/** The engine with a scripted stand-in runtime: outcomes the real runtimes make rare or slow. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Runtime, RunOutcome, Worker } from '../../runtime/runtime.ts';
import { ContractViolationError } from '../../specs/runtime-contract.ts';
import { VirtualClock } from '../clock.ts';
import { MiniBatchEngine } from './engine.ts';
import { LogTree } from './log-tree.ts';

function runtimeAnswering(run: (items: readonly string[], call: number) => RunOutcome | Error): Runtime & { started: number } {
  let calls = 0;
  const runtime = {
    name: 'scripted',
    timeScale: 1,
    started: 0,
    mount: async () => ({ dir: '/', path: (p: string) => p, read: async () => new Map(), release: async () => {} }),
    startWorker: async (): Promise<Worker> => {
      runtime.started++;
      return {
        pid: 100 + runtime.started,
        init: async () => ({ status: 'ok', elapsedMs: 10, stdout: '', stderr: '' }),
        run: async (items) => {
          const outcome = run(items, calls++);
          if (outcome instanceof Error) throw outcome;
          return outcome;
        },
        score: async () => ({ status: 'timeout', elapsedMs: 0 }),
        stop: async () => {},
      };
    },
    close: async () => {},
  };
  return runtime;
}

function engine(runtime: Runtime, clock = new VirtualClock()) {
  return new MiniBatchEngine({
    clock,
    runtime,
    log: new LogTree(clock),
    settings: {
      nodeIps: ['10.0.0.4'],
      node: { vmSize: 'STANDARD_DS3_V2', memoryMb: 14336, image: 'img' },
      processesPerNode: 1,
      timeoutMs: 30_000,
      maxRetries: 3,
      errorThreshold: -1,
      outputAction: 'append_row',
      unit: 'files',
      resourceMonitorIntervalS: 0,
      timeoutsFailJob: true,
    },
    miniBatches: [
      { index: 0, items: ['a', 'b'], size: 2 },
      { index: 1, items: ['c', 'd'], size: 2 },
    ],
    workerSpec: (nodeIp, processName) => ({ nodeIp, processName, codeDir: '/', scoringScript: 's.mjs', modelDir: '/', packages: [], args: [], loggingLevel: 'INFO', env: {} }),
  });
}

const ok = (items: readonly string[]): RunOutcome => ({ status: 'ok', results: items.map((i) => ({ i })), elapsedMs: 5, stdout: '', stderr: '' });

test('a crashed worker is replaced and its mini-batch retried once: every item once in the output', async () => {
  const runtime = runtimeAnswering((items, call) =>
    call === 0 ? { status: 'crashed', error: { type: 'WorkerProcessExited', message: 'died', stack: '' }, elapsedMs: 0, stdout: '', stderr: '' } : ok(items),
  );
  const clock = new VirtualClock();
  const result = await new Promise<Awaited<ReturnType<MiniBatchEngine['run']>>>((resolve) => {
    void engine(runtime, clock).run().then(resolve);
    void clock.runUntil(() => false);
  });
  assert.equal(result.status, 'Completed');
  assert.deepEqual(result.rows, [{ i: 'a' }, { i: 'b' }, { i: 'c' }, { i: 'd' }]);
  assert.equal(runtime.started, 2);
});

test('a runtime that breaks its contract fails the job with RuntimeContractViolation, not as a script error', async () => {
  const runtime = runtimeAnswering(() => new ContractViolationError([{ rule: 'body.schema', message: 'POST /workers/{id}/run -> 200 at $.failed: is required' }]));
  const clock = new VirtualClock();
  const result = await new Promise<Awaited<ReturnType<MiniBatchEngine['run']>>>((resolve) => {
    void engine(runtime, clock).run().then(resolve);
    void clock.runUntil(() => false);
  });
  assert.equal(result.status, 'Failed');
  assert.equal(result.error?.code, 'RuntimeContractViolation');
  assert.match(result.error!.message, /The scoring runtime broke its contract: \[body.schema\]/);
  assert.equal(result.notProcessed, 2);
});
