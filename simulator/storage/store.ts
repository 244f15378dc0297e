/**
 * Where blob data lives. Two implementations: in memory (the default) and Azurite, a real Blob
 * Storage endpoint. Accounts and role assignments are not theirs: the simulator keeps those
 * (blobs.ts), since Azurite has no RBAC. A SAS, on the other hand, is checked by the store, as
 * the storage service itself does.
 */
import { formatMessage } from '../../specs/errors.ts';

export type StorageKind = 'memory' | 'azurite';
export const STORAGE_KINDS: readonly StorageKind[] = ['memory', 'azurite'];

/** A container of a simulated storage account. */
export interface ContainerRef {
  account: string;
  container: string;
}

export interface BlobStore {
  readonly kind: StorageKind;
  put(ref: ContainerRef, path: string, data: Buffer): Promise<void>;
  /** The blob, or undefined when it (or its container) does not exist. */
  get(ref: ContainerRef, path: string, sas?: string): Promise<Buffer | undefined>;
  /** Names of the blobs that start with `prefix`, sorted; none when the container does not exist. */
  list(ref: ContainerRef, prefix: string, sas?: string): Promise<string[]>;
  /** A service SAS for the container (its query string), valid for `validForMs` from the store's now. */
  containerSas(ref: ContainerRef, permissions: string, validForMs: number): Promise<string>;
  /** Forgets this store's data. */
  close(): Promise<void>;
}

/**
 * The storage service refused a request (HTTP 403): a SAS without the permission, a bad or
 * expired signature, an identity without a data role. `code` is Blob Storage's error code.
 */
export class BlobAccessDenied extends Error {
  constructor(readonly code: string) {
    super(formatMessage('StorageAccessDenied', { code }));
    this.name = 'BlobAccessDenied';
  }
}
