/**
 * Service durations on the virtual clock. The documented ones come from the seed documents; the
 * others are the simulator's choices (said so), kept here so scenarios can reason about them.
 */
export const TIMING = {
  /** Documented defaults of retry_settings (BE-13). */
  miniBatchTimeoutS: 30,
  maxRetries: 3,
  /** Documented default of --resource_monitor_interval (BE-10). */
  resourceMonitorIntervalS: 600,
  /** Simulator's choice: a job waits this long in the queue before its nodes start. */
  jobQueueMs: 5_000,
  /** Simulator's choice: marking an endpoint for deletion takes this long to finish (BE-05). */
  endpointDeletionMs: 5 * 60_000,
} as const;
