/** Pipelines and ParallelRunStep: submitting, resubmitting, and reading what each step did. */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { After, Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { parse } from 'yaml';
import type { PipelineRun, PipelineSpec, StepRun } from '../simulator/pipelines/model.ts';
import type { SimWorld } from './support/world.ts';

interface PipelineState {
  run?: PipelineRun;
  spec?: unknown;
  draft?: PipelineSpec;
  work?: string;
}
const state = new WeakMap<SimWorld, PipelineState>();
const of = (world: SimWorld): PipelineState => {
  if (!state.has(world)) state.set(world, {});
  return state.get(world)!;
};

After(function (this: SimWorld) {
  const work = state.get(this)?.work;
  if (work) rmSync(work, { recursive: true, force: true });
});

/** $WORK in a pipeline document stands for the scenario's own source directories. */
function pipelineDocument(world: SimWorld, yaml: string): unknown {
  const work = of(world).work;
  return parse(work ? yaml.replaceAll('$WORK', work) : yaml);
}

function lastRun(world: SimWorld): PipelineRun {
  const run = of(world).run;
  assert.ok(run, 'no pipeline was submitted in this scenario');
  return run;
}

function stepRun(world: SimWorld, name: string): StepRun {
  const step = lastRun(world).steps.find((s) => s.name === name);
  assert.ok(step, `the pipeline run has no step '${name}'`);
  return step;
}

Given('the file dataset {string} registered from {string}', async function (this: SimWorld, name: string, path: string) {
  await this.ml.data.create({ name, type: 'file_v1', path });
});

Given('the tabular dataset {string} registered from {string}', async function (this: SimWorld, name: string, path: string) {
  await this.ml.data.create({ name, type: 'tabular_v1', path });
});

Given('I am signed in as a service principal', function (this: SimWorld) {
  this.ml.servicePrincipal = true;
});

Given('a Windows compute cluster {string} with {int} node(s)', async function (this: SimWorld, name: string, nodes: number) {
  await this.ml.computes.create({ name, max_instances: nodes, os: 'windows' });
});

/** A folder of the scenario's own ($WORK/<name>), holding copies of the named files. */
Given('a source directory {string} with the files {string} of {string}', function (this: SimWorld, name: string, files: string, folder: string) {
  const s = of(this);
  s.work ??= mkdtempSync(join(tmpdir(), 'azureml-sim-work-'));
  mkdirSync(join(s.work, name), { recursive: true });
  for (const file of files.split(',').map((f) => f.trim())) cpSync(join(folder, file), join(s.work, name, file));
});

When('I change the file {string}', function (this: SimWorld, path: string) {
  const work = of(this).work;
  assert.ok(work, 'make a source directory of the scenario first');
  // A comment line: a change that leaves any text or script file valid.
  appendFileSync(path.replaceAll("$WORK", work), "\n// changed\n");
});

Given('the compute target {string} is in an ambiguous state', function (this: SimWorld, name: string) {
  const compute = this.ml.workspace.computes.get(name);
  assert.ok(compute, `no compute ${name}`);
  compute.ambiguousState = 'its node pool does not match the cluster definition';
});

When('I delete and recreate the compute cluster {string} with {int} node(s)', async function (this: SimWorld, name: string, nodes: number) {
  await this.ml.computes.delete(name);
  await this.ml.computes.create({ name, max_instances: nodes });
});

When('I submit the pipeline:', async function (this: SimWorld, yaml: string) {
  const s = of(this);
  s.spec = pipelineDocument(this, yaml);
  const run = await this.attempt(() => this.ml.pipelines.submit(s.spec));
  if (run) s.run = run;
});

When('I submit the same pipeline again', async function (this: SimWorld) {
  const s = of(this);
  assert.ok(s.spec, 'no pipeline was submitted before');
  const run = await this.attempt(() => this.ml.pipelines.submit(s.spec));
  if (run) s.run = run;
});

When('I resubmit the pipeline run with the parameters:', async function (this: SimWorld, table: DataTable) {
  const parameters = Object.fromEntries(table.raw().map(([k, v]) => [k, parse(v) as string | number]));
  const run = await this.attempt(() => this.ml.pipelines.resubmit(lastRun(this).id, { parameters }));
  if (run) of(this).run = run;
});

When('the pipeline run ends', async function (this: SimWorld) {
  await this.sim.waitForPipeline(lastRun(this));
});

When('I try to change the pipeline run', async function (this: SimWorld) {
  await this.attempt(() => this.ml.pipelines.update(lastRun(this).id, { description: 'changed' }));
});

When('I clone the pipeline run into a draft and set {string} of step {string} to {string}', async function (this: SimWorld, path: string, step: string, value: string) {
  const draft = await this.ml.pipelines.clone(lastRun(this).id);
  const target = draft.steps.find((s) => s.name === step) as unknown as Record<string, unknown>;
  assert.ok(target, `no step ${step}`);
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = parse(value);
  of(this).draft = draft;
});

When('I submit the draft', async function (this: SimWorld) {
  const s = of(this);
  assert.ok(s.draft, 'no draft');
  s.spec = s.draft;
  const run = await this.attempt(() => this.ml.pipelines.submit(s.draft));
  if (run) s.run = run;
});

Then('the pipeline run completes', function (this: SimWorld) {
  const run = lastRun(this);
  assert.equal(run.status, 'Completed', run.error?.message);
});

Then('the pipeline run fails with:', function (this: SimWorld, message: string) {
  const run = lastRun(this);
  assert.equal(run.status, 'Failed');
  assert.equal(run.error?.message, message.trim());
});

Then(/^the pipeline run fails with (\w+)$/, function (this: SimWorld, code: string) {
  const run = lastRun(this);
  assert.equal(run.status, 'Failed');
  assert.ok(run.error?.message.includes(code) || run.error?.code === code, run.error?.message);
});

Then('the step {string} is {word}', function (this: SimWorld, name: string, status: string) {
  const step = stepRun(this, name);
  assert.equal(step.status, status, step.error?.message);
});

Then('the step {string} failed with:', function (this: SimWorld, name: string, message: string) {
  const step = stepRun(this, name);
  assert.equal(step.status, 'Failed');
  assert.equal(step.error?.message, message.trim());
});

Then('the step {string} failed with a message containing {string}', function (this: SimWorld, name: string, text: string) {
  const step = stepRun(this, name);
  assert.equal(step.status, 'Failed');
  assert.ok(step.error?.message.includes(text), step.error?.message);
});

Then('the step {string} processed {int} of {int} mini-batches: {int} {word} succeeded and {int} failed', function (
  this: SimWorld,
  name: string,
  processed: number,
  created: number,
  succeeded: number,
  _unit: string,
  failed: number,
) {
  const result = stepRun(this, name).result;
  assert.ok(result, 'the step ran no mini-batch');
  assert.deepEqual(
    { processed: result.processed, created: result.miniBatches, succeeded: result.succeeded, failed: result.failed },
    { processed, created, succeeded, failed },
  );
});

Then('the step {string} cut its input into these mini-batches:', function (this: SimWorld, name: string, table: DataTable) {
  const cut = stepRun(this, name).cut;
  assert.ok(cut, 'the step made no mini-batches');
  const expected = table.hashes().map((r) => ({ index: Number(r['mini-batch']), pieces: r.pieces.split(',').map((p) => p.trim()), items: Number(r.items) }));
  assert.deepEqual(cut, expected);
});

async function stepLog(world: SimWorld, step: string, path: string): Promise<string> {
  const log = stepRun(world, step).log;
  const text = log.read(path);
  assert.ok(text !== undefined, `step ${step} has no log ${path}; it has ${log.paths().join(', ')}`);
  return text;
}

Then('the log {string} of step {string} contains {string}', async function (this: SimWorld, path: string, step: string, text: string) {
  const content = await stepLog(this, step, path);
  assert.ok(content.includes(text), `${path} does not contain "${text}":\n${content}`);
});

Then('the log {string} of step {string} has {int} lines containing {string}', async function (this: SimWorld, path: string, step: string, count: number, text: string) {
  const lines = (await stepLog(this, step, path)).split('\n').filter((l) => l.includes(text));
  assert.equal(lines.length, count, lines.join('\n'));
});

Then('the step {string} has {int} logs under {string}', function (this: SimWorld, step: string, count: number, prefix: string) {
  const paths = stepRun(this, step).log.paths().filter((p) => p.startsWith(prefix));
  assert.equal(paths.length, count, paths.join('\n'));
});

async function outputFile(world: SimWorld, step: string, output: string, file: string): Promise<string | undefined> {
  const uri = stepRun(world, step).outputs[output];
  assert.ok(uri, `step ${step} has no output ${output}`);
  return (await world.ml.storage.download(`${uri}/${file}`))?.toString('utf8');
}

Then('the file {string} of output {string} of step {string} has {int} lines', async function (this: SimWorld, file: string, output: string, step: string, count: number) {
  const text = await outputFile(this, step, output, file);
  assert.ok(text !== undefined, `no ${file} in output ${output}`);
  assert.equal(text.split('\n').filter((l) => l !== '').length, count);
});

Then('the file {string} of output {string} of step {string} contains {string}', async function (this: SimWorld, file: string, output: string, step: string, expected: string) {
  const text = await outputFile(this, step, output, file);
  assert.ok(text?.includes(expected), `${file}: ${text}`);
});

Then('output {string} of step {string} has no file {string}', async function (this: SimWorld, output: string, step: string, file: string) {
  assert.equal(await outputFile(this, step, output, file), undefined);
});

Then('the step {string} recorded the metric {string} = {string}', function (this: SimWorld, step: string, name: string, value: string) {
  const metric = stepRun(this, step).metrics.find((m) => m.name === name);
  assert.ok(metric, `no metric ${name}`);
  assert.equal(String(metric.value), value);
});

Then('the step {string} took at least {int} seconds of service time', function (this: SimWorld, step: string, seconds: number) {
  const s = stepRun(this, step);
  assert.ok((s.endedAt! - s.startedAt!) / 1000 >= seconds, `it took ${(s.endedAt! - s.startedAt!) / 1000} s`);
});

Then('the step {string} took less than {int} seconds of service time', function (this: SimWorld, step: string, seconds: number) {
  const s = stepRun(this, step);
  assert.ok((s.endedAt! - s.startedAt!) / 1000 < seconds, `it took ${(s.endedAt! - s.startedAt!) / 1000} s`);
});

Then('the step {string} ran with {string} = {string}', function (this: SimWorld, step: string, key: string, value: string) {
  assert.deepEqual(stepRun(this, step).settings?.[key], parse(value));
});
