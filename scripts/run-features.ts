/**
 * Runs the Gherkin features and builds the reports.
 *
 *   tsx scripts/run-features.ts [--runtimes in-process,container] [--storage-pass azurite]
 *                               [--profile ci] [--tags EXPR]
 *                               [--require-coverage BE,PRS] [--behaviors PATH]
 *                               [other cucumber-js args / feature paths]
 *
 * 1. spawns cucumber-js (config: cucumber.mjs) with `--import tsx` added to NODE_OPTIONS, its
 *    output streamed live;
 *    - without --runtimes: once, SIM_RUNTIME left as it is, reports in reports/;
 *    - with --runtimes A,B: once per runtime, in that order, with SIM_RUNTIME=A (then B) and
 *      that run's cucumber.html, junit.xml and messages.ndjson in reports/A/ (then reports/B/);
 *    in both cases a scenario tagged @<runtime>-only (@container-only, @in-process-only) runs
 *    only on that runtime: each run gets `--tags "not @<other>-only"` for the other runtimes,
 *    ANDed by cucumber with any --tags given here (without --runtimes, the runtime is
 *    SIM_RUNTIME, default in-process);
 *    - with --storage-pass S (after --runtimes): once more, on the in-process runtime with
 *      SIM_STORAGE=S, only the scenarios tagged @storage, reports in reports/storage-S/;
 *    every run whose storage is azurite (SIM_STORAGE=azurite, or that pass) gets one Azurite,
 *    started before it and stopped after it, which its cucumber workers share (SIM_AZURITE_URL);
 * 2. whatever cucumber's outcome, reads each run's messages.ndjson and
 *    - prints a per-area scenario summary (one block per runtime, then a line
 *      "in-process: N scenarios executed, container: N scenarios executed"); the last stdout
 *      line is "N passed, N failed" summed over the runtimes (", N skipped" appended only when
 *      some were skipped);
 *    - writes reports/coverage.md and reports/coverage.json (behavior catalog vs tagged
 *      scenarios), with one result column per runtime when --runtimes is given, and one per
 *      storage pass (a failure there fails the behavior; what it does not run counts for nothing);
 * 3. exits non-zero if any run's cucumber failed, any executed scenario did not pass, or a
 *    behavior required by --require-coverage is not covered / not passed on any runtime.
 *
 * Options handled here (everything else goes to cucumber-js unchanged):
 *   --runtimes R[,R]          run once per runtime with SIM_RUNTIME=R (repeatable); a run is
 *                             not started after an interrupt, nor after a failed run with
 *                             --fail-fast
 *   --storage-pass S[,S]      after the runtimes, run the @storage scenarios with SIM_STORAGE=S
 *                             (azurite; repeatable); fails if they fail or none ran
 *   --require-coverage P[,P]  fail unless every catalog behavior whose ID starts with P- passed,
 *                             on every runtime (repeatable)
 *   --behaviors PATH          behavior catalog (default specs/behaviors.json)
 *   --help-runner             this help (--help is cucumber-js's own help)
 * Feature paths given as arguments replace the default features/**\/*.feature glob.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startAzurite } from '../simulator/storage/azurite.ts';
import { renderAfterRun } from './docs-site/after-run.ts';
import { parseRunnerArgs, RUNTIME_NAME, withTsx, type RunnerArgs } from './reports/cli.ts';
import { readResultsFile, type RunResults } from './reports/messages.ts';
import { reportsWithTokens } from './reports/secrets.ts';
import { renderSummaryTable, resultLine, sumCounts, summarize, type RunSummary } from './reports/summary.ts';
import {
  buildCoverage,
  loadCatalog,
  matchesPrefix,
  renderCoverageMarkdown,
  requiredCoverageFailures,
  scenarioLabel,
  statusLabel,
  type Catalog,
  type CoverageReport,
  type CoverageRow,
} from './reports/coverage.ts';
import {
  DEFAULT_RUNTIME,
  executedLine,
  mergeCoverage,
  renderRuntimeCoverageMarkdown,
  runtimeTagFilter,
  runtimeView,
  type RuntimeRunInfo,
} from './reports/runtimes.ts';

const ROOT = process.cwd();
/** Passed to cucumber.mjs as SIM_REPORTS_DIR (where its html, junit and message formatters write). */
const REPORTS_DIR = 'reports';
const CUCUMBER_REPORTS = ['cucumber.html', 'junit.xml', 'messages.ndjson']; // as in cucumber.mjs
const COVERAGE_MD = path.posix.join(REPORTS_DIR, 'coverage.md');
const COVERAGE_JSON = path.posix.join(REPORTS_DIR, 'coverage.json');

