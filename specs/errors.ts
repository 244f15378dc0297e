/** Loads the error catalog (specs/errors.json) and fills its message templates. */
import { readFileSync } from 'node:fs';

export interface CatalogEntry {
  status: number;
  message: string;
  documented: boolean;
  behavior?: string;
  /** For Microsoft Entra ID's token endpoint: the OAuth2 error code (RFC 6749) of the body. */
  oauthError?: string;
}

export type Params = Record<string, string | number>;

export const errorCatalog: Record<string, CatalogEntry> = JSON.parse(
  readFileSync(new URL('./errors.json', import.meta.url), 'utf8'),
).errors;

/** Fills a catalog template; a missing parameter is a bug in the caller, so it throws. */
export function formatMessage(code: string, params: Params = {}): string {
  const entry = errorCatalog[code];
  if (!entry) throw new Error(`error code '${code}' is not in specs/errors.json`);
  return entry.message.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in params)) throw new Error(`error '${code}' needs the parameter '${key}'`);
    return String(params[key]);
  });
}
