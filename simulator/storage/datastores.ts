/**
 * Datastores point at a blob container. An account-key datastore reads with the workspace's key;
 * an identity-based one reads as the compute's managed identity, which needs Storage Blob Data
 * Reader on the account; a SAS datastore reads with its token, which must grant read and list on
 * the container (BE-14).
 */
import { SimError } from '../errors.ts';

export interface Datastore {
  name: string;
  accountName: string;
  containerName: string;
  credentials: DatastoreCredentials;
  /** The SAS token (query string) of a 'sas' datastore. */
  sasToken?: string;
}

export type DatastoreCredentials = 'account_key' | 'identity' | 'sas';
export const DATASTORE_CREDENTIALS: readonly DatastoreCredentials[] = ['account_key', 'identity', 'sas'];

/** A location in blob storage. */
export interface BlobLocation {
  accountName: string;
  containerName: string;
  path: string;
  /** The datastore it was reached through, when it was. */
  datastore?: Datastore;
}

const DATASTORE_URI = /^azureml:\/\/datastores\/([^/]+)\/paths\/?(.*)$/;
const BLOB_URL = /^https:\/\/([a-z0-9]{3,24})\.blob\.core\.windows\.net\/([^/]+)\/?(.*)$/;

export function isCloudUri(uri: string): boolean {
  return DATASTORE_URI.test(uri) || BLOB_URL.test(uri);
}

/** Resolves azureml://datastores/<ds>/paths/<path> or https://<account>.blob.core.windows.net/<container>/<path>. */
export function resolveCloudUri(uri: string, datastores: ReadonlyMap<string, Datastore>, workspace: string): BlobLocation {
  const ds = DATASTORE_URI.exec(uri);
  if (ds) {
    const datastore = datastores.get(ds[1]);
    if (!datastore) throw new SimError('ResourceNotFound', { kind: 'datastore', name: ds[1], workspace });
    return { accountName: datastore.accountName, containerName: datastore.containerName, path: decodePath(uri, ds[2]), datastore };
  }
  const url = BLOB_URL.exec(uri);
  if (url) return { accountName: url[1], containerName: url[2], path: decodePath(uri, url[3]) };
  throw new SimError('UnsupportedInputData', { problem: `'${uri}' is neither a datastore URI nor a storage URL` });
}

function decodePath(uri: string, path: string): string {
  try {
    return decodeURI(path);
  } catch {
    throw new SimError('UnsupportedInputData', { problem: `'${uri}' has a % that does not start an escape of UTF-8 (write % as %25)` });
  }
}

export function datastoreUri(datastore: string, path: string): string {
  return `azureml://datastores/${datastore}/paths/${path.replace(/^\/+/, '')}`;
}
