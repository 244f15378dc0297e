/**
 * What a batch job reads. At invocation: the input must be registered data, data in the cloud or
 * uploaded local data (BE-04). On the compute: V1 datasets and MLTable cannot bind the job's data
 * node (BE-16, BE-24); identity-based storage needs the compute identity's Storage Blob Data Reader
 * role, and a SAS must allow reading (BE-14); a source with no data cannot be mounted (BE-15).
 */
import { createHash } from 'node:crypto';
import { BATCH_INPUT_TYPES, DATA_TYPES, type DataType } from '../assets/data.ts';
import type { ComputeCluster } from '../compute/clusters.ts';
import { SimError } from '../errors.ts';
import type { BlobService } from '../storage/blobs.ts';
import { BlobAccessDenied } from '../storage/store.ts';
import { isCloudUri, resolveCloudUri, type BlobLocation } from '../storage/datastores.ts';
import type { Workspace } from '../workspace/workspace.ts';

export interface JobInput {
  type: DataType;
  /** The cloud location the data is read from. */
  uri: string;
  /** The registered data asset, when the input named one. */
  asset?: { name: string; version: string; id: string };
}

export interface InputFile {
  /** Path relative to the input's root, as the job mounts it. */
  name: string;
  data: Buffer;
}

/** Checks an invocation's input at once (the service answers 400 before any job exists). */
export function acceptInput(ws: Workspace, input: { type?: unknown; path?: unknown } | undefined): JobInput {
  if (!input || typeof input !== 'object') throw new SimError('UnsupportedInputData', { problem: 'no input was given' }, { target: 'input' });
  if (typeof input.path !== 'string' || input.path.trim() === '') {
    throw new SimError('UnsupportedInputData', { problem: 'the input has no path' }, { target: 'input.path' });
  }
  const path = input.path.trim();
  if (input.type !== undefined && !(DATA_TYPES as readonly unknown[]).includes(input.type)) {
    throw new SimError('UnsupportedInputData', { problem: `input type '${String(input.type)}' is not a data type (${DATA_TYPES.join(', ')})` }, { target: 'input.type' });
  }
  if (path.startsWith('azureml:') && !path.startsWith('azureml://')) {
    if (!ws.data.has(path)) throw new SimError('UnsupportedInputData', { problem: `the registered data '${path}' does not exist in workspace '${ws.name}'` }, { target: 'input.path' });
    const asset = ws.data.get(path);
    return { type: asset.type, uri: asset.path, asset: { name: asset.name, version: asset.version, id: asset.id } };
  }
  if (!isCloudUri(path)) {
    throw new SimError('UnsupportedInputData', { problem: `'${path}' is not registered data (azureml:<name>:<version>), a cloud URI or uploaded local data` }, { target: 'input.path' });
  }
  resolveCloudUri(path, ws.datastores, ws.name);
  return { type: (input.type as DataType | undefined) ?? 'uri_folder', uri: path };
}

/** Reads the input as the compute would mount it; throws the documented failure otherwise. */
export async function mountInput(ws: Workspace, blobs: BlobService, compute: ComputeCluster, input: JobInput): Promise<InputFile[]> {
  if (!BATCH_INPUT_TYPES.includes(input.type)) {
    throw new SimError('DatasetParamMissing', { code: dataNodeCode(input) }, { target: 'input' });
  }
  return readData(ws, blobs, compute, input.uri, { single: input.type === 'uri_file', id: input.asset?.id });
}

/**
 * Reads data where it lives, as the compute would: through a SAS datastore with its token, which
 * the storage checks; through an identity-based one (or a bare storage URL) as the compute's
 * identity, which needs Storage Blob Data Reader. Storage refusing either is BE-14; a location
 * with no data cannot be mounted (BE-15). Paths are relative to the folder (or, for a single
 * file, to the file's folder).
 */
export async function readData(
  ws: Workspace,
  blobs: BlobService,
  compute: ComputeCluster,
  uri: string,
  options: { single?: boolean; id?: string } = {},
): Promise<InputFile[]> {
  const location: BlobLocation = resolveCloudUri(uri, ws.datastores, ws.name);
  const credentials = location.datastore?.credentials ?? 'identity';
  let listed: Array<{ path: string; data: Buffer }> = [];
  try {
    if (credentials === 'identity') blobs.requireReader(location.accountName, compute.identity.principalId);
    if (blobs.accounts.has(location.accountName)) {
      listed = await blobs.list(location.accountName, location.containerName, location.path, location.datastore?.sasToken);
    }
  } catch (error) {
    if (!(error instanceof BlobAccessDenied)) throw error;
    throw new SimError('StreamAccessAuthentication', {}, { target: location.accountName, details: [{ code: error.code, message: error.message }] });
  }
  const trimmed = location.path.replace(/^\/+|\/+$/g, '');
  const files = options.single ? listed.filter((f) => f.path === trimmed) : listed;
  if (files.length === 0) throw new SimError('DatasetInitializationFailed', { id: options.id ?? datasetId(uri) });
  const root = options.single || files[0].path === trimmed ? files[0].path.slice(0, files[0].path.lastIndexOf('/') + 1) : trimmed;
  return files.map((f) => ({ name: root === '' ? f.path : f.path.slice(root.length).replace(/^\/+/, ''), data: f.data }));
}

/** Azure names a pipeline's data node by a short hash; ours is derived from the input, so it is stable. */
function dataNodeCode(input: JobInput): string {
  return createHash('sha256').update(`${input.type}:${input.uri}`).digest('hex').slice(0, 8);
}

function datasetId(uri: string): string {
  const h = createHash('sha256').update(uri).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
