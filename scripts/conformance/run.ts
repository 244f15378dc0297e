/**
 * npm run conformance -- [target] [--profile P]... [--expected-failures FILE]
 *
 * Checks a scoring runtime against the kit's numbered corpus (conformance/features/<profile>/):
 * starts what the target needs per fixture, runs cucumber for each profile, and writes under
 * reports/conformance/<target>/ each run's cucumber.html, junit.xml and messages.ndjson, then
 * summary.md and summary.json; reports/conformance/summary.md is the matrix of every target.
 * Exits 0 only when the target conforms: every check passed, or failed as declared in the
 * expected-failures file ({"AO-07": "why"}).
 */
import '../../runtime/telemetry-off.ts';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFixtures } from '../../fixtures/make.ts';
import { startTarget, targetName } from '../../conformance/targets.ts';
import { withTsx } from '../reports/cli.ts';
import { parseKitArgs, runName, tagExpression, USAGE } from './args.ts';
import { conforms, loadRules, renderMatrix, renderTargetMarkdown, verdictOfRun, type RunVerdict, type TargetVerdict } from './summary.ts';

function cucumber(env: Record<string, string>, tags: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/@cucumber/cucumber/bin/cucumber.js', '--config', 'conformance/cucumber.mjs', '--tags', tags], {
      env: { ...process.env, ...env, NODE_OPTIONS: withTsx(process.env.NODE_OPTIONS) },
      stdio: 'inherit',
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseKitArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const rules = loadRules();
  const expected = args.expectedFailures ? (JSON.parse(readFileSync(args.expectedFailures, 'utf8')) as Record<string, string>) : {};
  const unknown = Object.keys(expected).filter((r) => !rules[r]);
  if (unknown.length > 0) {
    console.error(`${args.expectedFailures} names rules the kit does not have: ${unknown.join(', ')}`);
    return 2;
  }
  await makeFixtures();
  const name = targetName(args.target);
  const dir = join(args.reportDir, name);
  rmSync(dir, { recursive: true, force: true });
  const runs: RunVerdict[] = [];
  for (const run of args.runs) {
    const reports = join(dir, runName(run));
    mkdirSync(reports, { recursive: true });
    console.log(`\n== ${name}: ${runName(run)} ==`);
    const started = await startTarget(args.target, run.profile);
    try {
      await cucumber({ ...started.batchEnv, CONFORMANCE_TARGETS: JSON.stringify(started.addresses), CONFORMANCE_FEATURES: `conformance/features/${run.profile}`, SIM_REPORTS_DIR: reports }, tagExpression(run));
    } finally {
      await started.stop();
    }
    const messages = join(reports, 'messages.ndjson');
    runs.push(existsSync(messages) ? verdictOfRun(runName(run), readFileSync(messages, 'utf8'), rules, expected) : { run: runName(run), checks: [], problems: ['cucumber produced no results'] });
  }
  const verdict: TargetVerdict = { target: name, runs, conforms: conforms(runs) };
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(verdict, null, 2)}\n`);
  writeFileSync(join(dir, 'summary.md'), renderTargetMarkdown(verdict));
  writeFileSync(join(args.reportDir, 'summary.md'), renderMatrix(args.reportDir, rules));
  const checks = runs.flatMap((r) => r.checks);
  const count = (s: string) => checks.filter((c) => c.status === s).length;
  console.log(`\n${name}: ${count('passed')} passed, ${count('failed')} failed, ${count('expected failure')} expected failures, ${count('not applicable')} not applicable -> ${join(dir, 'summary.md')}`);
  for (const p of runs.flatMap((r) => r.problems)) console.log(`problem: ${p}`);
  console.log(verdict.conforms ? `${name} conforms` : `${name} DOES NOT CONFORM`);
  return verdict.conforms ? 0 : 1;
}

if (process.argv.includes('--help')) console.log(USAGE);
else process.exitCode = await main();
