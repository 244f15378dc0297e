/**
 * One feature run against several scoring runtimes (`--runtimes in-process,container`): the
 * scenarios each runtime may run, and the merge of the per-runtime behavior coverage into one
 * table with a result column per runtime.
 *
 * Runtime-only tags: a scenario tagged `@<runtime>-only` (`@container-only`, `@in-process-only`)
 * runs on that runtime only; every other runtime's cucumber run leaves it out with --tags.
 *
 * Merge rules:
 *  - rows are the catalog behaviors (every runtime's report comes from the same catalog);
 *  - a behavior's scenarios are the union over runtimes, keyed by `uri:line` (one pickle), each
 *    with its status on every runtime ("not run" where the runtime filtered it out, or where the
 *    runtime's run did not happen or crashed before reporting it);
 *  - the result of a behavior on a runtime is computed from those statuses, as in coverage.ts;
 *  - the combined result is "passed" only when the behavior passed on every runtime.
 *
 * A partial pass (`--storage-pass azurite`: the @storage scenarios once more, with the blobs in
 * Azurite) is one more column: its failures count like any runtime's, but what it leaves out
 * does not, neither in the combined result nor for required coverage.
 */
import {
  behaviorResult,
  cell,
  countResults,
  statusLabel,
  type Behavior,
  type BehaviorResult,
  type CoverageError,
  type CoverageReport,
  type CoverageRow,
  type ScenarioRef,
} from './coverage.ts';

/** The runtimes the World knows (steps/support/world.ts reads SIM_RUNTIME). */
export const KNOWN_RUNTIMES: readonly string[] = ['in-process', 'container'];

/** The World's runtime when SIM_RUNTIME is not set. */
export const DEFAULT_RUNTIME = 'in-process';

/** "container" -> "@container-only". */
export function onlyTag(runtime: string): string {
  return `@${runtime}-only`;
}

/**
 * The tag expression that selects what `runtime` may run: every scenario except those tagged
 * @<other>-only for another runtime, known or part of this run ("not @container-only" for
 * in-process). Cucumber ANDs it with the user's --tags and the profile's tags.
 */
export function runtimeTagFilter(runtime: string, selected: readonly string[] = []): string {
  const others = [...new Set([...KNOWN_RUNTIMES, ...selected])].filter((r) => r !== runtime);
  return others.map((r) => `not ${onlyTag(r)}`).join(' and ');
}

// ---- merge ------------------------------------------------------------------------------

export type RefStatus = ScenarioRef['status'];
export type CoverageTotals = CoverageReport['totals'];

export interface RuntimeScenarioRef {
  uri: string;
  line: number;
  name: string;
  /** Status on every runtime, in runtime order. */
  statuses: Record<string, RefStatus>;
  /** Number of attempts, only for the runtimes where the scenario was retried. */
  attempts?: Record<string, number>;
}

export interface RuntimeCoverageRow extends Behavior {
  /** "passed" only when passed on every runtime; see combinedResult. */
  result: BehaviorResult;
  /** Result on each runtime, in runtime order. */
  results: Record<string, BehaviorResult>;
  scenarios: RuntimeScenarioRef[];
}

export type RuntimeCoverageError = CoverageError & {
  /** Runtimes whose report had this error. */
  runtimes: string[];
};

export interface RuntimeCoverageReport {
  runtimes: string[];
  /** The columns that are partial passes. */
  partial: string[];
  rows: RuntimeCoverageRow[];
  /** Totals of each runtime's result column. */
  totals: Record<string, CoverageTotals>;
  /** Errors of all runtimes, each once (same message = same error). */
  errors: RuntimeCoverageError[];
}

export interface RuntimeCoverageInput {
  runtime: string;
  /** A pass over some scenarios only: it can fail a behavior, never leave one uncovered. */
  partial?: boolean;
  /** buildCoverage() of that runtime's results; an empty scenario list if it did not run. */
  report: CoverageReport;
}

/**
 * Combines per-runtime results: "failed" if any runtime failed, "passed" if all passed,
 * "not covered" if no runtime has a scenario, otherwise "not run" (some runtime ran none).
 */
export function combinedResult(results: readonly BehaviorResult[]): BehaviorResult {
  if (results.length === 0 || results.every((r) => r === 'not covered')) return 'not covered';
  if (results.includes('failed')) return 'failed';
  if (results.every((r) => r === 'passed')) return 'passed';
  return 'not run';
}

const scenarioKey = (s: { uri: string; line: number }): string => `${s.uri}:${s.line}`;