function cucumberBin(): string {
  // node_modules/.bin/cucumber-js is a symlink to this file; running it with process.execPath
  // keeps the same Node binary (and works where .bin holds shell shims).
  const bin = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
  if (fs.existsSync(bin)) return bin;
  return path.join(ROOT, 'node_modules', '.bin', 'cucumber-js');
}

interface CucumberExit {
  code: number;
  signal?: string;
  /** SIGINT / SIGTERM reached this process while cucumber ran. */
  interrupted: boolean;
}

function runCucumber(args: string[], featurePaths: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CucumberExit> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, NODE_OPTIONS: withTsx(process.env.NODE_OPTIONS) };
  if (featurePaths.length > 0) env.CUCUMBER_CLI_PATHS = '1';
  return new Promise((resolve) => {
    let interrupted = false;
    const child = spawn(process.execPath, [cucumberBin(), ...args], { cwd: ROOT, env, stdio: 'inherit' });
    // Pass signals on (Ctrl-C also reaches the child directly through the process group) and
    // stay alive to write the reports of whatever ran.
    const forward = (sig: NodeJS.Signals): void => {
      interrupted = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`run-features: cannot start cucumber-js: ${err.message}`);
      resolve({ code: 127, interrupted });
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? 1, signal: signal ?? undefined, interrupted });
    });
  });
}

/** Path relative to the project root for display, absolute if outside it. */
function rel(p: string): string {
  const abs = path.resolve(ROOT, p);
  const r = path.relative(ROOT, abs);
  return r === '' || r.startsWith('..') || path.isAbsolute(r) ? abs : r.split(path.sep).join('/');
}

function describeRow(r: CoverageRow): string {
  const detail =
    r.scenarios.length === 0
      ? 'no scenario tagged'
      : r.scenarios.map((s) => `${scenarioLabel(s)} [${statusLabel(s)}]`).join('; ');
  return `  ${r.id} [${r.result}]${r.summary ? ` ${r.summary}` : ''} — ${detail}`;
}

/** One cucumber run: the whole run without --runtimes, one runtime's, or a storage pass. */
interface RunPlan {
  /** Its column in the reports: the runtime, or storage-<store>; undefined without --runtimes. */
  name?: string;
  /** undefined without --runtimes (SIM_RUNTIME is then left as it is). */
  runtime?: string;
  /** SIM_STORAGE of a storage pass; left as it is otherwise. */
  storage?: string;
  /** A storage pass: it runs the @storage scenarios only. */
  partial?: boolean;
  /** Where cucumber writes cucumber.html, junit.xml and messages.ndjson (posix, relative). */
  reportsDir: string;
  /** The runtime-only tag filter added with --tags, if any. */
  tagFilter?: string;
}

interface RunOutcome {
  plan: RunPlan;
  /** messages.ndjson of the run (posix, relative). */
  messages: string;
  /** undefined when the run was not started. */
  exit?: CucumberExit;
  /** Why the run was not started. */
  skipped?: string;
  seconds: string;
  results: RunResults;
  summary: RunSummary;
  coverage: CoverageReport;
  /** Reasons for a non-zero exit code, besides scenarios that did not pass. */
  problems: string[];
  /** Executed scenarios that did not pass. */
  notPassed: number;
  /** Shown in coverage.md. */
  notes: string[];
}

