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
    mount: async () => ({ dir: '/', path: (p: string) => p, inPlace: () => true, ready: async () => {}, read: async () => new Map(), release: async () => {} }),
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

function engine(runtime: Runtime, clock = new VirtualClock(), options: { batches?: number; processes?: number } = {}) {
  const { batches = 2, processes = 1 } = options;
  return new MiniBatchEngine({
    clock,
    runtime,
    log: new LogTree(clock),
    settings: {
      nodeIps: ['10.0.0.4'],
      node: { vmSize: 'STANDARD_DS3_V2', memoryMb: 14336, image: 'img' },
      processesPerNode: processes,
      timeoutMs: 30_000,
      maxRetries: 3,
      errorThreshold: -1,
      outputAction: 'append_row',
      unit: 'files',
      resourceMonitorIntervalS: 0,
      timeoutsFailJob: true,
    },
    miniBatches: Array.from({ length: batches }, (_, index) => ({ index, items: [`${'abcdefgh'[2 * index]}`, `${'abcdefgh'[2 * index + 1]}`], size: 2 })),
    inputs: Promise.resolve({ path: (item: string) => item, inPlace: () => true, ready: async () => {} }),
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

/**
 * A worker that queues calls as the real hosts do (runtime/host/queue.ts): a call sent with
 * runAfter runs once the call before it returned every result, and is skipped otherwise.
 */
function queueingRuntime(run: (items: readonly string[], call: number) => RunOutcome): Runtime & { calls: string[]; queued: string[] } {
  let calls = 0;
  const runtime = {
    name: 'queueing',
    timeScale: 1,
    calls: [] as string[],
    /** Mini-batches sent with runAfter, as they were sent. */
    queued: [] as string[],
    mount: async () => ({ dir: '/', path: (p: string) => p, inPlace: () => true, ready: async () => {}, read: async () => new Map(), release: async () => {} }),
    startWorker: async (): Promise<Worker> => {
      let previous: Promise<RunOutcome | undefined> = Promise.resolve(undefined);
      const call = (items: readonly string[], how: string) => {
        runtime.calls.push(`${how} ${items.join('')}`);
        return run(items, calls++);
      };
      return {
        pid: 100,
        init: async () => ({ status: 'ok', elapsedMs: 10, stdout: '', stderr: '' }),
        run: (items) => (previous = previous.then(() => call(items, 'run'))) as Promise<RunOutcome>,
        runAfter: (items, _timeoutMs, after) =>
          (runtime.queued.push(items.join('')),
          previous = previous.then((before) => (before?.status === 'ok' && before.results.length >= after ? call(items, 'queued') : undefined))),
        score: async () => ({ status: 'timeout', elapsedMs: 0 }),
        stop: async () => {},
      };
    },
    close: async () => {},
  };
  return runtime;
}

async function runToEnd(engineRun: () => Promise<Awaited<ReturnType<MiniBatchEngine['run']>>>, clock: VirtualClock) {
  return new Promise<Awaited<ReturnType<MiniBatchEngine['run']>>>((resolve) => {
    void engineRun().then(resolve);
    void clock.runUntil(() => false);
  });
}

test('a worker alone gets its next mini-batch queued behind the call under way', async () => {
  const runtime = queueingRuntime((items) => ok(items));
  const clock = new VirtualClock();
  const result = await runToEnd(() => engine(runtime, clock, { batches: 3 }).run(), clock);
  assert.equal(result.status, 'Completed');
  assert.deepEqual(runtime.calls, ['run ab', 'queued cd', 'queued ef']);
  assert.deepEqual(result.rows, ['a', 'b', 'c', 'd', 'e', 'f'].map((i) => ({ i })));
});

test('a worker alone has two mini-batches queued behind the call under way', async () => {
  let queuedWhileFirstRan: string[] = [];
  const runtime = queueingRuntime((items, call) => {
    if (call === 0) queuedWhileFirstRan = [...runtime.queued];
    return ok(items);
  });
  const clock = new VirtualClock();
  const result = await runToEnd(() => engine(runtime, clock, { batches: 4 }).run(), clock);
  assert.equal(result.status, 'Completed');
  assert.deepEqual(queuedWhileFirstRan, ['cd', 'ef']);
  assert.deepEqual(runtime.calls, ['run ab', 'queued cd', 'queued ef', 'queued gh']);
  assert.deepEqual(result.rows, [...'abcdefgh'].map((i) => ({ i })));
});

test('after a failed try the queued mini-batch is skipped: the retry comes first, as without the queue', async () => {
  const raised: RunOutcome = { status: 'error', error: { type: 'ValueError', message: 'once', stack: '' }, elapsedMs: 5, stdout: '', stderr: '' };
  const runtime = queueingRuntime((items, call) => (call === 0 ? raised : ok(items)));
  const clock = new VirtualClock();
  const result = await runToEnd(() => engine(runtime, clock, { batches: 3 }).run(), clock);
  assert.equal(result.status, 'Completed');
  // The worker runs the mini-batches in the engine's order, the retry first, each once more only by a retry;
  // what was queued behind the failed try is skipped and sent again.
  assert.deepEqual(runtime.calls.map((c) => c.split(' ')[1]), ['ab', 'ab', 'cd', 'ef']);
  assert.equal(runtime.calls[1], 'run ab');
  assert.equal(result.succeeded, 6);
});

test('workers that share the queue take mini-batches one at a time', async () => {
  const runtime = queueingRuntime((items) => ok(items));
  const clock = new VirtualClock();
  const result = await runToEnd(() => engine(runtime, clock, { batches: 4, processes: 2 }).run(), clock);
  assert.equal(result.succeeded, 8);
  assert.ok(runtime.calls.every((c) => c.startsWith('run ')), runtime.calls.join(', '));
});
