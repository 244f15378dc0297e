/**
 * In-memory Azure Blob Storage: accounts hold containers, containers hold blobs by path, and
 * role assignments say which principals may read an account's data.
 */
import { SimError } from '../errors.ts';

export const BLOB_READER_ROLES = ['Storage Blob Data Reader', 'Storage Blob Data Contributor', 'Storage Blob Data Owner'];

export interface StorageAccount {
  name: string;
  containers: Map<string, Map<string, Buffer>>;
  /** principalId -> roles granted on this account. */
  roles: Map<string, Set<string>>;
}

export class BlobService {
  readonly accounts = new Map<string, StorageAccount>();

  createAccount(name: string): StorageAccount {
    if (!/^[a-z0-9]{3,24}$/.test(name)) {
      throw new SimError('BadRequest', { problem: `Storage account name '${name}' must be 3 to 24 lowercase letters and digits.` });
    }
    const existing = this.accounts.get(name);
    if (existing) return existing;
    const account: StorageAccount = { name, containers: new Map(), roles: new Map() };
    this.accounts.set(name, account);
    return account;
  }

  account(name: string): StorageAccount {
    const account = this.accounts.get(name);
    if (!account) throw new SimError('ResourceNotFound', { kind: 'storage account', name, workspace: '-' });
    return account;
  }

  container(accountName: string, container: string): Map<string, Buffer> {
    const account = this.account(accountName);
    let blobs = account.containers.get(container);
    if (!blobs) {
      blobs = new Map();
      account.containers.set(container, blobs);
    }
    return blobs;
  }

  put(accountName: string, container: string, path: string, data: Buffer | string): void {
    this.container(accountName, container).set(normalize(path), Buffer.isBuffer(data) ? data : Buffer.from(data));
  }

  get(accountName: string, container: string, path: string): Buffer | undefined {
    return this.account(accountName).containers.get(container)?.get(normalize(path));
  }

  exists(accountName: string, container: string, path: string): boolean {
    return this.get(accountName, container, path) !== undefined;
  }

  /** Blobs under a folder prefix (or the one blob at that path), sorted by path. */
  list(accountName: string, container: string, prefix: string): Array<{ path: string; data: Buffer }> {
    const blobs = this.account(accountName).containers.get(container);
    if (!blobs) return [];
    const p = normalize(prefix);
    const exact = blobs.get(p);
    if (exact) return [{ path: p, data: exact }];
    const folder = p === '' ? '' : `${p}/`;
    return [...blobs.entries()]
      .filter(([path]) => path.startsWith(folder))
      .map(([path, data]) => ({ path, data }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
}

/** Blob paths have no leading slash and no empty or dot segments. */
export function normalize(path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new SimError('BadRequest', { problem: `Path '${path}' may not contain '..'.` });
  return segments.join('/');
}
