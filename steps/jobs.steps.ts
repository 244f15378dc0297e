/** Invoking batch endpoints and reading what the job left: status, counts, output, log tree. */
import assert from 'node:assert/strict';
import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { InvokeOptions } from '../simulator/client.ts';
import type { SimWorld } from './support/world.ts';

async function invoke(world: SimWorld, endpoint: string, options: InvokeOptions) {
  const job = await world.attempt(() => world.ml.batchEndpoints.invoke(endpoint, options));
  if (job) {
    world.job = job;
    world.jobs.push(job);
  }
}

When('I invoke {string} with the local folder {string}', async function (this: SimWorld, endpoint: string, path: string) {
  await invoke(this, endpoint, { input: { type: 'uri_folder', path } });
});

When('I invoke {string} with the local file {string}', async function (this: SimWorld, endpoint: string, path: string) {
  await invoke(this, endpoint, { input: { type: 'uri_file', path } });
});

When('I invoke {string} with the input {string}', async function (this: SimWorld, endpoint: string, path: string) {
  await invoke(this, endpoint, { input: { path } });
});

/** Rows: input_type, input_path, deployment (the azureml-model-deployment header), output_path, output_file_name. */
When('I invoke {string} with:', async function (this: SimWorld, endpoint: string, table: DataTable) {
  const row = table.rowsHash();
  await invoke(this, endpoint, {
    input: { type: row.input_type, path: row.input_path },
    deployment: row.deployment,
    outputPath: row.output_path,
    outputFileName: row.output_file_name,
  });
});

When('the job runs to its end', async function (this: SimWorld) {
  await this.sim.waitForJob(this.lastJob);
});

When('every job runs to its end', async function (this: SimWorld) {
  for (const job of this.jobs) await this.sim.waitForJob(job);
});

Then('the invocation returns a job at once, in status {word}', function (this: SimWorld, status: string) {
  this.errorSeen = true;
  assert.equal(this.lastError, undefined, this.lastError?.message);
  assert.equal(this.lastJob.status, status);
});

Then('the job status is {word}', async function (this: SimWorld, status: string) {
  assert.equal((await this.ml.jobs.show(this.lastJob.name)).status, status, this.lastJob.error?.message);
});

Then('the job completes', function (this: SimWorld) {
  assert.equal(this.lastJob.status, 'Completed', this.lastJob.error?.message);
});

Then('the job fails with:', async function (this: SimWorld, message: string) {
  const shown = await this.ml.jobs.show(this.lastJob.name);
  assert.equal(shown.status, 'Failed');
  assert.equal(shown.error?.message, message.trim());
});

/** The documented message names the data asset by its id, which the scenario cannot know in advance. */
Then('the job fails with, <id> being the id of the data asset {string}:', async function (this: SimWorld, asset: string, message: string) {
  const shown = await this.ml.jobs.show(this.lastJob.name);
  assert.equal(shown.status, 'Failed');
  assert.equal(shown.error?.message, message.trim().replace('<id>', this.ml.workspace.data.get(asset).id));
});

Then(/^the job fails with (\w+)$/, async function (this: SimWorld, code: string) {
  const shown = await this.ml.jobs.show(this.lastJob.name);
  assert.equal(shown.status, 'Failed');
  assert.equal(shown.error?.code, code, shown.error?.message);
});

Then('{int} files succeeded and {int} failed', function (this: SimWorld, succeeded: number, failed: number) {
  const result = this.lastJob.result;
  assert.ok(result, 'the job ran no mini-batch');
  assert.deepEqual({ succeeded: result.succeeded, failed: result.failed }, { succeeded, failed });
});

Then('{int} mini-batches were created and {int} processed', function (this: SimWorld, created: number, processed: number) {
  const result = this.lastJob.result;
  assert.ok(result, 'the job ran no mini-batch');
  assert.deepEqual({ created: result.miniBatches, processed: result.processed }, { created, processed });
});

Then('{int} files were not processed', function (this: SimWorld, count: number) {
  assert.equal(this.lastJob.result?.notProcessed, count);
});

Then('the job took {int} seconds of service time from start to end', function (this: SimWorld, seconds: number) {
  const job = this.lastJob;
  assert.equal((job.endedAt! - job.startedAt!) / 1000, seconds);
});

Then('the job took at least {int} seconds of service time', function (this: SimWorld, seconds: number) {
  const job = this.lastJob;
  assert.ok((job.endedAt! - job.startedAt!) / 1000 >= seconds, `the job took ${(job.endedAt! - job.startedAt!) / 1000} s`);
});

async function outputLines(world: SimWorld): Promise<string[]> {
  const shown = await world.ml.jobs.show(world.lastJob.name);
  const data = await world.ml.storage.download(shown.output);
  assert.ok(data, `no output file at ${shown.output}`);
  return data.toString('utf8').split('\n').filter((l) => l !== '');
}

/** <job> stands for the job's name. */
Then('the output file is {string}', async function (this: SimWorld, uri: string) {
  assert.equal((await this.ml.jobs.show(this.lastJob.name)).output, uri.replace('<job>', this.lastJob.name));
  await outputLines(this);
});

