/** Online endpoints, deployments and their replicas: the shapes, no I/O. */
import type { FileTree, Worker } from '../../runtime/runtime.ts';
import type { Environment } from '../assets/environments.ts';
import type { ModelAsset } from '../assets/models.ts';
import type { ComputeCluster } from '../compute/clusters.ts';
import type { SimError } from '../errors.ts';
import type { LogTree } from '../jobs/log-tree.ts';

export interface OnlineEndpointSpec {
  name: string;
  description?: string;
  compute: string;
  auth_mode: 'key' | 'aml_token';
  traffic: Record<string, number>;
  mirror_traffic: Record<string, number>;
}

export interface OnlineDeploymentSpec {
  name: string;
  endpoint_name: string;
  model: string;
  code_configuration: { code: string; scoring_script: string };
  environment: string;
  environment_variables: Record<string, string>;
  instance_type: string;
  resources: { cpu: number; memory_gb: number; gpu: number; fpga: number };
  request_settings: { request_timeout_ms: number; max_concurrent_requests_per_instance: number; max_queue_wait_ms: number };
  scale_settings: {
    autoscale_enabled: boolean;
    autoscale_min_replicas: number;
    autoscale_max_replicas: number;
    autoscale_target_utilization: number;
    autoscale_refresh_seconds: number;
    num_replicas?: number;
  };
  liveness_probe: Probe;
  readiness_probe: Probe;
}

export interface Probe {
  initial_delay: number;
  period: number;
  timeout: number;
  success_threshold: number;
  failure_threshold: number;
}

/** The documented order of a deployment (OD-01), then its end states. */
export const LIFECYCLE = ['ImageBuilding', 'ImagePulling', 'Scheduling', 'ModelMounting', 'Initializing', 'Ready'] as const;
export type DeploymentState = (typeof LIFECYCLE)[number] | 'CrashLoopBackOff' | 'Failed';

export interface Replica {
  name: string;
  worker?: Worker;
  inFlight: number;
  restarts: number;
  node?: string;
}

export interface OnlineDeployment {
  spec: OnlineDeploymentSpec;
  model: ModelAsset;
  environment: Environment;
  code: FileTree;
  /** The AKS compute it is scheduled on; undefined for managed endpoints. */
  compute?: ComputeCluster;
  state: DeploymentState;
  /** Every state it went through, with the virtual time it entered it. */
  history: Array<{ state: DeploymentState; at: number }>;
  error?: { code: string; message: string };
  replicas: Replica[];
  /** The service logs (get-logs): lifecycle, init() output, stack traces. */
  log: LogTree;
  /** Where its code and models are laid out for the replicas (models as azureml-models/<name>/<version>). */
  mounts: { code: string; models: string };
  /** Requests served and mirrored, for routing checks. */
  served: number;
  mirrored: number;
}

export interface OnlineEndpoint {
  spec: OnlineEndpointSpec;
  region: string;
  keys: { primary: string; secondary: string };
  scoringUri: string;
  deployments: Map<string, OnlineDeployment>;
  /** Smooth weighted round robin state, so traffic splits are exact and repeatable. */
  routing: Map<string, number>;
}

export interface ScoreResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  deployment?: string;
  /** The endpoint's own refusal (routing, readiness, timeouts), for the HTTP surface's error body. */
  error?: SimError;
}
