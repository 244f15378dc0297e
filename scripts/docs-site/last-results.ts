/**
 * The runs of the last feature run, found on disk the way scripts/run-features.ts left them:
 * reports/coverage.json names each runtime's messages.ndjson (with --runtimes) or the single
 * run's; without it, reports/messages.ndjson, else reports/<runtime>/messages.ndjson.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readResultsFile } from '../reports/messages.ts';
import { DEFAULT_RUNTIME, KNOWN_RUNTIMES } from '../reports/runtimes.ts';
import type { RuntimeRun } from './results.ts';

interface CoverageJson {
  runtimes?: string[];
  runs?: Record<string, { messages?: string; skipped?: string | null; runError?: string | null }>;
  run?: { messages?: string; runError?: string | null };
}

/** A run without --runtimes ran on SIM_RUNTIME, which the reports do not record. */
export function singleRuntimeName(env: NodeJS.ProcessEnv = process.env): string {
  return env.SIM_RUNTIME?.trim() || DEFAULT_RUNTIME;
}

function load(root: string, runtime: string, messages: string, why?: string | null): RuntimeRun {
  const results = readResultsFile(path.resolve(root, messages));
  const note = why ?? (results ? results.runError : `${messages} not found`);
  return { runtime, ...(results ? { results } : {}), ...(note ? { note } : {}) };
}

export function lastRuns(root: string): RuntimeRun[] {
  const coveragePath = path.join(root, 'reports', 'coverage.json');
  if (fs.existsSync(coveragePath)) {
    const coverage = JSON.parse(fs.readFileSync(coveragePath, 'utf8')) as CoverageJson;
    if (coverage.runtimes && coverage.runs) {
      return coverage.runtimes.map((rt) => {
        const run = coverage.runs?.[rt];
        return load(root, rt, run?.messages ?? `reports/${rt}/messages.ndjson`, run?.skipped ?? run?.runError);
      });
    }
    if (coverage.run?.messages) return [load(root, singleRuntimeName(), coverage.run.messages, coverage.run.runError)];
  }
  if (fs.existsSync(path.join(root, 'reports', 'messages.ndjson'))) {
    return [load(root, singleRuntimeName(), 'reports/messages.ndjson')];
  }
  return KNOWN_RUNTIMES.filter((rt) => fs.existsSync(path.join(root, 'reports', rt, 'messages.ndjson'))).map((rt) =>
    load(root, rt, `reports/${rt}/messages.ndjson`),
  );
}
