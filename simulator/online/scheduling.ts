/**
 * Placing replicas on an AKS cluster: each node has its VM size's CPU cores, memory and GPUs;
 * a replica fits on a node with enough of each left. When none fits, Kubernetes says which
 * resource is short on how many nodes ("0/3 nodes are available: 3 Insufficient nvidia.com/gpu").
 */
import type { ComputeCluster } from '../compute/clusters.ts';
import { vmSize } from '../compute/vm-sizes.ts';

export interface Request {
  cpu: number;
  memoryGb: number;
  gpu: number;
}

export interface Placement {
  node: string;
  request: Request;
}

/** The node a replica fits on, or the Kubernetes explanation of why none does. */
export function place(compute: ComputeCluster, placed: readonly Placement[], request: Request): { node: string } | { reason: string } {
  const size = vmSize(compute.size)!;
  const capacity = { cpu: size.cores, memoryGb: size.memoryGiB, gpu: size.gpus ?? 0 };
  const short = new Map<string, number>();
  const nodes = Array.from({ length: compute.maxInstances }, (_, i) => `aks-nodepool-${i}`);
  for (const node of nodes) {
    const used = placed.filter((p) => p.node === node).reduce((u, p) => ({ cpu: u.cpu + p.request.cpu, memoryGb: u.memoryGb + p.request.memoryGb, gpu: u.gpu + p.request.gpu }), { cpu: 0, memoryGb: 0, gpu: 0 });
    const missing = [
      used.cpu + request.cpu > capacity.cpu && 'cpu',
      used.memoryGb + request.memoryGb > capacity.memoryGb && 'memory',
      used.gpu + request.gpu > capacity.gpu && 'nvidia.com/gpu',
    ].filter((m): m is string => Boolean(m));
    if (missing.length === 0) return { node };
    for (const m of missing) short.set(m, (short.get(m) ?? 0) + 1);
  }
  const detail = [...short].map(([resource, count]) => `${count} Insufficient ${resource}`).join(', ');
  return { reason: `0/${nodes.length} nodes are available: ${detail}.` };
}
