/**
 * Validates resource specs against the JSON Schemas of specs/schemas (the single source of field
 * names, defaults and ranges) and fills in the documented defaults. The caller's object is never
 * modified: a refused spec leaves nothing behind.
 */
import { readFileSync, readdirSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SimError } from './errors.ts';

const OPTIONS = { allErrors: true, useDefaults: true, strict: true, strictTuples: false, allowUnionTypes: true };
const ajv = new Ajv.default(OPTIONS);
/**
 * The same schemas, stopping at the first error: for large values, whose every error would take
 * seconds to list (ajv gathers errors through $ref in quadratic time).
 */
const ajvFirst = new Ajv.default({ ...OPTIONS, allErrors: false });
const SCHEMAS = new URL('../specs/schemas/', import.meta.url);
// Every schema is known by its $id, so one may $ref another (a pipeline refers to ParallelRunConfig).
// arm/ holds the Azure Resource Manager shapes the HTTP surface speaks.
for (const instance of [ajv, ajvFirst]) {
  addFormats.default(instance);
  for (const folder of ['', 'arm/']) {
    for (const file of readdirSync(new URL(folder, SCHEMAS)).filter((f) => f.endsWith('.schema.json'))) {
      const schema = JSON.parse(readFileSync(new URL(folder + file, SCHEMAS), 'utf8')) as { $schema?: string };
      // Resource specs are draft-07; the behavior catalog's own schema (2020-12) is checked by its test.
      if (schema.$schema?.includes('draft-07')) instance.addSchema(schema, folder + file);
    }
  }
}

/** A value of more values than this is checked up to its first problem. */
const LARGE = 10_000;

/** A schema by name (batch-deployment), or a part of one (pipeline#/definitions/scriptStep). */
function validator(schema: string, size = 0): ValidateFunction {
  const [file, fragment] = schema.split('#');
  const validate = (size > LARGE ? ajvFirst : ajv).getSchema(`${file}.schema.json${fragment ? `#${fragment}` : ''}`);
  if (!validate) throw new Error(`no schema specs/schemas/${schema}.schema.json`);
  return validate;
}

/** A key as a message shows it: quoted when it is empty or holds more than letters, digits, '_', '-' and '$'. */
function shown(key: string): string {
  return /^[\w$-]+$/.test(key) ? key : JSON.stringify(key);
}

/** "settings.mini_batch_size must be >= 1 (minimum)": the field, then the rule it breaks. */
export function describeProblem(error: ErrorObject): { field: string; message: string } {
  const path = error.instancePath.split('/').slice(1).map((p) => shown(p.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (error.keyword === 'additionalProperties') {
    const field = [...path, shown(String(error.params.additionalProperty))].join('.');
    return { field, message: `${field} is not a known field (additionalProperties)` };
  }
  if (error.keyword === 'required') {
    const field = [...path, shown(String(error.params.missingProperty))].join('.');
    return { field, message: `${field} is required (required)` };
  }
  const field = path.join('.') || '(root)';
  const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).join(', ')}` : '';
  return { field, message: `${field} ${error.message}${allowed} (${error.keyword})` };
}

/** An error lists this many problems at most: a body with thousands of wrong fields gets the first ones and a count. */
export const MAX_PROBLEMS = 20;

/** The problems, for a message: the first MAX_PROBLEMS, then how many more there are. */
export function listProblems(problems: string[]): string {
  const more = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), ...(more > 0 ? [`and ${more} more`] : [])].join('; ');
}

/** Specs nest a handful of levels; deeper ones are refused before anything walks them recursively (structuredClone, ajv). */
export const MAX_DEPTH = 64;

/**
 * How many values `value` holds, and what keeps it from being a spec, found without recursion:
 * nesting deeper than MAX_DEPTH or holding itself (a YAML alias of its own parent), or a value no
 * JSON can say (a YAML !!binary's bytes, a function), which schemas would take for an object.
 */
function inspect(value: unknown): { size: number; problem?: { field: string; message: string } } {
  const deepest = new Map<object, number>();
  const stack: Array<[unknown, string[]]> = [[value, []]];
  let size = 0;
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    size++;
    const field = () => path.map(shown).join('.') || '(root)';
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return { size, problem: { field: field(), message: `${field()} is a ${typeof v}, not a JSON value (type)` } };
    if (v === null || typeof v !== 'object') continue;
    const prototype = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && prototype !== Object.prototype && prototype !== null) {
      return { size, problem: { field: field(), message: `${field()} is a ${(v as object).constructor?.name ?? 'special object'}, not a JSON value (type)` } };
    }
    if (path.length > MAX_DEPTH) {
      const top = path.find((key) => !/^\d+$/.test(key)) ?? '(root)';
      return { size, problem: { field: top, message: `${top} nests more than ${MAX_DEPTH} levels deep, or holds itself (depth)` } };
    }
    // A value shared by several fields (YAML aliases) is walked again only when it is reached deeper.
    if ((deepest.get(v) ?? -1) >= path.length) continue;
    deepest.set(v, path.length);
    const keys = Array.isArray(v) ? undefined : Object.keys(v);
    const count = keys ? keys.length : (v as unknown[]).length;
    for (let i = 0; i < count; i++) {
      const child = keys ? (v as Record<string, unknown>)[keys[i]] : (v as unknown[])[i];
      // Plain values are only counted: a body of 100,000 numbers is not 100,000 paths.
      if (child !== null && (typeof child === 'object' || typeof child === 'function' || typeof child === 'symbol' || typeof child === 'bigint')) stack.push([child, [...path, keys ? keys[i] : String(i)]]);
      else size++;
    }
  }
  return { size };
}

/** What is wrong with `value` against a schema, or nothing: for answers, which are checked, never filled in. */
export function shapeProblems(schema: string, value: unknown): string[] {
  const { size, problem } = inspect(value);
  if (problem) return [problem.message];
  const validate = validator(schema, size);
  return validate(structuredClone(value)) ? [] : (validate.errors ?? []).map((e) => describeProblem(e).message);
}

/**
 * How a resource name breaks Azure's rules for its kind (the path segment before it: computes,
 * versions), in the words of arm/common#/definitions/resourceNames; nothing when it keeps them or
 * the kind has no rule there.
 */
export function nameProblem(kind: string, name: string): { kind: string; rule: string } | undefined {
  const validate = ajv.getSchema(`arm/common.schema.json#/definitions/resourceNames/properties/${kind}`);
  if (!validate || validate(name)) return undefined;
  const schema = validate.schema as { title: string; description: string };
  return { kind: schema.title, rule: schema.description };
}

/** Returns a validated copy of `spec` with defaults filled in, or throws ValidationError. */
export function validateSpec<T>(schema: string, kind: string, spec: unknown): T {
  const { size, problem } = inspect(spec);
  const copy = problem ? undefined : structuredClone(spec);
  const validate = validator(schema, size);
  if (!problem && validate(copy)) return copy as T;
  const problems = problem ? [problem] : (validate.errors ?? []).map(describeProblem);
  const name = typeof spec === 'object' && spec !== null && 'name' in spec ? String((spec as { name: unknown }).name) : '';
  throw new SimError(
    'ValidationError',
    { kind, name, problems: listProblems(problems.map((p) => p.message)) },
    { target: problems[0]?.field, details: problems.slice(0, MAX_PROBLEMS).map((p) => ({ code: 'ValidationError', message: p.message, target: p.field })) },
  );
}
