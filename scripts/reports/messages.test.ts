import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseNdjson, readResultsFile, readResultsFromText, type ScenarioResult } from './messages.ts';
import { SAMPLE_NDJSON } from './testdata.ts';

function byName(scenarios: ScenarioResult[]): Map<string, ScenarioResult> {
  return new Map(scenarios.map((s) => [s.name, s]));
}

test('derives one result per pickle, in source order', () => {
  const r = readResultsFromText(SAMPLE_NDJSON);
  assert.deepEqual(
    r.scenarios.map((s) => [s.name, s.executed ? s.status : 'not run']),
    [
      ['passes', 'passed'],
      ['fails', 'failed'],
      ['row 1', 'passed'],
      ['row 2', 'passed'],
      ['filtered', 'not run'],
      ['undefined step', 'undefined'],
      ['pending', 'pending'],
      ['flaky', 'passed'],
      ['empty', 'pending'],
      ['ambiguous', 'failed'],
    ],
  );
  assert.equal(r.success, false);
  assert.deepEqual(r.warnings, []);
});

test('locates scenarios, outline example rows and scenarios inside rules', () => {
  const s = byName(readResultsFromText(SAMPLE_NDJSON).scenarios);
  assert.equal(s.get('passes')?.line, 6);
  assert.equal(s.get('row 1')?.line, 19);
  assert.equal(s.get('row 2')?.line, 20);
  assert.equal(s.get('filtered')?.line, 24);
  assert.equal(s.get('filtered')?.uri, 'features/batch-endpoints/invoke.feature');
  assert.equal(s.get('passes')?.featureName, 'Invoke');
});

test('keeps inherited tags (feature + rule + scenario)', () => {
  const s = byName(readResultsFromText(SAMPLE_NDJSON).scenarios);
  assert.deepEqual(s.get('filtered')?.tags, ['@BE-1', '@BE-4', '@slow']);
  assert.deepEqual(s.get('fails')?.tags, ['@BE-1', '@BE-2']);
});

test('a failing step fails the scenario and is reported with its keyword, line and message', () => {
  const fails = byName(readResultsFromText(SAMPLE_NDJSON).scenarios).get('fails');
  assert.equal(fails?.status, 'failed');
  assert.deepEqual(fails?.failure, { step: 'When it breaks (line 11)', status: 'FAILED', message: 'job state' });
});

test('an undefined step makes the scenario undefined even after a passing hook', () => {
  const undef = byName(readResultsFromText(SAMPLE_NDJSON).scenarios).get('undefined step');
  assert.equal(undef?.status, 'undefined');
  assert.equal(undef?.failure?.step, 'Given nobody wrote this (line 4)');
  assert.equal(undef?.failure?.status, 'UNDEFINED');
});

test('ambiguous counts as failed; a scenario without steps counts as pending', () => {
  const s = byName(readResultsFromText(SAMPLE_NDJSON).scenarios);
  assert.equal(s.get('ambiguous')?.status, 'failed');
  assert.equal(s.get('ambiguous')?.failure?.status, 'AMBIGUOUS');
  assert.equal(s.get('empty')?.status, 'pending');
});

test('retries: the last attempt decides', () => {
  const flaky = byName(readResultsFromText(SAMPLE_NDJSON).scenarios).get('flaky');
  assert.equal(flaky?.status, 'passed');
  assert.equal(flaky?.attempts, 2);
  assert.equal(flaky?.failure, undefined);

  // Same test case, but the retry fails too.
  const stillFailing = SAMPLE_NDJSON.replace(
    '{"testStepFinished":{"testCaseStartedId":"st-flaky-1","testStepId":"ts-flaky","testStepResult":{"status":"PASSED"}}}',
    '{"testStepFinished":{"testCaseStartedId":"st-flaky-1","testStepId":"ts-flaky","testStepResult":{"status":"FAILED","message":"Error: 503 again"}}}',
  );
  const again = byName(readResultsFromText(stillFailing).scenarios).get('flaky');
  assert.equal(again?.status, 'failed');
  assert.equal(again?.failure?.message, 'Error: 503 again');
});

test('a pickle without a testCase was filtered out and has no status', () => {
  const filtered = byName(readResultsFromText(SAMPLE_NDJSON).scenarios).get('filtered');
  assert.equal(filtered?.executed, false);
  assert.equal(filtered?.status, undefined);
  assert.equal(filtered?.attempts, 0);
});

