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
  /** Online deployments (simulator's choices): building an image, pulling it, mounting the model. */
  imageBuildMs: 120_000,
  imagePullMs: 30_000,
  modelMountMs: 10_000,
  /** Documented: a container that cannot be scheduled fails after 5 minutes (OD-04). */
  schedulingTimeoutMs: 5 * 60_000,
  /** Kubernetes' restart back-off for a crashing container: doubling from 10 s, at most 5 minutes. */
  crashBackOffMs: [10_000, 20_000, 40_000, 80_000, 160_000],
} as const;
