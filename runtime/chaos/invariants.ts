/**
 * What must hold of a batch job whatever faults it met: every input is in the output exactly once
 * or counted as failed exactly once (counted with the inputs never tried, when the job stopped
 * early); no row is written twice; the final state agrees with error_threshold; the log tree says
 * the same counts as the result. Returns what does not hold, empty when everything does.
 */
import type { BatchJob } from '../../simulator/jobs/batch-job.ts';
import type { ChaosEvent } from './runtime.ts';

export interface JobFacts {
  job: BatchJob;
  inputs: readonly string[];
  /** The output file's lines (append_row), or undefined when there is none. */
  output?: string[];
  /** The input a line is about. */
  keyOf: (line: string) => string;
  errorThreshold: number;
  maxRetries: number;
  events: readonly ChaosEvent[];
}

export function brokenInvariants(f: JobFacts): string[] {
  const problems: string[] = [];
  const r = f.job.result;
  if (!r) return [`the job ended ${f.job.status} without running (${f.job.error?.code}: ${f.job.error?.message})`];
  const n = f.inputs.length;
  if (r.succeeded + r.failed + r.notProcessed !== n) problems.push(`succeeded ${r.succeeded} + failed ${r.failed} + not processed ${r.notProcessed} != ${n} inputs`);

  if (f.job.status === 'Completed') {
    if (!f.output) problems.push('a completed append_row job has no output file');
    const keys = (f.output ?? []).map(f.keyOf);
    const unique = new Set(keys);
    if (unique.size !== keys.length) problems.push(`${keys.length - unique.size} output row(s) written twice`);
    const unknown = keys.filter((k) => !f.inputs.includes(k));
    if (unknown.length > 0) problems.push(`output rows for no input: ${unknown.slice(0, 3).join(', ')}`);
    if (unique.size !== r.succeeded) problems.push(`${unique.size} inputs in the output, but ${r.succeeded} counted as succeeded`);
    if (r.notProcessed !== 0) problems.push(`${r.notProcessed} inputs never tried in a completed job`);
    const corrupt = f.events.flatMap((e) => (e.kind === 'corrupt' ? [e.file] : []));
    const scoredCorrupt = corrupt.filter((c) => unique.has(c));
    if (scoredCorrupt.length > 0) problems.push(`corrupt files in the output: ${scoredCorrupt.join(', ')}`);
  } else if (f.output !== undefined) {
    problems.push('a failed job wrote its output file');
  }

  // The final state and error_threshold.
  const exceeded = f.errorThreshold >= 0 && r.failed > f.errorThreshold;
  const code = f.job.error?.code;
  if (f.job.status === 'Completed' && exceeded) problems.push(`completed with ${r.failed} failures over error_threshold ${f.errorThreshold}`);
  if (f.job.status === 'Completed' && r.succeeded === 0) problems.push('completed with no succeeded input');
  if (code === 'ErrorThresholdExceeded' && !exceeded) problems.push(`failed on the threshold with ${r.failed} failures, error_threshold ${f.errorThreshold}`);
  if (code === 'RunTimedOut' && !timedOutOnEveryTry(f)) problems.push('failed on timeouts, but no mini-batch timed out on every try');
  if (f.job.status === 'Failed' && !exceeded && r.succeeded > 0 && code !== 'RunTimedOut') problems.push(`failed (${code}) within the threshold, with ${r.succeeded} succeeded`);
  if (f.job.status === 'Completed' && timedOutOnEveryTry(f)) problems.push('completed although a mini-batch timed out on every try');

  // The log tree tells the same story.
  const nodeLines = f.job.log.entries().filter(([path]) => path.startsWith('logs/sys/node/')).flatMap(([, text]) => text.split('\n'));
  const logged = nodeLines.map((l) => /items total=\d+ succeeded=(\d+) failed=(\d+)/.exec(l)).filter((m): m is RegExpExecArray => !!m);
  const loggedSucceeded = logged.reduce((a, m) => a + Number(m[1]), 0);
  const loggedFailed = logged.reduce((a, m) => a + Number(m[2]), 0);
  if (loggedSucceeded !== r.succeeded || loggedFailed !== r.failed) problems.push(`the node logs count ${loggedSucceeded} succeeded and ${loggedFailed} failed, the result ${r.succeeded} and ${r.failed}`);
  const overview = f.job.log.read('logs/job_progress_overview.txt') ?? '';
  if (f.job.status === 'Completed' && !overview.includes(`The job completed: ${r.succeeded} of ${n} files succeeded, ${r.failed} failed.`)) problems.push('the progress overview does not give the counts of the result');
  return problems;
}

/** A mini-batch (the same items) that was slow on each of its 1 + max_retries tries. */
function timedOutOnEveryTry(f: JobFacts): boolean {
  const slow = new Map<string, number>();
  for (const e of f.events) if (e.kind === 'slow') slow.set(e.miniBatch.join('|'), (slow.get(e.miniBatch.join('|')) ?? 0) + 1);
  return [...slow.values()].some((count) => count >= f.maxRetries + 1);
}
