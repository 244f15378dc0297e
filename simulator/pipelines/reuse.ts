/**
 * Step reuse: a step whose definition, parameters, inputs and source_directory contents are the
 * same as in an earlier run reuses that run's outputs (allow_reuse, on by default). Anything in
 * the source_directory counts, so steps that share one directory rerun when any file in it
 * changes (PL-05).
 */
import { createHash } from 'node:crypto';
import type { FileTree } from '../../runtime/runtime.ts';

export function fingerprint(parts: { definition: unknown; inputs: Record<string, string>; source: FileTree }): string {
  const hash = createHash('sha256').update(stable(parts.definition));
  for (const name of Object.keys(parts.inputs).sort()) hash.update(`input:${name}=${parts.inputs[name]}`);
  for (const path of [...parts.source.keys()].sort()) hash.update(`file:${path}`).update(parts.source.get(path)!);
  return hash.digest('hex');
}

/** JSON with sorted keys, so equal definitions give equal text. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function treeDigest(tree: FileTree): string {
  const hash = createHash('sha256');
  for (const path of [...tree.keys()].sort()) hash.update(path).update(tree.get(path)!);
  return hash.digest('hex').slice(0, 16);
}