/** Runs cucumber for one plan (or records why it was skipped) and reads its results. */
async function execute(plan: RunPlan, args: RunnerArgs, skipped: string | undefined): Promise<Omit<RunOutcome, 'coverage'>> {
  const messages = path.posix.join(plan.reportsDir, 'messages.ndjson');
  const problems: string[] = [];
  const notes: string[] = [];
  let exit: CucumberExit | undefined;
  let seconds = '0.0';
  let results: RunResults | undefined;

  if (skipped) {
    problems.push(`not run (${skipped})`);
    notes.push(`not run (${skipped})`);
  } else {
    const env: NodeJS.ProcessEnv = { SIM_REPORTS_DIR: plan.reportsDir };
    if (plan.runtime !== undefined) env.SIM_RUNTIME = plan.runtime;
    if (plan.storage !== undefined) env.SIM_STORAGE = plan.storage;
    const cucumberArgs = plan.tagFilter ? ['--tags', plan.tagFilter, ...args.cucumberArgs] : args.cucumberArgs;
    // One Azurite for the whole run, shared by its cucumber workers, rather than one per worker.
    const azurite = (plan.storage ?? process.env.SIM_STORAGE) === 'azurite' && !process.env.SIM_AZURITE_URL ? await startAzurite() : undefined;
    if (azurite) {
      env.SIM_AZURITE_URL = azurite.url;
      process.stdout.write(`Azurite started in ${azurite.startMs} ms at ${azurite.url}\n`);
    }
    const started = Date.now();
    try {
      exit = await runCucumber(cucumberArgs, args.featurePaths, env);
    } finally {
      await azurite?.stop();
    }
    seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (exit.code !== 0) {
      const why = `cucumber-js exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`;
      problems.push(why);
      notes.push(why);
    }
    try {
      results = readResultsFile(path.join(ROOT, messages));
    } catch (err) {
      problems.push(`cannot read ${messages}: ${(err as Error).message}`);
    }
    if (!results) {
      const why =
        `no ${messages} was written: cucumber-js failed before running (see its output above) ` +
        `or the selected profile has no message formatter; results are empty`;
      if (!problems.some((p) => p.startsWith('cannot read'))) problems.push(why);
      notes.push(why);
    } else if (results.success === undefined) {
      const why = 'the test run did not finish (no testRunFinished message); results are partial';
      problems.push(why);
      notes.push(why);
    }
    if (results?.runError) notes.push(`run error: ${results.runError}`);
    // A pass over tagged scenarios that finds none has lost its tag: that is no pass.
    if (plan.partial && results && !results.scenarios.some((sc) => sc.executed)) problems.push('no scenario ran');
  }
  results ??= { scenarios: [], warnings: [] };

  const summary = summarize(results.scenarios);
  const notPassed = summary.totals.total - summary.totals.passed;
  return { plan, messages, exit, skipped, seconds, results, summary, problems, notPassed, notes };
}

/** The runtime-only filter of a run without --runtimes: that of SIM_RUNTIME (default in-process). */
function defaultTagFilter(): string | undefined {
  const runtime = (process.env.SIM_RUNTIME ?? '').trim() || DEFAULT_RUNTIME;
  return RUNTIME_NAME.test(runtime) ? runtimeTagFilter(runtime) : undefined;
}

