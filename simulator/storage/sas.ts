/**
 * Container SAS tokens, made and checked as Blob Storage does: the token is signed with the
 * account key by @azure/storage-blob (the same code that signs for Azurite), and checking it
 * means signing its fields again and comparing, then reading its expiry (se) and permissions (sp).
 */
import { timingSafeEqual } from 'node:crypto';
import type { SASProtocol } from '@azure/storage-blob';
import { SimError } from '../errors.ts';
import { BlobAccessDenied } from './store.ts';

/** The permission letters of a container SAS. */
const PERMISSIONS = /^[racwdxltmeiyf]+$/;

/** How long a SAS made by the client is valid: the CLI asks for an expiry; a day is ours. */
export const SAS_VALIDITY_MS = 24 * 3600_000;

/** Loaded on first use: the SDK takes a few hundred milliseconds to load, and most simulators never sign. */
const sdk = () => import('@azure/storage-blob');

export function checkPermissions(permissions: string): void {
  if (!PERMISSIONS.test(permissions)) {
    throw new SimError('BadRequest', { problem: `SAS permissions '${permissions}' must be letters of 'racwdxltmeiyf'.` }, { target: 'permissions' });
  }
}

export async function signContainerSas(
  key: { account: string; key: string },
  container: string,
  permissions: string,
  expiresOn: Date,
): Promise<string> {
  const { ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } = await sdk();
  return generateBlobSASQueryParameters(
    { containerName: container, permissions: ContainerSASPermissions.parse(permissions), expiresOn },
    new StorageSharedKeyCredential(key.account, key.key),
  ).toString();
}

/**
 * Throws BlobAccessDenied unless `token` is a SAS for this container, signed with this key,
 * valid at `now` and granting `needed` ('r' to read a blob, 'l' to list).
 */
export async function verifyContainerSas(
  token: string,
  key: { account: string; key: string },
  container: string,
  needed: 'r' | 'l',
  now: number,
): Promise<void> {
  const { ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } = await sdk();
  const q = new URLSearchParams(token);
  const [sv, sr, sp, se, st, spr, sig] = ['sv', 'sr', 'sp', 'se', 'st', 'spr', 'sig'].map((name) => q.get(name) ?? undefined);
  if (!sv || sr !== 'c' || !sp || !PERMISSIONS.test(sp) || !se || !sig) throw new BlobAccessDenied('AuthenticationFailed');
  const expected = generateBlobSASQueryParameters(
    {
      containerName: container,
      version: sv,
      permissions: ContainerSASPermissions.parse(sp),
      expiresOn: new Date(se),
      startsOn: st ? new Date(st) : undefined,
      protocol: spr as SASProtocol | undefined,
    },
    new StorageSharedKeyCredential(key.account, key.key),
  ).signature;
  const [given, wanted] = [Buffer.from(sig, 'base64'), Buffer.from(expected, 'base64')];
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new BlobAccessDenied('AuthenticationFailed');
  }
  if (Date.parse(se) < now || (st && Date.parse(st) > now)) throw new BlobAccessDenied('AuthenticationFailed');
  if (!sp.includes(needed)) throw new BlobAccessDenied('AuthorizationPermissionMismatch');
}
