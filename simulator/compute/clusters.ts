/**
 * Compute targets. Batch deployments run on AmlCompute clusters and on Kubernetes computes (with
 * instance_count only); Azure Arc Kubernetes clusters are not supported (BE-23). Each compute has
 * a managed identity, which storage role assignments are given to (BE-14).
 */
export const COMPUTE_TYPES = ['amlcompute', 'kubernetes', 'arc_kubernetes'] as const;
export type ComputeType = (typeof COMPUTE_TYPES)[number];

export interface ComputeCluster {
  name: string;
  type: ComputeType;
  size: string;
  minInstances: number;
  maxInstances: number;
  identity: { principalId: string };
  /** The nodes' operating system: the resource monitor runs ps on Linux, tasklist on Windows. */
  os: 'linux' | 'windows';
  /** Why the compute target is in an ambiguous state, when it is (PL-03): recreating it clears that. */
  ambiguousState?: string;
}
