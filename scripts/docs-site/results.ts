/**
 * The last results, per runtime: what each pickle (a scenario, or one Examples row) did on each
 * runtime that ran the features.
 */
import type { RunResults, ScenarioStatus } from '../reports/messages.ts';

export type Status = ScenarioStatus | 'not run';

/** One runtime's run; results is undefined when the run left none (not started, crashed early). */
export interface RuntimeRun {
  runtime: string;
  results?: RunResults;
  /** Why there are no or partial results, shown on the index. */
  note?: string;
}

export interface Outcome {
  status: Status;
  /** "Then the job completes (line 23): expected ...", for what did not pass. */
  failure?: string;
}

/** Outcomes of every pickle on every runtime, in run order. */
export interface ResultIndex {
  runtimes: string[];
  outcomes(uri: string, line: number): Outcome[];
}

export function indexResults(runs: readonly RuntimeRun[]): ResultIndex {
  const maps = runs.map((run) => {
    const byLine = new Map<string, Outcome>();
    for (const s of run.results?.scenarios ?? []) {
      if (!s.executed || !s.status) continue;
      const failure = s.failure ? [s.failure.step, s.failure.message].filter(Boolean).join(': ') : undefined;
      byLine.set(`${s.uri}:${s.line}`, { status: s.status, ...(failure ? { failure } : {}) });
    }
    return byLine;
  });
  return {
    runtimes: runs.map((r) => r.runtime),
    outcomes: (uri, line) => maps.map((m) => m.get(`${uri}:${line}`) ?? { status: 'not run' }),
  };
}

// A row that did not run hides nothing; any row that did not pass makes the scenario not pass.
const SEVERITY: readonly Status[] = ['not run', 'passed', 'skipped', 'pending', 'undefined', 'failed'];

/** The status of several pickles (an outline's rows) taken together: the worst. */
export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((w, s) => (SEVERITY.indexOf(s) > SEVERITY.indexOf(w) ? s : w), 'not run');
}
