/** Rendering a project folder into a site folder. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { renderSite } from './render.ts';
import { RUNS, writeProject } from './testdata.ts';

test('writes the pages, the search index and the assets into reports/site, emptied first', (t) => {
  const root = writeProject();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const stale = path.join(root, 'reports', 'site', 'features', 'gone.html');
  fs.mkdirSync(path.dirname(stale), { recursive: true });
  fs.writeFileSync(stale, 'an area that no longer exists');

  const site = renderSite({ root, runs: RUNS, seedsDir: path.join(root, 'seeds') });
  assert.equal(site.dir, path.join(root, 'reports', 'site'));
  assert.equal(site.index, path.join(site.dir, 'index.html'));
  const files = (fs.readdirSync(site.dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();
  assert.deepEqual(files, [
    'assets',
    'assets/site.css',
    'assets/site.js',
    'behaviors.html',
    'features',
    'features/auth.html',
    'features/batch-endpoints.html',
    'index.html',
    'search-index.js',
    'sources',
    'sources/000.html',
    'sources/001.html',
  ]);
  assert.equal(site.pages, 6);
  assert.ok(site.ms > 0);
});

test('without seeds beside the repo the site still renders, without source pages', (t) => {
  const root = writeProject();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const site = renderSite({ root, runs: [], seedsDir: path.join(root, 'nowhere'), outDir: path.join(root, 'out') });
  assert.equal(site.dir, path.join(root, 'out'));
  assert.ok(!fs.existsSync(path.join(root, 'out', 'sources')));
  assert.match(fs.readFileSync(path.join(root, 'out', 'behaviors.html'), 'utf8'), /\(seed not found\)/);
});