function plansFor(args: RunnerArgs): RunPlan[] {
  if (args.runtimes.length === 0) return [{ reportsDir: REPORTS_DIR, tagFilter: defaultTagFilter() }];
  const runtimes: RunPlan[] = args.runtimes.map((runtime) => ({
    name: runtime,
    runtime,
    reportsDir: path.posix.join(REPORTS_DIR, runtime),
    tagFilter: runtimeTagFilter(runtime, args.runtimes),
  }));
  const storagePasses: RunPlan[] = args.storagePasses.map((storage) => ({
    name: `storage-${storage}`,
    runtime: DEFAULT_RUNTIME,
    storage,
    partial: true,
    reportsDir: path.posix.join(REPORTS_DIR, `storage-${storage}`),
    tagFilter: `@storage and ${runtimeTagFilter(DEFAULT_RUNTIME, args.runtimes)}`,
  }));
  return [...runtimes, ...storagePasses];
}

/** "--fail-fast" among cucumber's options (not after "--"). */
function failFast(args: RunnerArgs): boolean {
  const end = args.cucumberArgs.indexOf('--');
  return (end < 0 ? args.cucumberArgs : args.cucumberArgs.slice(0, end)).includes('--fail-fast');
}

async function main(): Promise<number> {
  let args: RunnerArgs;
  try {
    args = parseRunnerArgs(process.argv.slice(2), 'specs/behaviors.json');
  } catch (err) {
    console.error(`run-features: ${(err as Error).message}`);
    return 2;
  }
  if (args.help) {
    const src = fs.readFileSync(new URL(import.meta.url), 'utf8');
    console.log(src.slice(src.indexOf('/**') + 3, src.indexOf('*/')).replace(/^ \* ?/gm, '').replace('\\/', '/'));
    return 0;
  }

  if (args.infoOnly) {
    const { code } = await runCucumber(args.cucumberArgs, args.featurePaths);
    return code;
  }

  const multi = args.runtimes.length > 0;
  const plans = plansFor(args);

  // A stale messages file would make a crashed run look like the previous one. With
  // --runtimes, the files of a run without it (reports/*.html|xml|ndjson) are stale too, and
  // so are all of a runtime's files if its run does not happen.
  fs.mkdirSync(path.join(ROOT, REPORTS_DIR), { recursive: true });
  for (const plan of plans) {
    fs.mkdirSync(path.join(ROOT, plan.reportsDir), { recursive: true });
    const files = multi ? CUCUMBER_REPORTS : ['messages.ndjson'];
    for (const f of files) fs.rmSync(path.join(ROOT, plan.reportsDir, f), { force: true });
  }
  if (multi) for (const f of CUCUMBER_REPORTS) fs.rmSync(path.join(ROOT, REPORTS_DIR, f), { force: true });

  const outcomes: Omit<RunOutcome, 'coverage'>[] = [];
  let stop: string | undefined;
  for (const [i, plan] of plans.entries()) {
    if (multi && !stop) {
      process.stdout.write(
        `\n== ${plan.partial ? 'storage pass' : 'runtime'} ${plan.name} (${i + 1}/${plans.length}): SIM_RUNTIME=${plan.runtime}` +
          `${plan.storage ? `, SIM_STORAGE=${plan.storage}` : ''}` +
          `${plan.tagFilter ? `, --tags "${plan.tagFilter}"` : ''}, reports in ${plan.reportsDir}/ ==\n`,
      );
    }
    const outcome = await execute(plan, args, stop);
    outcomes.push(outcome);
    if (!stop && outcome.exit?.interrupted) stop = 'interrupted';
    else if (!stop && failFast(args) && (outcome.problems.length > 0 || outcome.notPassed > 0)) stop = `--fail-fast after ${plan.name} failed`;
  }

  // ---- coverage ----
  const catalogPath = rel(args.catalogPath);
  const globalProblems: string[] = [];
  let catalog: Catalog = { behaviors: [] };
  let catalogError: string | undefined;
  try {
    catalog = loadCatalog(path.resolve(ROOT, args.catalogPath));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    catalogError = e.code === 'ENOENT' ? `${catalogPath} not found` : e.message;
    // A missing catalog is tolerated (it may not exist yet); a broken one fails the run.
    if (e.code !== 'ENOENT') globalProblems.push(catalogError);
  }
  const runs: RunOutcome[] = outcomes.map((o) => {
    const coverage = buildCoverage(catalog, o.results.scenarios);
    // Without a catalog every behavior tag would be "unknown": don't report that.
    if (catalogError) coverage.errors = coverage.errors.filter((e) => e.kind !== 'unknown-behavior-tag');
    return { ...o, coverage };
  });
  const req = `--require-coverage ${args.requirePrefixes.join(',')}`;
  const unmatchedPrefixes = catalogError
    ? []
    : args.requirePrefixes.filter((p) => !catalog.behaviors.some((b) => matchesPrefix(b.id, [p])));
  if (args.requirePrefixes.length > 0) {
    if (catalogError) globalProblems.push(`${req}: no catalog to check against`);
    for (const p of unmatchedPrefixes) globalProblems.push(`${req}: no behavior in the catalog has the prefix ${p}`);
  }
  const generatedAt = new Date().toISOString();
  const resultNotes = unmatchedPrefixes.map((p) => `--require-coverage: no behavior has the prefix ${p}`);

  // A report must never carry a signed token (whoever held it): the run fails if one does.
  for (const file of reportsWithTokens(REPORTS_DIR)) globalProblems.push(`${file} holds a signed token: secrets must not reach the reports`);
  // Before the summary, whose last line CI reads: the site's path must not come after it.
  renderAfterRun(ROOT, outcomes);
  const code = multi
    ? reportRuntimes(args, runs, { catalogPath, catalogError, generatedAt, globalProblems, unmatchedPrefixes, resultNotes })
    : reportSingle(args, runs[0], { catalogPath, catalogError, generatedAt, globalProblems, unmatchedPrefixes, resultNotes });
  return code;
}

