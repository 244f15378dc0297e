/**
 * Reads a Cucumber messages NDJSON stream (the `message` formatter's output) into one
 * result per scenario (pickle).
 *
 * Only the handful of message fields used here are typed; everything else is ignored, so
 * newer protocol versions with extra envelope kinds keep working.
 *
 * How a scenario's result is derived:
 *  - gherkinDocument gives the feature name and the source line of every scenario / example row;
 *  - pickle gives the scenario name, its tags (feature + rule + scenario + examples tags) and the
 *    AST nodes it was compiled from (scenario id, plus the example row id for outlines);
 *  - testCase links a pickle to the test steps that were planned for it (a pickle without a
 *    testCase was filtered out, e.g. by --tags, and did not run);
 *  - testCaseStarted (one per attempt; retries have attempt 1, 2, ...) / testStepFinished /
 *    testCaseFinished give the step results; only the last attempt counts.
 */
import fs from 'node:fs';

/** Raw Cucumber step status, as in messages' TestStepResultStatus. */
export type StepStatus = 'UNKNOWN' | 'PASSED' | 'SKIPPED' | 'PENDING' | 'UNDEFINED' | 'AMBIGUOUS' | 'FAILED';

/** Scenario outcome used by the reports. Ambiguous / unknown / interrupted count as failed. */
export type ScenarioStatus = 'passed' | 'failed' | 'undefined' | 'pending' | 'skipped';

export const SCENARIO_STATUSES: readonly ScenarioStatus[] = ['passed', 'failed', 'undefined', 'pending', 'skipped'];

export interface ScenarioFailure {
  /** Step text ("When a failing step"), or the hook name/"hook" for hook failures. */
  step: string;
  status: StepStatus;
  /** First line of the error message, if any. */
  message?: string;
}

export interface ScenarioResult {
  pickleId: string;
  /** Feature file path as cucumber reported it (relative to the cwd, posix separators). */
  uri: string;
  /** Line of the scenario, or of the example row for Scenario Outline rows. */
  line: number;
  name: string;
  featureName: string;
  /** Tag names including the leading "@", inherited tags included. */
  tags: string[];
  /** false when the scenario was filtered out (no testCase) — it has no status then. */
  executed: boolean;
  /** Outcome of the last attempt; undefined when not executed. */
  status?: ScenarioStatus;
  /** Number of attempts made (0 if never started). */
  attempts: number;
  /** Why the scenario did not pass (worst step), when applicable. */
  failure?: ScenarioFailure;
}

export interface RunResults {
  /** All pickles in source order (executed or not). */
  scenarios: ScenarioResult[];
  /** testRunFinished.success, or undefined if the run never finished (crash / killed). */
  success?: boolean;
  /** testRunFinished.message / exception message, e.g. a BeforeAll hook failure. */
  runError?: string;
  /** Problems met while reading the stream (malformed lines, dangling references). */
  warnings: string[];
}

// ---- minimal message shapes -------------------------------------------------------------

interface Location {
  line: number;
  column?: number;
}
interface Tag {
  name: string;
}
interface Step {
  id: string;
  location: Location;
  keyword?: string;
  text: string;
}
interface TableRow {
  id: string;
  location: Location;
}
interface Examples {
  id: string;
  location: Location;
  tableBody?: TableRow[];
}
interface Scenario {
  id: string;
  location: Location;
  name: string;
  steps?: Step[];
  examples?: Examples[];
}
interface Background {
  id: string;
  location: Location;
  steps?: Step[];
}
interface Rule {
  id: string;
  location: Location;
  children?: Child[];
}
interface Child {
  scenario?: Scenario;
  background?: Background;
  rule?: Rule;
}
interface GherkinDocument {
  uri?: string;
  feature?: { name: string; location: Location; children?: Child[] };
}
interface PickleStep {
  id: string;
  text: string;
  astNodeIds?: string[];
}
interface Pickle {
  id: string;
  uri: string;
  name: string;
  location?: Location;
  astNodeIds: string[];
  tags?: Tag[];
  steps?: PickleStep[];
}
interface TestStep {
  id: string;
  pickleStepId?: string;
  hookId?: string;
}
interface TestCase {
  id: string;
  pickleId: string;
  testSteps?: TestStep[];
}
interface TestStepResult {
  status: StepStatus;
  message?: string;
  exception?: { type?: string; message?: string };
}
interface Hook {
  id: string;
  name?: string;
  tagExpression?: string;
  sourceReference?: { uri?: string; location?: Location };
}

/** One NDJSON line: an object with a single key naming the message kind. */
export type Envelope = Record<string, unknown>;

// ---- parsing ----------------------------------------------------------------------------

export interface ParsedNdjson {
  envelopes: Envelope[];
  warnings: string[];
}

/**
 * Splits NDJSON text into envelopes. Blank lines are ignored; a malformed line (typically a
 * last line truncated because the process was killed) is skipped with a warning.
 */
