/**
 * What scripts/run-features.ts calls once its runs are over, passed or not (failures are the
 * first thing to browse): renders reports/site/ from the results it holds and prints the path.
 * A failure to render is reported and leaves the run's verdict alone.
 */
import path from 'node:path';
import type { RunResults } from '../reports/messages.ts';
import { singleRuntimeName } from './last-results.ts';
import { renderSite } from './render.ts';

export interface FinishedRun {
  plan: {
    /** The run's column in the reports, where the runner names one (a pass that is not a runtime). */
    name?: string;
    /** undefined for a run without --runtimes. */
    runtime?: string;
  };
  results: RunResults;
  /** Why the run did not happen or is incomplete. */
  notes: string[];
}

export function renderAfterRun(root: string, runs: readonly FinishedRun[]): void {
  try {
    const site = renderSite({
      root,
      runs: runs.map((r) => ({
        runtime: r.plan.name ?? r.plan.runtime ?? singleRuntimeName(),
        results: r.results,
        ...(r.notes.length > 0 ? { note: r.notes.join('; ') } : {}),
      })),
    });
    console.log(`\nLiving documentation: ${path.relative(root, site.index)} (${site.pages} pages, ${Math.round(site.ms)} ms)`);
  } catch (err) {
    console.error(`\nLiving documentation: not rendered: ${(err as Error).stack ?? err}`);
  }
}