interface ReportContext {
  catalogPath: string;
  catalogError?: string;
  generatedAt: string;
  /** Problems not tied to one run (catalog, prefixes). */
  globalProblems: string[];
  unmatchedPrefixes: string[];
  /** Notes for coverage.md not tied to one run. */
  resultNotes: string[];
}

function coverageTotalsLine(t: CoverageReport['totals']): string {
  return (
    `${t.behaviors} behaviors, ${t.passed} passed, ${t.failed} failed, ` +
    `${t.notCovered} not covered${t.notRun ? `, ${t.notRun} not run` : ''}`
  );
}

/** reports/coverage.json: the catalog and run facts every mode shares, then the mode's own. */
function writeCoverageJson(ctx: ReportContext, body: Record<string, unknown>): void {
  const header = { generatedAt: ctx.generatedAt, catalog: ctx.catalogPath, catalogError: ctx.catalogError ?? null };
  fs.writeFileSync(path.join(ROOT, COVERAGE_JSON), `${JSON.stringify({ ...header, ...body }, null, 2)}\n`);
}

/** Without --runtimes: the reports as they have always been. */
function reportSingle(args: RunnerArgs, run: RunOutcome, ctx: ReportContext): number {
  const { coverage, results, summary } = run;
  const { catalogPath, catalogError } = ctx;
  const problems = [...run.problems, ...ctx.globalProblems];
  const requiredFailures = requiredCoverageFailures(coverage, args.requirePrefixes);
  if (args.requirePrefixes.length > 0 && requiredFailures.length > 0) {
    problems.push(`--require-coverage ${args.requirePrefixes.join(',')}: ${requiredFailures.length} behavior(s) not passed`);
  }
  if (run.notPassed > 0) problems.push(`${run.notPassed} scenario(s) did not pass`);

  fs.writeFileSync(
    path.join(ROOT, COVERAGE_MD),
    renderCoverageMarkdown(coverage, {
      catalogPath,
      catalogError,
      generatedAt: ctx.generatedAt,
      notes: [...run.notes, ...ctx.resultNotes],
      requiredPrefixes: args.requirePrefixes,
      requiredFailures,
    }),
  );
  writeCoverageJson(ctx, {
    run: {
      cucumberExitCode: run.exit?.code ?? null,
      signal: run.exit?.signal ?? null,
      success: results.success ?? null,
      runError: results.runError ?? null,
      messages: run.messages,
    },
    totals: coverage.totals,
    behaviors: coverage.rows,
    errors: coverage.errors,
    requiredCoverage: {
      prefixes: args.requirePrefixes,
      unmatchedPrefixes: ctx.unmatchedPrefixes,
      failing: requiredFailures.map((r) => ({ id: r.id, result: r.result })),
    },
  });

  // ---- stdout ----
  const out: string[] = [''];
  out.push(`Scenarios by area (features/<area>/), ${run.seconds}s:`);
  out.push(...renderSummaryTable(summary).map((l) => `  ${l}`));
  out.push('');

  if (catalogError) {
    out.push(`Behavior coverage: catalog not loaded (${catalogError}) -> ${COVERAGE_MD}`);
  } else {
    out.push(`Behavior coverage (${catalogPath}): ${coverageTotalsLine(coverage.totals)} -> ${COVERAGE_MD}`);
  }
  for (const e of coverage.errors) out.push(`error: ${e.message}`);
  for (const w of results.warnings) out.push(`warning: ${run.messages}: ${w}`);
  if (args.requirePrefixes.length > 0 && !catalogError) {
    if (requiredFailures.length > 0) {
      out.push(`Required coverage (${args.requirePrefixes.join(', ')}) not met:`);
      out.push(...requiredFailures.map(describeRow));
    } else if (ctx.unmatchedPrefixes.length === 0) {
      out.push(`Required coverage (${args.requirePrefixes.join(', ')}): met.`);
    }
  }

  if (problems.length > 0) out.push('', `FAILED: ${problems.join('; ')}`);
  out.push('', resultLine(summary.totals));
  process.stdout.write(out.join('\n') + '\n');
  return problems.length > 0 ? 1 : 0;
}

