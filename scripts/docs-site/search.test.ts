/** The search index: what is searchable, and a script no text can break out of. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { buildSite } from './model.ts';
import { buildSearchIndex, fold, searchIndexScript, type SearchEntry } from './search.ts';
import { fixtureInput, HOSTILE } from './testdata.ts';

const entries = buildSearchIndex(buildSite(fixtureInput()));

test('fold: lower case, no accents, blanks collapsed', () => {
  assert.equal(fold('  Échec de\u00a0l’initialisation\n DU jeu '), 'echec de l’initialisation du jeu');
});

test('behaviors, features, scenarios and source headings are indexed, with their links', () => {
  const byKind = (kind: SearchEntry['kind']): string[] => entries.filter((e) => e.kind === kind).map((e) => e.url);
  assert.deepEqual(byKind('behavior'), ['behaviors.html#BE-01', 'behaviors.html#BE-02', 'behaviors.html#BE-20']);
  assert.deepEqual(byKind('feature'), ['features/batch-endpoints.html#invoke', 'features/auth.html#token']);
  assert.deepEqual(byKind('scenario'), [
    'features/batch-endpoints.html#invoke-L9',
    'features/batch-endpoints.html#invoke-L18',
    'features/batch-endpoints.html#invoke-L28',
    'features/auth.html#token-L4',
  ]);
  assert.ok(byKind('section').includes('sources/001.html#la-sortie-existe-deja'));
});

test('a behavior is found by ID, message and section; a scenario by its steps and tags', () => {
  const be01 = entries.find((e) => e.id === 'BE-01')!;
  assert.ok(be01.x.includes('be-01') && be01.x.includes("no module named 'azureml'") && be01.x.includes('exigences liees au script'));
  const row = entries.find((e) => e.url.endsWith('#invoke-L18'))!;
  assert.ok(row.x.includes('when row <n> is scored') && row.x.includes('@be-02'));
});

test('the script sets the index as a global and holds no "<"', () => {
  const script = searchIndexScript(entries);
  assert.ok(!script.includes('<'));
  const sandbox: { window: { SITE_SEARCH_INDEX?: SearchEntry[] } } = { window: {} };
  vm.runInNewContext(script, sandbox);
  // Through JSON: the sandbox's objects have its own prototypes.
  assert.deepEqual(JSON.parse(JSON.stringify(sandbox.window.SITE_SEARCH_INDEX)), entries);
  assert.ok(sandbox.window.SITE_SEARCH_INDEX?.some((e) => e.title.includes(HOSTILE)));
});
