/** What the feature runner calls: the site from the runs it holds, its path printed. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderAfterRun } from './after-run.ts';
import { RUNS, writeProject } from './testdata.ts';

const finished = (name: string | undefined, runtime: string | undefined, notes: string[] = []) => ({
  plan: { name, runtime },
  results: RUNS[0].results!,
  notes,
});

test('renders reports/site with a column per run and prints where it is', (t) => {
  const root = writeProject();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const log = t.mock.method(console, 'log', () => {});
  renderAfterRun(root, [finished(undefined, 'container'), finished('storage-azurite', 'in-process', ['interrupted'])]);
  assert.match(String(log.mock.calls[0].arguments[0]), /^\nLiving documentation: reports\/site\/index\.html \(\d+ pages, \d+ ms\)$/);
  const index = fs.readFileSync(path.join(root, 'reports', 'site', 'index.html'), 'utf8');
  assert.match(index, /<th scope="row">container<\/th>/);
  assert.match(index, /<th scope="row">storage-azurite<\/th>.*<td>interrupted<\/td>/);
});

test('a failure to render is printed, not thrown: the run keeps its own verdict', (t) => {
  const root = writeProject();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.rmSync(path.join(root, 'specs'), { recursive: true });
  const error = t.mock.method(console, 'error', () => {});
  assert.doesNotThrow(() => renderAfterRun(root, [finished(undefined, undefined)]));
  assert.match(String(error.mock.calls[0].arguments[0]), /Living documentation: not rendered: .*behaviors\.json/);
});