/** Merges the coverage reports of several runtimes (given in column order). */
export function mergeCoverage(inputs: readonly RuntimeCoverageInput[]): RuntimeCoverageReport {
  const runtimes = inputs.map((i) => i.runtime);
  const dup = runtimes.find((r, i) => runtimes.indexOf(r) !== i);
  if (dup !== undefined) throw new Error(`mergeCoverage: runtime ${dup} given twice`);

  // Behaviors in catalog order: the first report's rows, then any that another report adds.
  const behaviors = new Map<string, Behavior>();
  const scenarios = new Map<string, Map<string, RuntimeScenarioRef>>(); // behavior id -> key -> ref
  for (const { report } of inputs) {
    for (const row of report.rows) {
      if (!behaviors.has(row.id)) {
        behaviors.set(row.id, { id: row.id, area: row.area, summary: row.summary });
        scenarios.set(row.id, new Map());
      }
    }
  }
  const notRun = (): Record<string, RefStatus> => Object.fromEntries(runtimes.map((r) => [r, 'not run' as RefStatus]));
  for (const { runtime, report } of inputs) {
    for (const row of report.rows) {
      const refs = scenarios.get(row.id)!;
      for (const s of row.scenarios) {
        const key = scenarioKey(s);
        let ref = refs.get(key);
        if (!ref) refs.set(key, (ref = { uri: s.uri, line: s.line, name: s.name, statuses: notRun() }));
        ref.statuses[runtime] = s.status;
        if (s.attempts && s.attempts > 1) (ref.attempts ??= {})[runtime] = s.attempts;
      }
    }
  }

  const partial = inputs.filter((i) => i.partial).map((i) => i.runtime);
  const rows: RuntimeCoverageRow[] = [...behaviors.values()].map((b) => {
    const refs = [...scenarios.get(b.id)!.values()];
    const results = Object.fromEntries(
      runtimes.map((r) => [r, behaviorResult(refs.map((s) => ({ status: s.statuses[r] })))]),
    ) as Record<string, BehaviorResult>;
    const counted = runtimes.filter((r) => !partial.includes(r) || results[r] === 'failed');
    return { ...b, result: combinedResult(counted.map((r) => results[r])), results, scenarios: refs };
  });

  const totals = Object.fromEntries(
    runtimes.map((r) => [r, countResults(rows.map((row) => row.results[r]))]),
  ) as Record<string, CoverageTotals>;

  const errors: RuntimeCoverageError[] = [];
  const byMessage = new Map<string, RuntimeCoverageError>();
  for (const { runtime, report } of inputs) {
    for (const e of report.errors) {
      const known = byMessage.get(e.message);
      if (known) {
        if (!known.runtimes.includes(runtime)) known.runtimes.push(runtime);
        continue;
      }
      const merged: RuntimeCoverageError = { ...e, runtimes: [runtime] };
      byMessage.set(e.message, merged);
      errors.push(merged);
    }
  }
  return { runtimes, partial, rows, totals, errors };
}

/** One runtime's column as a plain coverage report (for requiredCoverageFailures and friends). */
export function runtimeView(report: RuntimeCoverageReport, runtime: string): CoverageReport {
  if (!report.runtimes.includes(runtime)) throw new Error(`runtimeView: no runtime ${runtime}`);
  const rows: CoverageRow[] = report.rows.map((r) => ({
    id: r.id,
    area: r.area,
    summary: r.summary,
    result: r.results[runtime],
    scenarios: r.scenarios.map((s) => {
      const ref: ScenarioRef = { uri: s.uri, line: s.line, name: s.name, status: s.statuses[runtime] };
      const attempts = s.attempts?.[runtime];
      if (attempts !== undefined) ref.attempts = attempts;
      return ref;
    }),
  }));
  const errors = report.errors
    .filter((e) => e.runtimes.includes(runtime))
    .map(({ runtimes: _runtimes, ...e }) => e);
  return { rows, totals: report.totals[runtime], errors };
}

// ---- rendering --------------------------------------------------------------------------

/** "passed" when every runtime agrees, else "in-process: passed, container: failed after 2 attempts". */
export function runtimeStatusLabel(s: RuntimeScenarioRef, runtimes: readonly string[]): string {
  const labels = runtimes.map((r) => statusLabel({ status: s.statuses[r], attempts: s.attempts?.[r] }));
  if (labels.every((l) => l === labels[0])) return labels[0] ?? '';
  return runtimes.map((r, i) => `${r}: ${labels[i]}`).join(', ');
}

