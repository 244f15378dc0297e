/**
 * Calls queued behind another (Worker.runAfter): the host starts one the moment the call before it
 * ends, without a round trip to the engine, but only when the engine would have sent it anyway.
 * The host and the channel that drives it both apply this rule, so they agree on which queued
 * calls ran without telling each other.
 */
import type { HostReply } from './worker-host.ts';

/** How the call before a queued one ended: its reply and its virtual time budget; undefined when it did not run. */
export interface Previous {
  reply: HostReply;
  limitMs: number;
}

/**
 * A queued call runs only after a call that returned in time, without raising, with at least
 * `after` results: one whose mini-batch had no failed item, so the engine's next step is sure to
 * be this call. After anything else the queued call is skipped and never reaches the script.
 */
export function runsAfter(previous: Previous | undefined, after: number): boolean {
  if (!previous || previous.reply.kind !== 'done') return false;
  const { reply, limitMs } = previous;
  return !reply.error && reply.elapsedMs <= limitMs && (reply.results?.length ?? 0) >= after;
}