/** With --runtimes: one result column / summary block per runtime, totals summed. */
function reportRuntimes(args: RunnerArgs, runs: RunOutcome[], ctx: ReportContext): number {
  const { catalogPath, catalogError } = ctx;
  const runtimes = runs.map((r) => r.plan.name!);
  const merged = mergeCoverage(runs.map((r) => ({ runtime: r.plan.name!, report: r.coverage, partial: r.plan.partial })));
  // A storage pass runs a few scenarios: required coverage is the runtimes' business.
  const requiredFailures: Record<string, CoverageRow[]> = {};
  for (const rt of runtimes) requiredFailures[rt] = merged.partial.includes(rt) ? [] : requiredCoverageFailures(runtimeView(merged, rt), args.requirePrefixes);

  const problems: string[] = [];
  for (const run of runs) {
    const rt = run.plan.name!;
    problems.push(...run.problems.map((p) => `${rt}: ${p}`));
    if (args.requirePrefixes.length > 0 && requiredFailures[rt].length > 0) {
      problems.push(`${rt}: --require-coverage ${args.requirePrefixes.join(',')}: ${requiredFailures[rt].length} behavior(s) not passed`);
    }
    if (run.notPassed > 0) problems.push(`${rt}: ${run.notPassed} scenario(s) did not pass`);
  }
  problems.push(...ctx.globalProblems);

  const runInfo: Record<string, RuntimeRunInfo> = {};
  for (const run of runs) {
    runInfo[run.plan.name!] = {
      executed: run.summary.totals.total,
      ...(run.skipped ? { skipped: `not run: ${run.skipped}` } : { reportsDir: `${run.plan.reportsDir}/` }),
    };
  }

  fs.writeFileSync(
    path.join(ROOT, COVERAGE_MD),
    renderRuntimeCoverageMarkdown(merged, {
      catalogPath,
      catalogError,
      generatedAt: ctx.generatedAt,
      notes: [...runs.flatMap((r) => r.notes.map((n) => `${r.plan.name}: ${n}`)), ...ctx.resultNotes],
      runs: runInfo,
      requiredPrefixes: args.requirePrefixes,
      requiredFailures,
    }),
  );
  writeCoverageJson(ctx, {
    runtimes,
    runs: Object.fromEntries(
      runs.map((run) => [
        run.plan.name!,
        {
          SIM_RUNTIME: run.plan.runtime,
          SIM_STORAGE: run.plan.storage ?? null,
          partial: run.plan.partial ?? false,
          tags: run.plan.tagFilter ?? null,
          reportsDir: run.plan.reportsDir,
          messages: run.messages,
          skipped: run.skipped ?? null,
          cucumberExitCode: run.exit?.code ?? null,
          signal: run.exit?.signal ?? null,
          success: run.results.success ?? null,
          runError: run.results.runError ?? null,
          seconds: Number(run.seconds),
          scenarios: { ...run.summary.totals, notRun: run.summary.notRun },
        },
      ]),
    ),
    totals: merged.totals,
    behaviors: merged.rows,
    errors: merged.errors,
    requiredCoverage: {
      prefixes: args.requirePrefixes,
      unmatchedPrefixes: ctx.unmatchedPrefixes,
      failing: Object.fromEntries(
        runtimes.map((rt) => [rt, requiredFailures[rt].map((r) => ({ id: r.id, result: r.result }))]),
      ),
    },
  });

  // ---- stdout ----
  const out: string[] = [''];
  for (const run of runs) {
    if (run.skipped) {
      out.push(`Scenarios by area (features/<area>/), ${run.plan.partial ? 'storage pass' : 'runtime'} ${run.plan.name}: not run (${run.skipped})`, '');
      continue;
    }
    out.push(`Scenarios by area (features/<area>/), ${run.plan.partial ? 'storage pass' : 'runtime'} ${run.plan.name}, ${run.seconds}s:`);
    out.push(...renderSummaryTable(run.summary).map((l) => `  ${l}`));
    out.push('');
  }
  out.push(executedLine(runs.map((r) => ({ runtime: r.plan.name!, executed: r.summary.totals.total }))), '');

  if (catalogError) {
    out.push(`Behavior coverage: catalog not loaded (${catalogError}) -> ${COVERAGE_MD}`);
  } else {
    out.push(`Behavior coverage (${catalogPath}) -> ${COVERAGE_MD}:`);
    for (const rt of runtimes) out.push(`  ${rt}: ${coverageTotalsLine(merged.totals[rt])}`);
  }
  for (const e of merged.errors) {
    out.push(`error: ${e.message}${e.runtimes.length === runtimes.length ? '' : ` (${e.runtimes.join(', ')})`}`);
  }
  for (const run of runs) for (const w of run.results.warnings) out.push(`warning: ${run.messages}: ${w}`);
  if (args.requirePrefixes.length > 0 && !catalogError) {
    const prefixes = args.requirePrefixes.join(', ');
    const failing = runtimes.filter((rt) => requiredFailures[rt].length > 0);
    if (failing.length > 0) {
      out.push(`Required coverage (${prefixes}) not met on ${failing.join(', ')}:`);
      for (const rt of failing) {
        out.push(`  ${rt}:`, ...requiredFailures[rt].map((r) => `  ${describeRow(r)}`));
      }
    } else if (ctx.unmatchedPrefixes.length === 0) {
      out.push(`Required coverage (${prefixes}): met on every runtime (${runtimes.filter((rt) => !merged.partial.includes(rt)).join(', ')}).`);
    }
  }

  if (problems.length > 0) out.push('', `FAILED: ${problems.join('; ')}`);
  out.push('', resultLine(sumCounts(runs.map((r) => r.summary.totals))));
  process.stdout.write(out.join('\n') + '\n');
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
