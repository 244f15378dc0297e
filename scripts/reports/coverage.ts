/**
 * Behavior coverage: maps the behavior catalog (specs/behaviors.json) to the scenarios tagged
 * with each behavior ID (@BE-13 -> BE-13) and their results.
 *
 * Result of a behavior:
 *  - "passed"      it has executed scenarios and all of them passed;
 *  - "failed"      any executed scenario failed / was undefined / pending / skipped;
 *  - "not covered" no scenario carries its tag;
 *  - "not run"     scenarios carry its tag but none of them ran (filtered out, e.g. by --tags).
 */
import fs from 'node:fs';
import type { ScenarioResult, ScenarioStatus } from './messages.ts';

export interface Behavior {
  id: string;
  area: string;
  summary: string;
}

export interface Catalog {
  behaviors: Behavior[];
}

export type BehaviorResult = 'passed' | 'failed' | 'not covered' | 'not run';

export interface ScenarioRef {
  uri: string;
  line: number;
  name: string;
  /** Scenario status, or "not run" when it was filtered out. */
  status: ScenarioStatus | 'not run';
  /** Present when the scenario was retried (--retry): number of attempts made. */
  attempts?: number;
}

export interface CoverageRow extends Behavior {
  result: BehaviorResult;
  scenarios: ScenarioRef[];
}

export interface CoverageError {
  kind: 'unknown-behavior-tag' | 'duplicate-behavior-id';
  message: string;
  tag?: string;
  id?: string;
  scenarios?: ScenarioRef[];
}

export interface CoverageReport {
  rows: CoverageRow[];
  totals: Record<'behaviors' | 'passed' | 'failed' | 'notCovered' | 'notRun', number>;
  errors: CoverageError[];
}

/** Tags that look like behavior IDs. */
export const BEHAVIOR_TAG = /^@[A-Z]+-\d+$/;

// ---- catalog ----------------------------------------------------------------------------

/** Validates the parsed catalog JSON: {"behaviors": [{"id": "BE-13", "area": "...", "summary": "..."}]}. */
export function parseCatalog(data: unknown, source = 'catalog'): Catalog {
  if (data === null || typeof data !== 'object' || !Array.isArray((data as { behaviors?: unknown }).behaviors)) {
    throw new Error(`${source}: expected an object with a "behaviors" array`);
  }
  const raw = (data as { behaviors: unknown[] }).behaviors;
  const behaviors = raw.map((b, i): Behavior => {
    if (b === null || typeof b !== 'object') throw new Error(`${source}: behaviors[${i}] is not an object`);
    const { id, area, summary } = b as Record<string, unknown>;
    if (typeof id !== 'string' || id.trim() === '') throw new Error(`${source}: behaviors[${i}] has no string "id"`);
    return {
      id: id.trim(),
      area: typeof area === 'string' ? area : '',
      summary: typeof summary === 'string' ? summary : '',
    };
  });
  return { behaviors };
}

