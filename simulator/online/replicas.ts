/**
 * The replica formula of the AKS troubleshooting page (HTTP 503): the replicas that keep a
 * service under its target utilization at a steady request rate.
 */
export function replicasFor(options: {
  targetRps: number;
  requestSeconds: number;
  /** A fraction: 0.7 for the default 70%. */
  targetUtilization: number;
  maxRequestsPerContainer: number;
}): number {
  const { targetRps, requestSeconds, targetUtilization, maxRequestsPerContainer } = options;
  if (!(targetUtilization > 0 && targetUtilization <= 1)) throw new RangeError(`targetUtilization is a fraction in (0, 1], got ${targetUtilization}`);
  if (!(maxRequestsPerContainer >= 1)) throw new RangeError(`maxRequestsPerContainer must be >= 1, got ${maxRequestsPerContainer}`);
  const concurrentRequests = (targetRps * requestSeconds) / targetUtilization;
  return Math.ceil(concurrentRequests / maxRequestsPerContainer);
}