export function parseNdjson(text: string): ParsedNdjson {
  const envelopes: Envelope[] = [];
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        warnings.push(`line ${i + 1}: not a message envelope, ignored`);
        return;
      }
      envelopes.push(value as Envelope);
    } catch {
      warnings.push(`line ${i + 1}: malformed JSON, ignored (${line.length > 60 ? line.slice(0, 60) + '…' : line})`);
    }
  });
  return { envelopes, warnings };
}

const STATUS_ORDER: StepStatus[] = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

function severity(status: StepStatus): number {
  const i = STATUS_ORDER.indexOf(status);
  return i < 0 ? STATUS_ORDER.length : i; // unrecognised statuses rank worst
}

function toScenarioStatus(status: StepStatus): ScenarioStatus {
  switch (status) {
    case 'PASSED':
      return 'passed';
    case 'SKIPPED':
      return 'skipped';
    case 'PENDING':
      return 'pending';
    case 'UNDEFINED':
      return 'undefined';
    default:
      return 'failed'; // FAILED, AMBIGUOUS, UNKNOWN and anything new
  }
}

function firstLine(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const line = s.split(/\r?\n/).find((l) => l.trim() !== '');
  return line?.trim();
}

interface AstInfo {
  line: number;
  /** Step keyword ("Given ", "And "), for step nodes. */
  keyword?: string;
}

/** Indexes scenario / example-row / step ids of a gherkin document to their source lines. */
function indexAst(doc: GherkinDocument, into: Map<string, AstInfo>): void {
  const visit = (children: Child[] | undefined): void => {
    for (const child of children ?? []) {
      if (child.scenario) {
        const s = child.scenario;
        into.set(s.id, { line: s.location.line });
        for (const step of s.steps ?? []) into.set(step.id, { line: step.location.line, keyword: step.keyword });
        for (const ex of s.examples ?? []) {
          for (const row of ex.tableBody ?? []) into.set(row.id, { line: row.location.line });
        }
      }
      if (child.background) {
        for (const step of child.background.steps ?? []) {
          into.set(step.id, { line: step.location.line, keyword: step.keyword });
        }
      }
      if (child.rule) visit(child.rule.children);
    }
  };
  visit(doc.feature?.children);
}

interface Attempt {
  attempt: number;
  testCaseId: string;
  finished: boolean;
  results: Map<string, TestStepResult>; // by testStepId
}

