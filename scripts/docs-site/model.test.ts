/** The site's model: areas, behaviors, sources and statuses from the fixture project. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSite, countResults, countStatuses } from './model.ts';
import { fixtureInput } from './testdata.ts';

const model = buildSite(fixtureInput());

test('areas: the catalog\'s first, in catalog order, each with its features and behaviors', () => {
  assert.deepEqual(
    model.areas.map((a) => [a.name, a.href, a.features.map((f) => f.uri), a.behaviorIds]),
    [
      ['batch-endpoints', 'features/batch-endpoints.html', ['features/batch-endpoints/invoke.feature'], ['BE-01', 'BE-02']],
      ['auth', 'features/auth.html', ['features/auth/token.feature'], ['BE-20']],
    ],
  );
});

test('scenarios: link, catalog IDs among the tags, and the worst status of their pickles per runtime', () => {
  const [area] = model.areas;
  assert.deepEqual(
    area.scenarios.map((s) => [s.href, s.behaviorIds, s.statuses]),
    [
      ['features/batch-endpoints.html#invoke-L9', ['BE-01'], ['passed', 'failed']],
      ['features/batch-endpoints.html#invoke-L18', ['BE-01', 'BE-02'], ['passed', 'passed']],
      ['features/batch-endpoints.html#invoke-L28', ['BE-01'], ['not run', 'not run']],
    ],
  );
  assert.deepEqual(countStatuses(area.scenarios, 0), [['passed', 3], ['not run', 1]]);
  assert.deepEqual(countStatuses(area.scenarios, 1), [['passed', 1], ['failed', 1], ['not run', 2]]);
});

test('behaviors: scenarios, result per runtime, and links to their source sections', () => {
  assert.deepEqual(
    model.behaviors.map((b) => [b.behavior.id, b.href, b.scenarios.length, b.results]),
    [
      ['BE-01', 'behaviors.html#BE-01', 3, ['passed', 'failed']],
      ['BE-02', 'behaviors.html#BE-02', 1, ['passed', 'passed']],
      ['BE-20', 'behaviors.html#BE-20', 1, ['passed', 'passed']],
    ],
  );
  assert.deepEqual(model.behaviors[0].sources[0], {
    document: '000',
    title: 'Document markdown',
    section: 'Exigences liées au script',
    found: true,
    href: 'sources/000.html#scoring-script-requirements',
  });
  assert.deepEqual(
    model.behaviors[1].sources.map((s) => [s.href, s.found]),
    [
      ['sources/001.html#la-sortie-existe-deja', true],
      ['sources/001.html', false],
    ],
    'a section the seed lacks links to the document',
  );
  assert.deepEqual(model.behaviors[2].sources[0].href, undefined, 'no seed, no link');
  assert.deepEqual(countResults(model.behaviors, 1), [['passed', 2], ['failed', 1]]);
});

test('documents: in number order, linked only when their seed is there', () => {
  assert.deepEqual(
    model.documents.map((d) => [d.number, d.href]),
    [
      ['000', 'sources/000.html'],
      ['001', 'sources/001.html'],
      ['002', undefined],
    ],
  );
});

test('without runs there are no statuses to show, and behaviors have no results', () => {
  const bare = buildSite(fixtureInput([]));
  assert.deepEqual(bare.areas[0].scenarios[0].statuses, []);
  assert.deepEqual(bare.behaviors[0].results, []);
});
