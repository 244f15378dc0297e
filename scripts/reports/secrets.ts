/**
 * Leaks of keys and tokens: in what a scenario's service produced (given the secrets it held),
 * and in the reports a run wrote (any signed JWT, whoever held it).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** A compact JWS: three base64url parts, the first two JSON objects ("eyJ" is '{"'). */
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/;

/** "<secret>… in <where>" for every secret found in every text, without repeating the secret. */
export function findLeaks(secrets: readonly string[], texts: ReadonlyArray<readonly [string, string]>): string[] {
  const kept = secrets.filter((s) => s.length >= 8);
  return texts.flatMap(([where, text]) => kept.filter((s) => text.includes(s)).map((s) => `a secret (${s.slice(0, 4)}…, ${s.length} characters) in ${where}`));
}

/** Report files that hold a signed token. */
export function reportsWithTokens(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? reportsWithTokens(path) : [path];
  });
  return files.filter((f) => /\.(html|ndjson|xml|md|json|txt)$/.test(f) && JWT.test(readFileSync(f, 'utf8')));
}
