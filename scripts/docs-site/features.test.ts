/** Feature files through cucumber's parser, and scenarios with the tags cucumber gives them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFeature, scenariosOf } from './features.ts';
import { INVOKE_FEATURE } from './testdata.ts';

test('a feature file gives its area, anchor and scenarios with inherited tags', () => {
  const file = parseFeature('features/batch-endpoints/invoke.feature', INVOKE_FEATURE);
  assert.equal(file.area, 'batch-endpoints');
  assert.equal(file.anchor, 'invoke');
  assert.equal(file.feature?.name, 'Invoke a batch endpoint');
  assert.deepEqual(
    scenariosOf(file).map((s) => [s.scenario.name, s.anchor, s.tags, s.pickleLines, s.rule?.name]),
    [
      ['a scenario with <b>markup</b>', 'invoke-L9', ['@BE-01'], [9], undefined],
      ['row <n>', 'invoke-L18', ['@BE-01', '@BE-02'], [22, 23], undefined],
      ['unknown behavior tag', 'invoke-L28', ['@BE-01', '@BE-99', '@slow'], [28], 'a rule'],
    ],
  );
});

test('Examples tags count as the scenario\'s', () => {
  const file = parseFeature(
    'features/x/y.feature',
    'Feature: F\n  Scenario Outline: o <n>\n    Given <n>\n    @BE-07\n    Examples:\n      | n |\n      | 1 |\n',
  );
  assert.deepEqual(scenariosOf(file)[0].tags, ['@BE-07']);
});

test('a file that does not parse is kept with the reason, and has no scenarios', () => {
  const file = parseFeature('features/auth/broken.feature', 'Feature: F\n  Scenario: s\n    Given x\n  | not | a table here\nnonsense');
  assert.equal(file.feature, undefined);
  assert.match(file.error ?? '', /\(\d+:\d+\)/);
  assert.deepEqual(scenariosOf(file), []);
});
