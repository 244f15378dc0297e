/**
 * Model and code URIs over REST. Azure reads them from blob storage; the simulator runs on the
 * caller's machine, so it also reads file:// URIs and absolute paths there. That is the one
 * extension of Azure's shapes, so a client needs no blob upload to register a local folder.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimError } from '../../errors.ts';

export function localPath(uri: string): string {
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  if (isAbsolute(uri)) return uri;
  throw new SimError('UnsupportedUri', { uri }, { target: 'uri' });
}

export function isLocal(uri: string): boolean {
  return uri.startsWith('file://') || isAbsolute(uri);
}