/** Builds per-scenario results from the envelopes of one test run. */
export function collectResults(envelopes: Envelope[]): RunResults {
  const warnings: string[] = [];
  const ast = new Map<string, AstInfo>();
  const featureNames = new Map<string, string>(); // uri -> feature name
  const pickles: Pickle[] = [];
  const testCasesByPickle = new Map<string, TestCase>();
  const testCases = new Map<string, TestCase>();
  const attempts = new Map<string, Attempt>(); // testCaseStartedId -> attempt
  const hooks = new Map<string, Hook>();
  let success: boolean | undefined;
  let runError: string | undefined;

  for (const env of envelopes) {
    if (env.gherkinDocument) {
      const doc = env.gherkinDocument as GherkinDocument;
      indexAst(doc, ast);
      if (doc.uri) featureNames.set(doc.uri, doc.feature?.name ?? '');
    } else if (env.pickle) {
      pickles.push(env.pickle as Pickle);
    } else if (env.hook) {
      const h = env.hook as Hook;
      hooks.set(h.id, h);
    } else if (env.testCase) {
      const tc = env.testCase as TestCase;
      testCases.set(tc.id, tc);
      testCasesByPickle.set(tc.pickleId, tc);
    } else if (env.testCaseStarted) {
      const s = env.testCaseStarted as { id: string; testCaseId: string; attempt?: number };
      attempts.set(s.id, { attempt: s.attempt ?? 0, testCaseId: s.testCaseId, finished: false, results: new Map() });
    } else if (env.testStepFinished) {
      const f = env.testStepFinished as { testCaseStartedId: string; testStepId: string; testStepResult: TestStepResult };
      const a = attempts.get(f.testCaseStartedId);
      if (a) a.results.set(f.testStepId, f.testStepResult);
      else warnings.push(`testStepFinished for unknown testCaseStarted ${f.testCaseStartedId}`);
    } else if (env.testCaseFinished) {
      const f = env.testCaseFinished as { testCaseStartedId: string };
      const a = attempts.get(f.testCaseStartedId);
      if (a) a.finished = true;
      else warnings.push(`testCaseFinished for unknown testCaseStarted ${f.testCaseStartedId}`);
    } else if (env.testRunFinished) {
      const f = env.testRunFinished as { success?: boolean; message?: string; exception?: { message?: string } };
      success = f.success === true;
      runError = firstLine(f.exception?.message ?? f.message) ?? runError;
    }
  }

  // Last attempt per test case.
  const lastAttempt = new Map<string, Attempt>();
  for (const a of attempts.values()) {
    if (!testCases.has(a.testCaseId)) warnings.push(`testCaseStarted for unknown testCase ${a.testCaseId}`);
    const prev = lastAttempt.get(a.testCaseId);
    if (!prev || a.attempt >= prev.attempt) lastAttempt.set(a.testCaseId, a);
  }
  const attemptCounts = new Map<string, number>();
  for (const a of attempts.values()) attemptCounts.set(a.testCaseId, (attemptCounts.get(a.testCaseId) ?? 0) + 1);

  const scenarios = pickles.map((p): ScenarioResult => {
    // astNodeIds: [scenarioId] or [scenarioId, exampleRowId] — the most specific one gives the line.
    let line = p.location?.line;
    for (let i = p.astNodeIds.length - 1; i >= 0 && line === undefined; i--) {
      line = ast.get(p.astNodeIds[i])?.line;
    }
    if (line === undefined) {
      warnings.push(`pickle ${p.id} (${p.uri} "${p.name}"): scenario not found in its gherkinDocument`);
    }
    const base: ScenarioResult = {
      pickleId: p.id,
      uri: p.uri.replace(/\\/g, '/'),
      line: line ?? 0,
      name: p.name,
      featureName: featureNames.get(p.uri) ?? '',
      tags: (p.tags ?? []).map((t) => t.name),
      executed: false,
      attempts: 0,
    };
    const tc = testCasesByPickle.get(p.id);
    if (!tc) return base; // filtered out
    base.executed = true;
    base.attempts = attemptCounts.get(tc.id) ?? 0;

    const attempt = lastAttempt.get(tc.id);
    if (!attempt) {
      // Planned but never started: the run was aborted (crash, --fail-fast bail-out, signal).
      base.status = 'skipped';
      base.failure = { step: '(scenario did not start)', status: 'SKIPPED' };
      return base;
    }
    const pickleSteps = new Map((p.steps ?? []).map((s) => [s.id, s]));
    let worst: { status: StepStatus; testStep?: TestStep; result?: TestStepResult } = { status: 'UNKNOWN' };
    let seen = 0;
    for (const ts of tc.testSteps ?? []) {
      const r = attempt.results.get(ts.id);
      if (!r) continue;
      seen++;
      if (severity(r.status) > severity(worst.status)) worst = { status: r.status, testStep: ts, result: r };
    }

    if ((p.steps ?? []).length === 0 && seen === 0) {
      // A scenario without steps verifies nothing (cucumber calls it "unknown"): treat as pending.
      base.status = 'pending';
      base.failure = { step: '(scenario has no steps)', status: 'UNKNOWN' };
      return base;
    }
    if (!attempt.finished || seen < (tc.testSteps ?? []).length) {
      if (worst.status === 'PASSED' || worst.status === 'UNKNOWN' || worst.status === 'SKIPPED') {
        // Interrupted mid-scenario: it cannot count as passed.
        base.status = 'failed';
        base.failure = { step: '(scenario did not finish)', status: 'UNKNOWN' };
        return base;
      }
    }
    base.status = toScenarioStatus(worst.status);
    if (base.status !== 'passed' && !worst.testStep) {
      base.failure = { step: '(no step result)', status: worst.status };
    } else if (base.status !== 'passed' && worst.testStep) {
      const ts = worst.testStep;
      let step: string;
      if (ts.pickleStepId) {
        const ps = pickleSteps.get(ts.pickleStepId);
        const node = ps?.astNodeIds?.length ? ast.get(ps.astNodeIds[0]) : undefined;
        step = ps ? `${node?.keyword ?? ''}${ps.text}`.trim() : `step ${ts.pickleStepId}`;
        if (node) step += ` (line ${node.line})`;
      } else if (ts.hookId) {
        const h = hooks.get(ts.hookId);
        const where = h?.sourceReference?.uri
          ? ` (${h.sourceReference.uri}${h.sourceReference.location ? ':' + h.sourceReference.location.line : ''})`
          : '';
        step = `hook ${h?.name ?? ''}${where}`.replace(/\s+/g, ' ').trim();
      } else {
        step = `test step ${ts.id}`;
      }
      base.failure = {
        step,
        status: worst.status,
        message: firstLine(worst.result?.exception?.message ?? worst.result?.message),
      };
    }
    return base;
  });

  return { scenarios, success, runError, warnings };
}

/** Parses NDJSON text into scenario results. */
export function readResultsFromText(text: string): RunResults {
  const parsed = parseNdjson(text);
  const results = collectResults(parsed.envelopes);
  results.warnings.unshift(...parsed.warnings);
  return results;
}

/** Reads a messages NDJSON file; returns undefined if the file does not exist. */
export function readResultsFile(path: string): RunResults | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return readResultsFromText(text);
}