/** "in-process: 96 scenarios executed, container: 0 scenarios executed". */
export function executedLine(runs: readonly { runtime: string; executed: number }[]): string {
  return runs.map((r) => `${r.runtime}: ${r.executed} scenario${r.executed === 1 ? '' : 's'} executed`).join(', ');
}

export interface RuntimeRunInfo {
  /** Scenarios executed on that runtime. */
  executed: number;
  /** Where its cucumber.html, junit.xml and messages.ndjson are, e.g. "reports/container/". */
  reportsDir?: string;
  /** Set when the runtime's run did not happen (e.g. "interrupted"). */
  skipped?: string;
}

export interface RuntimeMarkdownContext {
  catalogPath: string;
  catalogError?: string;
  generatedAt?: string;
  /** Free-form notes under the title (prefix them with their runtime). */
  notes?: string[];
  runs?: Record<string, RuntimeRunInfo>;
  requiredPrefixes?: string[];
  /** requiredCoverageFailures() of each runtime. */
  requiredFailures?: Record<string, CoverageRow[]>;
}

export function renderRuntimeCoverageMarkdown(report: RuntimeCoverageReport, ctx: RuntimeMarkdownContext): string {
  const rts = report.runtimes;
  const out: string[] = ['# Behavior coverage', ''];
  out.push(
    `Catalog: \`${ctx.catalogPath}\` · runtimes: ${rts.join(', ')}` +
      `${ctx.generatedAt ? ` · generated ${ctx.generatedAt}` : ''}`,
    '',
  );
  for (const n of ctx.notes ?? []) out.push(`> ${n}`, '');
  if (ctx.catalogError) out.push(`**Catalog not loaded:** ${cell(ctx.catalogError)}`, '');

  out.push(
    '| Runtime | Behaviors | Passed | Failed | Not covered | Not run | Scenarios executed | Reports |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of rts) {
    const t = report.totals[r];
    const run = ctx.runs?.[r];
    const executed = run ? (run.skipped ? `0 (${cell(run.skipped)})` : String(run.executed)) : '—';
    const dir = run?.reportsDir ? `\`${cell(run.reportsDir)}\`` : '—';
    out.push(
      `| ${cell(r)} | ${t.behaviors} | ${t.passed} | ${t.failed} | ${t.notCovered} | ${t.notRun} | ${executed} | ${dir} |`,
    );
  }
  out.push('');

  if (ctx.requiredPrefixes && ctx.requiredPrefixes.length > 0) {
    const failing = rts.filter((r) => !report.partial.includes(r)).map((r) => [r, ctx.requiredFailures?.[r] ?? []] as const);
    const head = `Required coverage (${ctx.requiredPrefixes.join(', ')}) on every runtime: `;
    if (failing.every(([, f]) => f.length === 0)) {
      out.push(`${head}met.`, '');
    } else {
      out.push(`${head}**not met**.`, '');
      for (const [r, f] of failing) {
        out.push(
          `- ${cell(r)}: ` + (f.length === 0 ? 'met.' : `**not met** — ${f.map((row) => `${row.id} (${row.result})`).join(', ')}.`),
        );
      }
      out.push('');
    }
  }

  if (report.errors.length > 0) {
    out.push('## Errors', '');
    for (const e of report.errors) {
      const where = e.runtimes.length === rts.length ? '' : ` (${e.runtimes.join(', ')})`;
      out.push(`- ${cell(e.message)}${where}`);
    }
    out.push('');
  }

  out.push('## Behaviors', '');
  out.push(
    `| ID | Area | Summary | Scenarios | ${rts.map((r) => `Result (${cell(r)})`).join(' | ')} |`,
    `| --- | --- | --- | --- | ${rts.map(() => '---').join(' | ')} |`,
  );
  // A partial pass says nothing about what it left out: "—", not "not run".
  const left = (rt: string, status: string) => report.partial.includes(rt) && (status === 'not run' || status === 'not covered');
  for (const r of report.rows) {
    const scen =
      r.scenarios.length === 0
        ? '—'
        : r.scenarios
            .map((s) => `\`${cell(`${s.uri}:${s.line}`)}\` ${cell(s.name)} (${runtimeStatusLabel(s, rts.filter((rt) => !left(rt, s.statuses[rt])))})`)
            .join('<br>');
    const results = rts.map((rt) => (left(rt, r.results[rt]) ? '—' : r.results[rt]));
    out.push(`| ${cell(r.id)} | ${cell(r.area)} | ${cell(r.summary)} | ${scen} | ${results.join(' | ')} |`);
  }
  out.push('');
  return out.join('\n');
}