Then('the output file has {int} lines', async function (this: SimWorld, count: number) {
  assert.equal((await outputLines(this)).length, count);
});

Then('the output holds the line {string}', async function (this: SimWorld, line: string) {
  assert.ok((await outputLines(this)).includes(line), `no line ${line}`);
});

async function everyFileOnce(world: SimWorld, folder: string, except: readonly string[] = []): Promise<void> {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(folder).filter((f) => !except.includes(f)).sort();
  const lines = await outputLines(world);
  const keys = lines.map((l) => l.split(',')[0]).sort();
  assert.deepEqual(keys, files);
  for (const line of lines) {
    const [file, prediction] = line.split(',');
    assert.equal(prediction, /-(\d)\.png$/.exec(file)?.[1], `wrong prediction in ${line}`);
  }
}

Then('every file of {string} appears exactly once in the output, with its label', async function (this: SimWorld, folder: string) {
  await everyFileOnce(this, folder);
});

Then('every file of {string} but {string} appears exactly once in the output, with its label', async function (this: SimWorld, folder: string, except: string) {
  await everyFileOnce(this, folder, [except]);
});

Then('the output is not in input order', async function (this: SimWorld) {
  const keys = (await outputLines(this)).map((l) => l.split(',')[0]);
  assert.notDeepEqual(keys, [...keys].sort());
});

Then('the job wrote no output file', async function (this: SimWorld) {
  const shown = await this.ml.jobs.show(this.lastJob.name);
  assert.equal(await this.ml.storage.download(shown.output), undefined);
});

async function log(world: SimWorld, path: string): Promise<string> {
  const logs = await world.ml.jobs.logs(world.lastJob.name);
  const text = logs.get(path);
  assert.ok(text !== undefined, `no log ${path}; the job has: ${[...logs.keys()].join(', ')}`);
  return text;
}

Then('the log {string} contains {string}', async function (this: SimWorld, path: string, text: string) {
  const content = await log(this, path);
  assert.ok(content.includes(text), `${path} does not contain "${text}":\n${content}`);
});

Then('the log {string} contains:', async function (this: SimWorld, path: string, text: string) {
  const content = await log(this, path);
  assert.ok(content.includes(text.trim()), `${path} does not contain "${text.trim()}":\n${content}`);
});

Then('the log {string} does not contain {string}', async function (this: SimWorld, path: string, text: string) {
  assert.ok(!(await log(this, path)).includes(text));
});

Then('the log {string} has {int} lines containing {string}', async function (this: SimWorld, path: string, count: number, text: string) {
  const lines = (await log(this, path)).split('\n').filter((l) => l.includes(text));
  assert.equal(lines.length, count, lines.join('\n'));
});

Then('the job has the logs:', async function (this: SimWorld, table: DataTable) {
  const logs = await this.ml.jobs.logs(this.lastJob.name);
  const missing = table.raw().map(([p]) => p).filter((p) => !logs.has(p));
  assert.deepEqual(missing, [], `missing logs; the job has: ${[...logs.keys()].join(', ')}`);
});

Then('the job has no log under {string}', async function (this: SimWorld, prefix: string) {
  const logs = await this.ml.jobs.logs(this.lastJob.name);
  assert.deepEqual([...logs.keys()].filter((p) => p.startsWith(prefix)), []);
});

Then('the job has {int} logs under {string}', async function (this: SimWorld, count: number, prefix: string) {
  const logs = await this.ml.jobs.logs(this.lastJob.name);
  assert.equal([...logs.keys()].filter((p) => p.startsWith(prefix)).length, count, [...logs.keys()].join('\n'));
});

Then('streaming the job shows only the azureml-logs folder', async function (this: SimWorld) {
  const streamed = await this.ml.jobs.stream(this.lastJob.name);
  const headers = [...streamed.matchAll(/^=== (.+) ===$/gm)].map((m) => m[1]);
  assert.ok(headers.length > 0, 'nothing was streamed');
  assert.ok(headers.every((h) => h.startsWith('azureml-logs/')), headers.join(', '));
  assert.ok(streamed.includes(this.lastJob.name));
});

Then('showing the job gives its studio link', async function (this: SimWorld) {
  const shown = await this.ml.jobs.show(this.lastJob.name);
  const link = new URL(shown.interaction_endpoints.Studio.endpoint);
  assert.equal(link.host, 'ml.azure.com');
  assert.equal(link.pathname, `/runs/${this.lastJob.name}`);
  assert.equal(link.searchParams.get('wsid'), this.ml.workspace.id);
});

