/**
 * The kit's verdict from cucumber's messages: one line per check (its rule, behavior, status, and
 * for a failure the request sent and the answer received), expected failures set apart, and the
 * one-page matrix of every target checked so far.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readResultsFromText, type ScenarioResult } from '../reports/messages.ts';

export const EXCHANGE_MEDIA_TYPE = 'application/vnd.azureml-sim.exchange+json';
const RULE_TAG = /^@((?:AO|AB|OIP)-\d+)$/;
const BEHAVIOR_TAG = /^@((?:BE|PRS|PL|OD)-\d+)$/;

export interface Rule {
  profile: string;
  title: string;
  source: string;
  behavior?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'expected failure' | 'not applicable';

export interface Check {
  rule: string;
  title: string;
  behavior?: string;
  scenario: string;
  status: CheckStatus;
  failure?: string;
  /** The last request and answer of a failed check. */
  exchange?: unknown;
}

export interface RunVerdict {
  run: string;
  checks: Check[];
  /** A run that did not finish (cucumber crashed) or had undefined steps. */
  problems: string[];
}

export interface TargetVerdict {
  target: string;
  runs: RunVerdict[];
  conforms: boolean;
}

export function loadRules(): Record<string, Rule> {
  return (JSON.parse(readFileSync('specs/conformance/rules.json', 'utf8')) as { rules: Record<string, Rule> }).rules;
}

/** Attachments of the exchange media type, by pickle id. */
function exchanges(ndjson: string): Map<string, unknown> {
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  const found = new Map<string, unknown>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const envelope = JSON.parse(line) as Record<string, Record<string, string>>;
    if (envelope.testCase) testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) started.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    const a = envelope.attachment;
    if (a?.mediaType === EXCHANGE_MEDIA_TYPE) {
      const pickle = testCases.get(started.get(a.testCaseStartedId) ?? '');
      if (pickle) found.set(pickle, JSON.parse(a.body));
    }
  }
  return found;
}

export function verdictOfRun(run: string, ndjson: string, rules: Record<string, Rule>, expected: Record<string, string>): RunVerdict {
  const results = readResultsFromText(ndjson);
  const attached = exchanges(ndjson);
  const problems = [results.runError, results.success === undefined ? 'the run did not finish' : undefined].filter((p): p is string => !!p);
  const checks: Check[] = [];
  for (const scenario of results.scenarios.filter((s) => s.executed)) {
    const rule = scenario.tags.map((t) => RULE_TAG.exec(t)?.[1]).find(Boolean);
    if (!rule || !rules[rule]) {
      problems.push(`${scenario.uri}:${scenario.line} checks no rule of specs/conformance/rules.json`);
      continue;
    }
    if (scenario.status === 'undefined' || scenario.status === 'pending') problems.push(`${scenario.uri}:${scenario.line} has ${scenario.status} steps`);
    checks.push(check(rule, rules[rule], scenario, expected, attached.get(scenario.pickleId)));
  }
  return { run, checks, problems };
}

function check(rule: string, def: Rule, scenario: ScenarioResult, expected: Record<string, string>, exchange: unknown): Check {
  const behavior = def.behavior ?? scenario.tags.map((t) => BEHAVIOR_TAG.exec(t)?.[1]).find(Boolean);
  const base = { rule, title: def.title, behavior, scenario: `${scenario.uri}:${scenario.line} ${scenario.name}` };
  if (scenario.status === 'skipped') return { ...base, status: 'not applicable' };
  if (scenario.status === 'passed') return { ...base, status: 'passed' };
  const failure = scenario.failure ? `${scenario.failure.step}: ${scenario.failure.message ?? scenario.failure.status}` : scenario.status;
  return { ...base, status: rule in expected ? 'expected failure' : 'failed', failure, exchange };
}

export function conforms(runs: RunVerdict[]): boolean {
  return runs.every((r) => r.problems.length === 0 && r.checks.every((c) => c.status !== 'failed'));
}

/** The rules a target failed, for the tests of the broken runtimes. */
export function failedRules(verdict: TargetVerdict): string[] {
  return [...new Set(verdict.runs.flatMap((r) => r.checks.filter((c) => c.status === 'failed').map((c) => c.rule)))].sort();
}

export function renderTargetMarkdown(verdict: TargetVerdict): string {
  const lines = [`# Conformance of ${verdict.target}: ${verdict.conforms ? 'conforms' : 'DOES NOT CONFORM'}`, ''];
  for (const run of verdict.runs) {
    lines.push(`## ${run.run}`, '', '| rule | behavior | check | status |', '| --- | --- | --- | --- |');
    for (const c of run.checks) lines.push(`| ${c.rule} | ${c.behavior ?? ''} | ${c.title} | ${c.status === 'failed' ? '**FAILED**' : c.status} |`);
    for (const p of run.problems) lines.push('', `Problem: ${p}`);
    for (const c of run.checks.filter((x) => x.status === 'failed' || x.status === 'expected failure')) {
      lines.push('', `### ${c.rule} ${c.status}: ${c.scenario}`, '', '```', c.failure ?? '', '```');
      if (c.exchange) lines.push('', 'Request sent and answer received:', '', '```json', JSON.stringify(c.exchange, null, 2), '```');
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Every target checked into the report folder, in one matrix: rules down, target/run across. */
export function renderMatrix(reportDir: string, rules: Record<string, Rule>): string {
  const verdicts = existsSync(reportDir)
    ? readdirSync(reportDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(reportDir, d.name, 'summary.json')))
        .map((d) => JSON.parse(readFileSync(join(reportDir, d.name, 'summary.json'), 'utf8')) as TargetVerdict)
    : [];
  const columns = verdicts.flatMap((v) => v.runs.map((r) => ({ label: `${v.target} / ${r.run}`, run: r })));
  const cell = (rule: string, run: RunVerdict) => {
    const statuses = run.checks.filter((c) => c.rule === rule).map((c) => c.status);
    if (statuses.length === 0) return '';
    if (statuses.includes('failed')) return '**failed**';
    if (statuses.includes('expected failure')) return 'expected failure';
    return statuses.every((s) => s === 'not applicable') ? 'n/a' : 'passed';
  };
  const lines = [
    '# Conformance matrix',
    '',
    verdicts.map((v) => `- ${v.target}: ${v.conforms ? 'conforms' : '**does not conform**'}`).join('\n'),
    '',
    `| rule | ${columns.map((c) => c.label).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
  ];
  for (const rule of Object.keys(rules)) {
    const cells = columns.map((c) => cell(rule, c.run));
    if (cells.some(Boolean)) lines.push(`| ${rule} ${rules[rule].title} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
