/** What every step executor needs from the service, and the pieces they share. */
import type { Runtime } from '../../runtime/runtime.ts';
import type { VirtualClock } from '../clock.ts';
import type { ComputeCluster } from '../compute/clusters.ts';
import { vmSize } from '../compute/vm-sizes.ts';
import { SimError } from '../errors.ts';
import type { BlobService } from '../storage/blobs.ts';
import type { Workspace } from '../workspace/workspace.ts';

export interface StepServices {
  ws: Workspace;
  clock: VirtualClock;
  blobs: BlobService;
  runtime: Runtime;
  servicePrincipal: boolean;
}

/** The compute a step runs on; an ambiguous one fails as documented (PL-03). */
export function stepCompute(services: StepServices, name: string): ComputeCluster {
  const compute = services.ws.computes.get(name.replace(/^azureml:/, ''));
  if (!compute) throw new SimError('ResourceNotFound', { kind: 'compute', name, workspace: services.ws.name });
  if (compute.ambiguousState) throw new SimError('AmbiguousComputeTarget', { compute: compute.name, detail: compute.ambiguousState });
  return compute;
}

export function nodeOf(compute: ComputeCluster, image: string) {
  return { vmSize: compute.size, memoryMb: vmSize(compute.size)!.memoryGiB * 1024, image, os: compute.os };
}