/** Reads the rows of lifecycle.mjs (file, initCount, initAt, runIndex, pid). */
Then('every worker called init\\() once, before its first run\\(), and run\\() once per mini-batch', async function (this: SimWorld) {
  const rows = (await outputLines(this)).map((l) => {
    const [file, initCount, , runIndex, pid] = l.split(',');
    return { file, initCount: Number(initCount), runIndex: Number(runIndex), pid };
  });
  assert.ok(rows.every((r) => r.initCount === 1), 'init() ran more than once in a worker');
  const runsByWorker = new Map<string, Set<number>>();
  for (const r of rows) runsByWorker.set(r.pid, (runsByWorker.get(r.pid) ?? new Set()).add(r.runIndex));
  // Which workers get mini-batches depends on how long each took to start: at most all of them.
  assert.ok(runsByWorker.size >= 1 && runsByWorker.size <= 4, `saw ${runsByWorker.size} workers`);
  let runs = 0;
  for (const [pid, indexes] of runsByWorker) {
    const sorted = [...indexes].sort((a, b) => a - b);
    assert.deepEqual(sorted, sorted.map((_, i) => i + 1), `worker ${pid} ran ${sorted.join(',')}`);
    runs += sorted.length;
  }
  assert.equal(runs, this.lastJob.result?.miniBatches);
});

Then('the node logs record each mini-batch with its worker\'s IP and PID, its counts, start time and durations', async function (this: SimWorld) {
  const logs = await this.ml.jobs.logs(this.lastJob.name);
  const record = /Mini-batch (\d+): worker (\S+) pid (\d+); items total=(\d+) succeeded=(\d+) failed=(\d+); start time=(\S+); duration=([\d.]+)s; process time=([\d.]+)s; run\(\) time=([\d.]+)s/;
  const seen = new Set<number>();
  let total = 0;
  let succeeded = 0;
  for (const [path, text] of logs) {
    const node = /^logs\/sys\/node\/([^/]+)\/process\d{3}\.txt$/.exec(path);
    if (!node) continue;
    for (const line of text.split('\n')) {
      const m = record.exec(line);
      if (!m) continue;
      assert.equal(m[2], node[1], `a mini-batch of ${path} names the node ${m[2]}`);
      assert.ok(text.includes(`Mini-batch ${m[1]} picked up by worker ${node[1]} pid ${m[3]}`), `mini-batch ${m[1]}: no pick-up by pid ${m[3]}`);
      assert.equal(Number(m[5]) + Number(m[6]), Number(m[4]));
      assert.ok(!Number.isNaN(Date.parse(m[7])));
      seen.add(Number(m[1]));
      total += Number(m[4]);
      succeeded += Number(m[5]);
    }
  }
  const result = this.lastJob.result!;
  assert.equal(seen.size, result.miniBatches);
  assert.equal(total, result.succeeded + result.failed);
  assert.equal(succeeded, result.succeeded);
});

Then('the resource monitor wrote one check per {int} seconds of the job on node {string}', async function (this: SimWorld, interval: number, ip: string) {
  const job = this.lastJob;
  const logs = await this.ml.jobs.logs(job.name);
  const checks = (logs.get(`logs/perf/${ip}/node_resource_usage.csv`) ?? '').trim().split('\n').slice(1);
  const expected = Math.floor((job.endedAt! - job.startedAt!) / (interval * 1000)) + 1;
  assert.equal(checks.length, expected, `the job ran ${(job.endedAt! - job.startedAt!) / 1000} s`);
  const snapshots = [...logs.keys()].filter((p) => p.startsWith(`logs/perf/${ip}/os/`));
  assert.equal(snapshots.length, new Set(checks.map((c) => c.slice(0, 16))).size, 'one ps snapshot per check minute');
});

/**
 * Per worker (a node and a process name): how many mini-batches it scored in full (its node log,
 * logs/sys/node/<ip>/<process>.txt) and the processes it ran in (the driver log names every
 * process started for it: one more after each crash or timeout).
 */
async function workerRecords(world: SimWorld): Promise<Map<string, { scored: number; pids: Set<string> }>> {
  const logs = await world.ml.jobs.logs(world.lastJob.name);
  const workers = new Map<string, { scored: number; pids: Set<string> }>();
  const worker = (key: string) => workers.get(key) ?? workers.set(key, { scored: 0, pids: new Set() }).get(key)!;
  for (const m of (logs.get('azureml-logs/70_driver_log.txt') ?? '').matchAll(/(\S+) (process\d{3}) \(pid (\d+)\): loading the entry script/g)) {
    worker(`${m[1]}/${m[2]}`).pids.add(m[3]);
  }
  for (const [path, text] of logs) {
    const node = /^logs\/sys\/node\/([^/]+)\/(process\d{3})\.txt$/.exec(path);
    if (!node) continue;
    worker(`${node[1]}/${node[2]}`).scored = [...text.matchAll(/items total=(\d+) succeeded=(\d+) failed=0;/g)].filter((m) => m[1] === m[2]).length;
  }
  return workers;
}

Then('{int} of the {int} workers scored mini-batches in one process from start to end', async function (this: SimWorld, steady: number, count: number) {
  const workers = await workerRecords(this);
  const report = [...workers].map(([key, w]) => `${key}: ${w.scored} mini-batches scored, in pids ${[...w.pids].join(' ')}`).join('\n');
  assert.equal(workers.size, count, report);
  assert.ok([...workers.values()].every((w) => w.scored > 0), `a worker scored nothing:\n${report}`);
  assert.equal([...workers.values()].filter((w) => w.pids.size === 1).length, steady, report);
});
