/**
 * Model and code URIs over REST. Azure reads them from blob storage; the simulator runs on the
 * caller's machine, so it also reads file:// URIs and absolute paths there. That is the one
 * extension of Azure's shapes, so a client needs no blob upload to register a local folder.
 * A URI names its folder plainly: '..' segments (also percent-encoded) are refused, since the
 * caller could have named the folder they lead to, and a URI that climbs is a mistake or an attack.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimError } from '../../errors.ts';
import { isCloudUri } from '../../storage/datastores.ts';

const LOCAL = "give a file:// URI or an absolute path on the simulator's machine";
const CLIMBS = /(^|[/\\])(\.|%2e){2}([/\\]|$)/i;

/** The local folder a URI names; `field` is where the request gave it (properties.codeUri). */
export function localPath(uri: string, field: string): string {
  refuseClimbing(uri, field);
  let path = uri;
  if (uri.startsWith('file://')) {
    try {
      path = fileURLToPath(uri);
    } catch (error) {
      throw new SimError('UnsupportedUri', { field, uri, reason: `${(error as Error).message}; ${LOCAL}` }, { target: field });
    }
  } else if (!isAbsolute(uri)) {
    throw new SimError('UnsupportedUri', { field, uri, reason: LOCAL }, { target: field });
  }
  if (!existsSync(path)) throw new SimError('UnsupportedUri', { field, uri, reason: `there is no file or folder '${path}' on the simulator's machine` }, { target: field });
  return path;
}

/** A data URI: in the cloud (a datastore URI or a storage URL) as it is, or a local folder. */
export function dataPath(uri: string, field: string): string {
  if (isCloudUri(uri)) {
    refuseClimbing(uri, field);
    return uri;
  }
  if (uri.startsWith('file://') || isAbsolute(uri)) return localPath(uri, field);
  throw new SimError('UnsupportedUri', { field, uri, reason: `give a datastore URI (azureml://datastores/<datastore>/paths/<path>), a storage URL or a local folder: ${LOCAL}` }, { target: field });
}

export function refuseClimbing(uri: string, field: string): void {
  if (CLIMBS.test(uri)) throw new SimError('UnsupportedUri', { field, uri, reason: "'..' segments are not allowed: name the folder itself" }, { target: field });
}
