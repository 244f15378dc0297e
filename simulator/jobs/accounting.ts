/** The arithmetic of retries and error_threshold, kept apart so it can be tested on its own. */

/** retry_settings.max_retries counts retries: a mini-batch gets one try plus that many more. */
export function triesAllowed(maxRetries: number): number {
  return maxRetries + 1;
}

/** error_threshold: failures tolerated over the whole input; -1 ignores all failures. */
export function thresholdExceeded(failed: number, threshold: number): boolean {
  return threshold >= 0 && failed > threshold;
}

/** How a mini-batch's items split when run() returned `returned` elements for `total` inputs. */
export function itemCounts(total: number, returned: number): { succeeded: number; failed: number } {
  const succeeded = Math.min(total, Math.max(0, returned));
  return { succeeded, failed: total - succeeded };
}
