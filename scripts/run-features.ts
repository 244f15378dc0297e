/**
 * Runs the Gherkin features and builds the reports.
 *
 *   tsx scripts/run-features.ts [--profile ci] [--tags EXPR] [--require-coverage BE,PRS]
 *                               [--behaviors PATH] [other cucumber-js args / feature paths]
 *
 * 1. spawns cucumber-js (config: cucumber.mjs) with `--import tsx` added to NODE_OPTIONS, its
 *    output streamed live;
 * 2. whatever cucumber's outcome, reads reports/messages.ndjson and
 *    - prints a per-area scenario summary; the last stdout line is "N passed, N failed"
 *      (", N skipped" appended only when some were skipped);
 *    - writes reports/coverage.md and reports/coverage.json (behavior catalog vs tagged scenarios);
 * 3. exits non-zero if cucumber failed, any executed scenario did not pass, or a behavior
 *    required by --require-coverage is not covered / not passed.
 *
 * Options handled here (everything else goes to cucumber-js unchanged):
 *   --require-coverage P[,P]  fail unless every catalog behavior whose ID starts with P- passed
 *                             (repeatable)
 *   --behaviors PATH          behavior catalog (default specs/behaviors.json)
 *   --help-runner             this help (--help is cucumber-js's own help)
 * Feature paths given as arguments replace the default features/**\/*.feature glob.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseRunnerArgs, withTsx, type RunnerArgs } from './reports/cli.ts';
import { readResultsFile, type RunResults } from './reports/messages.ts';
import { renderSummaryTable, resultLine, summarize } from './reports/summary.ts';
import {
  buildCoverage,
  loadCatalog,
  matchesPrefix,
  renderCoverageMarkdown,
  requiredCoverageFailures,
  scenarioLabel,
  statusLabel,
  type Catalog,
  type CoverageRow,
} from './reports/coverage.ts';

const ROOT = process.cwd();
const REPORTS_DIR = 'reports';
const MESSAGES = path.join(REPORTS_DIR, 'messages.ndjson'); // must match cucumber.mjs
const COVERAGE_MD = path.join(REPORTS_DIR, 'coverage.md');
const COVERAGE_JSON = path.join(REPORTS_DIR, 'coverage.json');

function cucumberBin(): string {
  // node_modules/.bin/cucumber-js is a symlink to this file; running it with process.execPath
  // keeps the same Node binary (and works where .bin holds shell shims).
  const bin = path.join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
  if (fs.existsSync(bin)) return bin;
  return path.join(ROOT, 'node_modules', '.bin', 'cucumber-js');
}

function runCucumber(args: string[], featurePaths: string[]): Promise<{ code: number; signal?: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: withTsx(process.env.NODE_OPTIONS) };
  if (featurePaths.length > 0) env.CUCUMBER_CLI_PATHS = '1';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cucumberBin(), ...args], { cwd: ROOT, env, stdio: 'inherit' });
    // Pass signals on (Ctrl-C also reaches the child directly through the process group) and
    // stay alive to write the reports of whatever ran.
    const forward = (sig: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`run-features: cannot start cucumber-js: ${err.message}`);
      resolve({ code: 127 });
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? 1, signal: signal ?? undefined });
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

  // A stale messages file would make a crashed run look like the previous one.
  fs.rmSync(path.join(ROOT, MESSAGES), { force: true });
  fs.mkdirSync(path.join(ROOT, REPORTS_DIR), { recursive: true });

  const started = Date.now();
  const { code: cucumberCode, signal } = await runCucumber(args.cucumberArgs, args.featurePaths);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const problems: string[] = [];
  const notes: string[] = [];
  if (cucumberCode !== 0) {
    const why = `cucumber-js exited with ${signal ? `signal ${signal}` : `code ${cucumberCode}`}`;
    problems.push(why);
    notes.push(why);
  }

  let results: RunResults | undefined;
  try {
    results = readResultsFile(path.join(ROOT, MESSAGES));
  } catch (err) {
    problems.push(`cannot read ${MESSAGES}: ${(err as Error).message}`);
  }
  if (!results) {
    const why =
      `no ${MESSAGES} was written: cucumber-js failed before running (see its output above) ` +
      `or the selected profile has no message formatter; results are empty`;
    if (!problems.some((p) => p.startsWith('cannot read'))) problems.push(why);
    notes.push(why);
    results = { scenarios: [], warnings: [] };
  } else if (results.success === undefined) {
    const why = 'the test run did not finish (no testRunFinished message); results are partial';
    problems.push(why);
    notes.push(why);
  }
  if (results.runError) notes.push(`run error: ${results.runError}`);

  // ---- coverage ----
  const catalogPath = rel(args.catalogPath);
  let catalog: Catalog = { behaviors: [] };
  let catalogError: string | undefined;
  try {
    catalog = loadCatalog(path.resolve(ROOT, args.catalogPath));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    catalogError = e.code === 'ENOENT' ? `${catalogPath} not found` : e.message;
    // A missing catalog is tolerated (it may not exist yet); a broken one fails the run.
    if (e.code !== 'ENOENT') problems.push(catalogError);
  }
  const coverage = buildCoverage(catalog, results.scenarios);
  if (catalogError) {
    // Without a catalog every behavior tag would be "unknown": don't report that.
    coverage.errors = coverage.errors.filter((e) => e.kind !== 'unknown-behavior-tag');
  }
  const requiredFailures = requiredCoverageFailures(coverage, args.requirePrefixes);
  const unmatchedPrefixes = catalogError
    ? []
    : args.requirePrefixes.filter((p) => !coverage.rows.some((r) => matchesPrefix(r.id, [p])));
  if (args.requirePrefixes.length > 0) {
    const req = `--require-coverage ${args.requirePrefixes.join(',')}`;
    if (catalogError) problems.push(`${req}: no catalog to check against`);
    for (const p of unmatchedPrefixes) problems.push(`${req}: no behavior in the catalog has the prefix ${p}`);
    if (requiredFailures.length > 0) problems.push(`${req}: ${requiredFailures.length} behavior(s) not passed`);
  }
  const summary = summarize(results.scenarios);
  const notPassed = summary.totals.total - summary.totals.passed;
  if (notPassed > 0) problems.push(`${notPassed} scenario(s) did not pass`);
  const generatedAt = new Date().toISOString();

  fs.writeFileSync(
    path.join(ROOT, COVERAGE_MD),
    renderCoverageMarkdown(coverage, {
      catalogPath,
      catalogError,
      generatedAt,
      notes: [...notes, ...unmatchedPrefixes.map((p) => `--require-coverage: no behavior has the prefix ${p}`)],
      requiredPrefixes: args.requirePrefixes,
      requiredFailures,
    }),
  );
  fs.writeFileSync(
    path.join(ROOT, COVERAGE_JSON),
    JSON.stringify(
      {
        generatedAt,
        catalog: catalogPath,
        catalogError: catalogError ?? null,
        run: {
          cucumberExitCode: cucumberCode,
          signal: signal ?? null,
          success: results.success ?? null,
          runError: results.runError ?? null,
          messages: MESSAGES,
        },
        totals: coverage.totals,
        behaviors: coverage.rows,
        errors: coverage.errors,
        requiredCoverage: {
          prefixes: args.requirePrefixes,
          unmatchedPrefixes,
          failing: requiredFailures.map((r) => ({ id: r.id, result: r.result })),
        },
      },
      null,
      2,
    ) + '\n',
  );

  // ---- stdout ----
  const out: string[] = [''];
  out.push(`Scenarios by area (features/<area>/), ${seconds}s:`);
  out.push(...renderSummaryTable(summary).map((l) => `  ${l}`));
  out.push('');

  const t = coverage.totals;
  if (catalogError) {
    out.push(`Behavior coverage: catalog not loaded (${catalogError}) -> ${COVERAGE_MD}`);
  } else {
    out.push(
      `Behavior coverage (${catalogPath}): ${t.behaviors} behaviors, ${t.passed} passed, ${t.failed} failed, ` +
        `${t.notCovered} not covered${t.notRun ? `, ${t.notRun} not run` : ''} -> ${COVERAGE_MD}`,
    );
  }
  for (const e of coverage.errors) out.push(`error: ${e.message}`);
  for (const w of results.warnings) out.push(`warning: ${MESSAGES}: ${w}`);
  if (args.requirePrefixes.length > 0 && !catalogError) {
    if (requiredFailures.length > 0) {
      out.push(`Required coverage (${args.requirePrefixes.join(', ')}) not met:`);
      out.push(...requiredFailures.map(describeRow));
    } else if (unmatchedPrefixes.length === 0) {
      out.push(`Required coverage (${args.requirePrefixes.join(', ')}): met.`);
    }
  }

  if (problems.length > 0) out.push('', `FAILED: ${problems.join('; ')}`);
  out.push('', resultLine(summary.totals));
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
