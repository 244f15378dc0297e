/**
 * JSON values as the fuzzers take them apart: every path into a value, a copy with one value
 * replaced, and JSON text that may hold raw splices (1e999, nesting no recursive walk survives),
 * which no JavaScript value can say.
 */
export type Path = string[];
/** Marks JSON text to splice in as it is. */
export const RAW = Symbol('raw JSON text');
interface Raw {
  [RAW]: string;
}
export const raw = (text: string): Raw => ({ [RAW]: text });

/** Every path into a JSON value: [] is the value itself. */
export function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

export function objectPaths(value: unknown): Path[] {
  return paths(value).filter((p) => {
    const v = at(value, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
}

export function at(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

/** A copy of `body` with the value at `path` replaced (or removed, for undefined). */
export function setAt(body: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string, unknown>;
  const parent = at(copy, path.slice(0, -1)) as Record<string, unknown>;
  const key = path.at(-1)!;
  if (value === undefined) delete parent[key];
  // An own property even for "__proto__", so the text says it.
  else Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** JSON text of a value that may hold raw splices. */
export function toText(value: unknown): string {
  const splices: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && RAW in v) {
      splices.push((v as Raw)[RAW]);
      return `\u0000raw${splices.length - 1}\u0000`;
    }
    return v;
  });
  return (text ?? '').replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => splices[Number(i)]);
}

/** The field names along a path; replacing the whole body breaks its shape, which "(root)" or any of its fields names. */
export const fieldsOf = (path: Path, body: unknown): string[] => (path.length === 0 ? ['root', 'body', ...paths(body).flatMap((p) => p)] : path.filter((k) => !/^\d+$/.test(k)));

