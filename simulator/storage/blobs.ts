/**
 * Azure Blob Storage as the simulator sees it: accounts and the role assignments that say which
 * principals may read an account's data are the simulator's own model; the blobs themselves live
 * in a BlobStore (in memory, or in Azurite). Every store call is tracked on the virtual clock, so
 * service time never moves while a request to Azurite is under way.
 */
import type { VirtualClock } from '../clock.ts';
import { SimError } from '../errors.ts';
import { BlobAccessDenied, type BlobStore } from './store.ts';

export const BLOB_READER_ROLES = ['Storage Blob Data Reader', 'Storage Blob Data Contributor', 'Storage Blob Data Owner'];

/** Blob downloads in flight per read: enough to overlap round trips to Azurite. */
const PARALLEL_GETS = 8;

export interface StorageAccount {
  name: string;
  /** principalId -> roles granted on this account. */
  roles: Map<string, Set<string>>;
  /** The containers written to (so a snapshot can list them: Azurite's names are hashed). */
  containers: Set<string>;
}

export class BlobService {
  readonly accounts = new Map<string, StorageAccount>();

  constructor(
    readonly store: BlobStore,
    private readonly clock: VirtualClock,
  ) {}

  createAccount(name: string): StorageAccount {
    if (!/^[a-z0-9]{3,24}$/.test(name)) {
      throw new SimError('BadRequest', { problem: `Storage account name '${name}' must be 3 to 24 lowercase letters and digits.` });
    }
    const existing = this.accounts.get(name);
    if (existing) return existing;
    const account: StorageAccount = { name, roles: new Map(), containers: new Set() };
    this.accounts.set(name, account);
    return account;
  }

  account(name: string): StorageAccount {
    const account = this.accounts.get(name);
    if (!account) throw new SimError('ResourceNotFound', { kind: 'storage account', name, workspace: '-' });
    return account;
  }

  async put(accountName: string, container: string, path: string, data: Buffer | string): Promise<void> {
    // The path is checked before the container is noted: a refused blob leaves nothing behind.
    const blob = normalize(path);
    this.account(accountName).containers.add(container);
    await this.clock.track(this.store.put({ account: accountName, container }, blob, Buffer.isBuffer(data) ? data : Buffer.from(data)));
  }

  /** A blob read with the account key, or with `sas` when given; undefined when it is not there. */
  async get(accountName: string, container: string, path: string, sas?: string): Promise<Buffer | undefined> {
    this.account(accountName);
    return this.clock.track(this.store.get({ account: accountName, container }, normalize(path), sas));
  }

  async exists(accountName: string, container: string, path: string): Promise<boolean> {
    return (await this.get(accountName, container, path)) !== undefined;
  }

  /** Blobs under a folder prefix (or the one blob at that path), sorted by path. */
  async list(accountName: string, container: string, prefix: string, sas?: string): Promise<Array<{ path: string; data: Buffer }>> {
    this.account(accountName);
    const ref = { account: accountName, container };
    const p = normalize(prefix);
    const names = await this.clock.track(this.store.list(ref, p, sas));
    const folder = p === '' ? '' : `${p}/`;
    const paths = names.includes(p) ? [p] : names.filter((name) => name.startsWith(folder));
    const files: Array<{ path: string; data: Buffer }> = [];
    for (let i = 0; i < paths.length; i += PARALLEL_GETS) {
      const chunk = paths.slice(i, i + PARALLEL_GETS);
      const data = await Promise.all(chunk.map((path) => this.clock.track(this.store.get(ref, path, sas))));
      // A blob deleted between the listing and the read is simply not there.
      chunk.forEach((path, j) => data[j] && files.push({ path, data: data[j] }));
    }
    return files;
  }

  /** A service SAS for one container, as the account's owner makes it. */
  async containerSas(accountName: string, container: string, permissions: string, validForMs: number): Promise<string> {
    this.account(accountName);
    return this.clock.track(this.store.containerSas({ account: accountName, container }, permissions, validForMs));
  }

  grant(accountName: string, principalId: string, role: string): void {
    const roles = this.account(accountName).roles;
    if (!roles.has(principalId)) roles.set(principalId, new Set());
    roles.get(principalId)!.add(role);
  }

  revoke(accountName: string, principalId: string, role: string): void {
    this.account(accountName).roles.get(principalId)?.delete(role);
  }

  canRead(accountName: string, principalId: string): boolean {
    const roles = this.account(accountName).roles.get(principalId);
    return !!roles && BLOB_READER_ROLES.some((r) => roles.has(r));
  }

  /** Refuses a principal without a data reader role, as Blob Storage answers it (403). */
  requireReader(accountName: string, principalId: string): void {
    if (!this.canRead(accountName, principalId)) throw new BlobAccessDenied('AuthorizationPermissionMismatch');
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Blob paths have no leading slash and no empty or dot segments. */
export function normalize(path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new SimError('BadRequest', { problem: `Path '${path}' may not contain '..'.` });
  return segments.join('/');
}