const TINY_DOC =
  '{"gherkinDocument":{"uri":"features/storage/a.feature","feature":{"name":"A","location":{"line":1},"children":[' +
  '{"scenario":{"id":"sc1","location":{"line":3},"name":"one","steps":[{"id":"st1","location":{"line":4},"keyword":"Given ","text":"x"}]}},' +
  '{"scenario":{"id":"sc2","location":{"line":6},"name":"two","steps":[{"id":"st2","location":{"line":7},"keyword":"Given ","text":"x"}]}}]}}}';

test('an interrupted run: started-but-unfinished is failed, never-started is skipped, success unknown', () => {
  const text = [
    TINY_DOC,
    '{"pickle":{"id":"p1","uri":"features/storage/a.feature","name":"one","astNodeIds":["sc1"],"tags":[],"steps":[{"id":"ps1","text":"x","astNodeIds":["st1"]}]}}',
    '{"pickle":{"id":"p2","uri":"features/storage/a.feature","name":"two","astNodeIds":["sc2"],"tags":[],"steps":[{"id":"ps2","text":"x","astNodeIds":["st2"]}]}}',
    '{"testCase":{"id":"tc1","pickleId":"p1","testSteps":[{"id":"ts1","pickleStepId":"ps1"}]}}',
    '{"testCase":{"id":"tc2","pickleId":"p2","testSteps":[{"id":"ts2","pickleStepId":"ps2"}]}}',
    '{"testCaseStarted":{"id":"s1","testCaseId":"tc1","attempt":0}}',
    '{"testStepStarted":{"testCaseStartedId":"s1","testStepId":"ts1"}}',
    '{"testStepFinished":{"testCaseStartedId":"s1","testStepId":"ts1","testStepRe', // truncated by a kill
  ].join('\n');
  const r = readResultsFromText(text);
  assert.equal(r.success, undefined);
  assert.deepEqual(
    r.scenarios.map((s) => [s.name, s.status]),
    [
      ['one', 'failed'],
      ['two', 'skipped'],
    ],
  );
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /^line 8: malformed JSON/);
});

test('a failing hook is named in the failure; pickle.location wins over the AST when present', () => {
  const text = [
    TINY_DOC,
    '{"pickle":{"id":"p1","uri":"features/storage/a.feature","name":"one","location":{"line":33,"column":3},"astNodeIds":["sc1"],"tags":[],"steps":[{"id":"ps1","text":"x","astNodeIds":["st1"]}]}}',
    '{"hook":{"id":"h1","name":"reset simulator","sourceReference":{"uri":"steps/hooks.ts","location":{"line":9}}}}',
    '{"testCase":{"id":"tc1","pickleId":"p1","testSteps":[{"id":"th","hookId":"h1"},{"id":"ts1","pickleStepId":"ps1"}]}}',
    '{"testCaseStarted":{"id":"s1","testCaseId":"tc1","attempt":0}}',
    '{"testStepFinished":{"testCaseStartedId":"s1","testStepId":"th","testStepResult":{"status":"FAILED","message":"Error: port in use\\n    at x"}}}',
    '{"testStepFinished":{"testCaseStartedId":"s1","testStepId":"ts1","testStepResult":{"status":"SKIPPED"}}}',
    '{"testCaseFinished":{"testCaseStartedId":"s1","willBeRetried":false}}',
    '{"testRunFinished":{"success":false}}',
  ].join('\n');
  const [one] = readResultsFromText(text).scenarios;
  assert.equal(one.line, 33);
  assert.equal(one.status, 'failed');
  assert.deepEqual(one.failure, {
    step: 'hook reset simulator (steps/hooks.ts:9)',
    status: 'FAILED',
    message: 'Error: port in use',
  });
});

test('parseNdjson ignores blank lines and non-object lines', () => {
  const { envelopes, warnings } = parseNdjson('\n{"meta":{}}\n\n[1,2]\n  \n{"pickle":{}}\r\n');
  assert.equal(envelopes.length, 2);
  assert.deepEqual(warnings, ['line 4: not a message envelope, ignored']);
});

test('readResultsFile returns undefined for a missing file and reads an existing one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messages-test-'));
  try {
    assert.equal(readResultsFile(path.join(dir, 'nope.ndjson')), undefined);
    const file = path.join(dir, 'messages.ndjson');
    fs.writeFileSync(file, SAMPLE_NDJSON);
    assert.equal(readResultsFile(file)?.scenarios.length, 10);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
