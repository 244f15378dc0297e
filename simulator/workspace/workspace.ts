/**
 * A workspace: its region, its configuration (registry quarantine, customer-managed keys, which
 * batch endpoints do not support, BE-22) and the resources it holds.
 */
import { AssetRegistry } from '../assets/registry.ts';
import type { CodeAsset } from '../assets/codes.ts';
import type { DataAsset } from '../assets/data.ts';
import type { Environment } from '../assets/environments.ts';
import type { ModelAsset } from '../assets/models.ts';
import type { ComputeCluster } from '../compute/clusters.ts';
import type { BatchEndpoint } from '../endpoints/batch-endpoints.ts';
import type { BatchJob } from '../jobs/batch-job.ts';
import type { Datastore } from '../storage/datastores.ts';
import type { PipelineRun, ReusableResult } from '../pipelines/model.ts';
import type { OnlineEndpoint } from '../online/model.ts';
import type { Placement } from '../online/scheduling.ts';
import type { FileTree } from '../../runtime/runtime.ts';

export interface WorkspaceSpec {
  name: string;
  region: string;
  subscriptionId?: string;
  resourceGroup?: string;
  /** The workspace's own storage account, behind the workspaceblobstore datastore. */
  storageAccount?: string;
  /** Azure Container Registry with quarantine enabled (unsupported by batch endpoints). */
  registryQuarantine?: boolean;
  /** Customer-managed keys (unsupported by batch endpoints). */
  customerManagedKey?: boolean;
}

export const DEFAULT_DATASTORE = 'workspaceblobstore';
export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_RESOURCE_GROUP = 'rg-azureml-sim';

export class Workspace {
  readonly name: string;
  readonly region: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly storageAccount: string;
  readonly registryQuarantine: boolean;
  readonly customerManagedKey: boolean;
  readonly computes = new Map<string, ComputeCluster>();
  readonly datastores = new Map<string, Datastore>();
  readonly data: AssetRegistry<DataAsset>;
  readonly models: AssetRegistry<ModelAsset>;
  readonly environments: AssetRegistry<Environment>;
  readonly codes: AssetRegistry<CodeAsset>;
  readonly batchEndpoints = new Map<string, BatchEndpoint>();
  readonly onlineEndpoints = new Map<string, OnlineEndpoint>();
  /** Images already built in the workspace's registry, by environment name:version. */
  readonly imageCache = new Set<string>();
  /** Replicas placed on each AKS compute. */
  readonly aksPlacements = new Map<string, Placement[]>();
  readonly jobs = new Map<string, BatchJob>();
  readonly pipelineRuns = new Map<string, { run: PipelineRun; code: ReadonlyMap<string, FileTree> }>();
  /** Results of step runs by fingerprint, for step reuse. */
  readonly stepCache = new Map<string, ReusableResult>();

  constructor(spec: WorkspaceSpec & { storageAccount: string }) {
    this.name = spec.name;
    this.region = spec.region;
    this.subscriptionId = spec.subscriptionId ?? DEFAULT_SUBSCRIPTION;
    this.resourceGroup = spec.resourceGroup ?? DEFAULT_RESOURCE_GROUP;
    this.storageAccount = spec.storageAccount;
    this.registryQuarantine = spec.registryQuarantine ?? false;
    this.customerManagedKey = spec.customerManagedKey ?? false;
    this.data = new AssetRegistry('data asset', spec.name);
    this.models = new AssetRegistry('model', spec.name);
    this.environments = new AssetRegistry('environment', spec.name);
    this.codes = new AssetRegistry('code', spec.name);
    this.datastores.set(DEFAULT_DATASTORE, {
      name: DEFAULT_DATASTORE,
      accountName: spec.storageAccount,
      containerName: 'azureml-blobstore',
      credentials: 'account_key',
    });
  }

  get id(): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${this.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${this.name}`;
  }

  /** What batch endpoints cannot run in, if anything (BE-22). */
  unsupportedConfiguration(): string | undefined {
    if (this.registryQuarantine) return 'its Azure Container Registry has quarantine enabled';
    if (this.customerManagedKey) return 'it is encrypted with customer-managed keys (CMK)';
    return undefined;
  }
}