export function loadCatalog(path: string): Catalog {
  const text = fs.readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid JSON: ${(err as Error).message}`);
  }
  return parseCatalog(data, path);
}

// ---- coverage ---------------------------------------------------------------------------

function ref(s: ScenarioResult): ScenarioRef {
  const r: ScenarioRef = { uri: s.uri, line: s.line, name: s.name, status: s.executed && s.status ? s.status : 'not run' };
  if (s.attempts > 1) r.attempts = s.attempts;
  return r;
}

/** "passed", or "passed after 2 attempts" for retried scenarios. */
export function statusLabel(s: Pick<ScenarioRef, 'status' | 'attempts'>): string {
  return s.attempts && s.attempts > 1 ? `${s.status} after ${s.attempts} attempts` : s.status;
}

/** Result of a behavior from the statuses of its tagged scenarios (see the top of this file). */
export function behaviorResult(scenarios: readonly Pick<ScenarioRef, 'status'>[]): BehaviorResult {
  if (scenarios.length === 0) return 'not covered';
  const ran = scenarios.filter((s) => s.status !== 'not run');
  if (ran.length === 0) return 'not run';
  return ran.every((s) => s.status === 'passed') ? 'passed' : 'failed';
}

/**
 * Builds the coverage table in catalog order. Scenario tags are matched with and without the
 * "@" (catalog IDs are "BE-13", tags "@BE-13"). Unknown behavior-looking tags and duplicate
 * catalog IDs are reported as errors.
 */
export function buildCoverage(catalog: Catalog, scenarios: readonly ScenarioResult[]): CoverageReport {
  const errors: CoverageError[] = [];
  const byTag = new Map<string, ScenarioResult[]>();
  for (const s of scenarios) {
    for (const tag of new Set(s.tags)) {
      let list = byTag.get(tag);
      if (!list) byTag.set(tag, (list = []));
      list.push(s);
    }
  }

  const seen = new Set<string>();
  const rows: CoverageRow[] = [];
  for (const b of catalog.behaviors) {
    if (seen.has(b.id)) {
      errors.push({ kind: 'duplicate-behavior-id', id: b.id, message: `behavior ${b.id} appears more than once in the catalog` });
      continue;
    }
    seen.add(b.id);
    const tagged = (byTag.get(`@${b.id}`) ?? []).map(ref);
    rows.push({ ...b, result: behaviorResult(tagged), scenarios: tagged });
  }

  // Same prefix and number, different zero-padding (@BE-1 vs BE-01): suggest the catalog spelling.
  const byNumber = new Map<string, string>();
  for (const id of seen) {
    const m = /^([A-Z]+)-(\d+)$/.exec(id);
    if (m) byNumber.set(`${m[1]}-${Number(m[2])}`, id);
  }
  const unknown = [...byTag.keys()].filter((t) => BEHAVIOR_TAG.test(t) && !seen.has(t.slice(1))).sort();
  for (const tag of unknown) {
    const refs = (byTag.get(tag) ?? []).map(ref);
    const [prefix, num] = tag.slice(1).split('-');
    const suggestion = byNumber.get(`${prefix}-${Number(num)}`);
    errors.push({
      kind: 'unknown-behavior-tag',
      tag,
      scenarios: refs,
      message:
        `tag ${tag} is not a behavior in the catalog${suggestion ? ` (did you mean @${suggestion}?)` : ''} ` +
        `(used by ${refs.map((r) => `${r.uri}:${r.line}`).join(', ')})`,
    });
  }

  return { rows, totals: countResults(rows.map((r) => r.result)), errors };
}

/** Totals of a coverage table from its behavior results. */
export function countResults(results: readonly BehaviorResult[]): CoverageReport['totals'] {
  const count = (r: BehaviorResult): number => results.filter((x) => x === r).length;
  return {
    behaviors: results.length,
    passed: count('passed'),
    failed: count('failed'),
    notCovered: count('not covered'),
    notRun: count('not run'),
  };
}

/** Splits "BE,PRS" / ["BE", "PRS"] into prefixes. */
export function parsePrefixes(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Behaviors that break `--require-coverage`: ID starts with one of the prefixes and the
 * result is anything but "passed". "BE" matches "BE-13" but not "BEX-1": a prefix without a
 * trailing "-" is matched up to the dash.
 */
export function requiredCoverageFailures(report: CoverageReport, prefixes: readonly string[]): CoverageRow[] {
  if (prefixes.length === 0) return [];
  return report.rows.filter((r) => matchesPrefix(r.id, prefixes) && r.result !== 'passed');
}

/** True if the behavior ID starts with one of the prefixes ("BE" matches "BE-13", not "BEX-1"). */
export function matchesPrefix(id: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => (/[-\d]$/.test(p) ? id.startsWith(p) : id.startsWith(`${p}-`)));
}

// ---- rendering --------------------------------------------------------------------------

/** Escapes text for a Markdown table cell. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

export function scenarioLabel(s: ScenarioRef): string {
  return `${s.uri}:${s.line} ${s.name}`;
}

export interface MarkdownContext {
  /** e.g. "specs/behaviors.json" */
  catalogPath: string;
  /** Set when the catalog could not be read; the table is then empty. */
  catalogError?: string;
  generatedAt?: string;
  /** Free-form notes shown under the title (e.g. "cucumber exited with 1"). */
  notes?: string[];
  requiredPrefixes?: string[];
  requiredFailures?: CoverageRow[];
}

export function renderCoverageMarkdown(report: CoverageReport, ctx: MarkdownContext): string {
  const out: string[] = ['# Behavior coverage', ''];
  out.push(`Catalog: \`${ctx.catalogPath}\`${ctx.generatedAt ? ` · generated ${ctx.generatedAt}` : ''}`, '');
  for (const n of ctx.notes ?? []) out.push(`> ${n}`, '');
  if (ctx.catalogError) out.push(`**Catalog not loaded:** ${cell(ctx.catalogError)}`, '');
  const t = report.totals;
  out.push(
    `**${t.behaviors} behaviors:** ${t.passed} passed, ${t.failed} failed, ${t.notCovered} not covered` +
      (t.notRun > 0 ? `, ${t.notRun} not run` : ''),
    '',
  );

  if (ctx.requiredPrefixes && ctx.requiredPrefixes.length > 0) {
    const failing = ctx.requiredFailures ?? [];
    out.push(
      `Required coverage (${ctx.requiredPrefixes.join(', ')}): ` +
        (failing.length === 0 ? 'met.' : `**not met** — ${failing.map((r) => `${r.id} (${r.result})`).join(', ')}.`),
      '',
    );
  }

  if (report.errors.length > 0) {
    out.push('## Errors', '');
    for (const e of report.errors) out.push(`- ${cell(e.message)}`);
    out.push('');
  }

  out.push('## Behaviors', '');
  out.push('| ID | Area | Summary | Scenarios | Result |', '| --- | --- | --- | --- | --- |');
  for (const r of report.rows) {
    const scen =
      r.scenarios.length === 0
        ? '—'
        : r.scenarios.map((s) => `\`${cell(`${s.uri}:${s.line}`)}\` ${cell(s.name)} (${statusLabel(s)})`).join('<br>');
    out.push(`| ${cell(r.id)} | ${cell(r.area)} | ${cell(r.summary)} | ${scen} | ${r.result} |`);
  }
  out.push('');
  return out.join('\n');
}
