/**
 * Per-area scenario summary. The area of a scenario is the folder under features/ that holds
 * its feature file (features/<area>/**.feature); feature files elsewhere are grouped by their
 * directory.
 */
import { SCENARIO_STATUSES, type ScenarioResult, type ScenarioStatus } from './messages.ts';

export type StatusCounts = Record<ScenarioStatus, number> & { total: number };

export interface AreaSummary {
  area: string;
  counts: StatusCounts;
}

export interface RunSummary {
  /** Areas with at least one executed scenario, sorted by name. */
  areas: AreaSummary[];
  totals: StatusCounts;
  /** Scenarios that exist but were filtered out (e.g. by --tags). */
  notRun: number;
}

/** "features/auth/x.feature" -> "auth"; "features/x.feature" -> "(features)"; "a/b/x.feature" -> "a/b". */
export function areaOf(uri: string): string {
  const parts = uri.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter((p) => p !== '');
  const i = parts.indexOf('features');
  if (i >= 0 && parts.length - i >= 3) return parts[i + 1];
  if (parts.length <= 1) return '(root)';
  return i >= 0 && parts.length - i === 2 ? '(features)' : parts.slice(0, -1).join('/');
}

export function emptyCounts(): StatusCounts {
  return { total: 0, passed: 0, failed: 0, undefined: 0, pending: 0, skipped: 0 };
}

/** Adds up status counts (e.g. the totals of several runtimes' runs). */
export function sumCounts(list: readonly StatusCounts[]): StatusCounts {
  const sum = emptyCounts();
  for (const c of list) {
    sum.total += c.total;
    for (const st of SCENARIO_STATUSES) sum[st] += c[st];
  }
  return sum;
}

export function summarize(scenarios: readonly ScenarioResult[]): RunSummary {
  const byArea = new Map<string, StatusCounts>();
  const totals = emptyCounts();
  let notRun = 0;
  for (const s of scenarios) {
    if (!s.executed || !s.status) {
      notRun++;
      continue;
    }
    const area = areaOf(s.uri);
    let counts = byArea.get(area);
    if (!counts) byArea.set(area, (counts = emptyCounts()));
    counts[s.status]++;
    counts.total++;
    totals[s.status]++;
    totals.total++;
  }
  const areas = [...byArea.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([area, counts]) => ({ area, counts }));
  return { areas, totals, notRun };
}

/**
 * The CI line: "N passed, N failed" plus ", N skipped" only when some were skipped.
 * "failed" counts every executed scenario that is neither passed nor skipped
 * (failed, undefined, pending).
 */
export function resultLine(totals: StatusCounts): string {
  const failed = totals.failed + totals.undefined + totals.pending;
  let line = `${totals.passed} passed, ${failed} failed`;
  if (totals.skipped > 0) line += `, ${totals.skipped} skipped`;
  return line;
}

/** Plain-text table (no colours), one row per area plus a total row. Does not include resultLine. */
export function renderSummaryTable(summary: RunSummary): string[] {
  if (summary.totals.total === 0) {
    return [`no scenarios were run${summary.notRun > 0 ? ` (${summary.notRun} filtered out)` : ''}`];
  }
  const header = ['area', 'scenarios', ...SCENARIO_STATUSES];
  const rows: string[][] = summary.areas.map(({ area, counts }) => [
    area,
    String(counts.total),
    ...SCENARIO_STATUSES.map((st) => String(counts[st])),
  ]);
  rows.push(['total', String(summary.totals.total), ...SCENARIO_STATUSES.map((st) => String(summary.totals[st]))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const lines = [fmt(header), fmt(widths.map((w) => '-'.repeat(w)))];
  rows.forEach((r, i) => {
    if (i === rows.length - 1) lines.push(fmt(widths.map((w) => '-'.repeat(w))));
    lines.push(fmt(r));
  });
  if (summary.notRun > 0) lines.push(`(${summary.notRun} scenario(s) not run: filtered out)`);
  return lines;
}
