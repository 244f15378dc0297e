/**
 * An online deployment coming up, in the documented order (OD-01): the image is built (or reused
 * from the registry), pulled to the compute, the replica is scheduled (AKS: or fails after five
 * minutes, OD-04), the model store is mounted, init() runs when the server starts. init() raising
 * makes the container crash-loop with Kubernetes' back-off (OD-05); every attempt's output is in
 * the service logs (OD-03).
 */
import type { WorkerSpec } from '../../runtime/runtime.ts';
import type { VirtualClock } from '../clock.ts';
import { vmSize } from '../compute/vm-sizes.ts';
import { SimError } from '../errors.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { TIMING } from '../timing.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { DeploymentState, OnlineDeployment, Replica } from './model.ts';
import { place, type Placement } from './scheduling.ts';

const SERVICE_LOG = 'service.log';

export interface OnlineServices {
  ws: Workspace;
  clock: VirtualClock;
  runtime: Runtime;
}

function enter(clock: VirtualClock, deployment: OnlineDeployment, state: DeploymentState, note: string): void {
  deployment.state = state;
  deployment.history.push({ state, at: clock.now() });
  deployment.log.line(SERVICE_LOG, `${state}: ${note}`);
}

function fail(clock: VirtualClock, deployment: OnlineDeployment, error: SimError): void {
  deployment.error = { code: error.code, message: error.message };
  enter(clock, deployment, 'Failed', error.message);
}

/** Brings the deployment up; resolves when it is Ready or Failed. */
export async function provision(services: OnlineServices, deployment: OnlineDeployment): Promise<void> {
  const { clock, ws } = services;
  const env = deployment.environment;
  const image = `${env.name}:${env.version}`;
  if (ws.imageCache.has(image)) {
    enter(clock, deployment, 'ImageBuilding', `image for environment ${image} reused from the workspace's container registry.`);
  } else {
    enter(clock, deployment, 'ImageBuilding', `building the image for environment ${image} (packages: ${env.packages.join(', ')}).`);
    await clock.sleep(TIMING.imageBuildMs);
    const unpinned = env.packages.find((p) => p.trim().toLowerCase() === 'pynacl');
    if (unpinned) {
      return fail(clock, deployment, new SimError('ImageBuildFailed', { detail: 'pip could not build pynacl for this image. Add "pynacl==1.2.1" as a pip dependency of the environment.' }));
    }
    ws.imageCache.add(image);
  }
  enter(clock, deployment, 'ImagePulling', `pulling ${image} to the compute.`);
  await clock.sleep(TIMING.imagePullMs);

  const replicas = deployment.spec.scale_settings.autoscale_enabled
    ? deployment.spec.scale_settings.autoscale_min_replicas
    : (deployment.spec.scale_settings.num_replicas ?? 1);
  enter(clock, deployment, 'Scheduling', `scheduling ${replicas} replica(s).`);
  const placed = scheduleReplicas(services, deployment, replicas);
  if ('reason' in placed) {
    await clock.sleep(TIMING.schedulingTimeoutMs);
    return fail(clock, deployment, new SimError('ContainerCannotBeScheduled', { detail: placed.reason }));
  }

  enter(clock, deployment, 'ModelMounting', `mounting model ${deployment.model.name}:${deployment.model.version} at /var/azureml-app/azureml-models/${deployment.model.name}/${deployment.model.version}.`);
  await clock.sleep(TIMING.modelMountMs);
  enter(clock, deployment, 'Initializing', 'starting the server: init() of the scoring script.');
  for (const [i, node] of placed.nodes.entries()) {
    const replica: Replica = { name: `${deployment.spec.name}-${i}`, inFlight: 0, restarts: 0, node };
    if (!(await startReplica(services, deployment, replica))) return;
    deployment.replicas.push(replica);
  }
  await clock.sleep(deployment.spec.readiness_probe.initial_delay * 1000);
  enter(clock, deployment, 'Ready', `${deployment.replicas.length} replica(s) ready.`);
}

function scheduleReplicas(services: OnlineServices, deployment: OnlineDeployment, count: number): { nodes: string[] } | { reason: string } {
  const compute = deployment.compute;
  if (!compute) return { nodes: Array.from({ length: count }, (_, i) => `managed-${i}`) };
  const placements = services.ws.aksPlacements.get(compute.name) ?? [];
  const request = { cpu: deployment.spec.resources.cpu, memoryGb: deployment.spec.resources.memory_gb, gpu: deployment.spec.resources.gpu };
  const mine: Placement[] = [];
  for (let i = 0; i < count; i++) {
    const where = place(compute, [...placements, ...mine], request);
    if ('reason' in where) return where;
    mine.push({ node: where.node, request });
  }
  services.ws.aksPlacements.set(compute.name, [...placements, ...mine]);
  return { nodes: mine.map((m) => m.node) };
}

/** Starts a replica's server; init() failing restarts it with back-off until the deployment fails. */
export async function startReplica(services: OnlineServices, deployment: OnlineDeployment, replica: Replica): Promise<boolean> {
  const { clock, runtime } = services;
  const spec = deployment.spec;
  for (;;) {
    const worker = await clock.track(runtime.startWorker(workerSpec(deployment), {
      ip: '10.244.0.10',
      vmSize: spec.instance_type,
      memoryMb: (vmSize(spec.instance_type)?.memoryGiB ?? 14) * 1024,
      image: deployment.environment.image,
    }));
    const outcome = await clock.track(worker.init());
    await clock.sleep(outcome.elapsedMs);
    deployment.log.append(SERVICE_LOG, outcome.stdout);
    deployment.log.append(SERVICE_LOG, outcome.stderr);
    if (outcome.status === 'ok') {
      replica.worker = worker;
      deployment.log.line(SERVICE_LOG, `${replica.name}: init() succeeded; the server is listening.`);
      return true;
    }
    await clock.track(worker.stop());
    deployment.log.line(SERVICE_LOG, `${replica.name}: init() raised:\n${outcome.error.stack}`);
    if (replica.restarts >= TIMING.crashBackOffMs.length) {
      fail(clock, deployment, new SimError('CrashLoopBackOff', { restarts: replica.restarts, error: `${outcome.error.type}: ${outcome.error.message}` }));
      return false;
    }
    const backOff = TIMING.crashBackOffMs[replica.restarts++];
    enter(clock, deployment, 'CrashLoopBackOff', `${replica.name} crashed in init(); restart ${replica.restarts} in ${backOff / 1000} s.`);
    await clock.sleep(backOff);
  }
}

function workerSpec(deployment: OnlineDeployment): WorkerSpec {
  const spec = deployment.spec;
  return {
    nodeIp: '10.244.0.10',
    processName: 'process000',
    codeDir: deployment.mounts.code,
    scoringScript: spec.code_configuration.scoring_script,
    modelDir: deployment.mounts.models,
    packages: deployment.environment.packages,
    args: [],
    loggingLevel: (spec.environment_variables.AZUREML_LOG_LEVEL as WorkerSpec['loggingLevel']) ?? 'INFO',
    env: { ...spec.environment_variables, AZUREML_MODEL_NAME: deployment.model.name, AZUREML_MODEL_VERSION: deployment.model.version },
  };
}
