/**
 * Validates resource specs against the JSON Schemas of specs/schemas (the single source of field
 * names, defaults and ranges) and fills in the documented defaults. The caller's object is never
 * modified: a refused spec leaves nothing behind.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { SimError } from './errors.ts';

const ajv = new Ajv.default({ allErrors: true, useDefaults: true, strict: true, strictTuples: false });
const validators = new Map<string, ValidateFunction>();

function validator(schema: string): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    const url = new URL(`../specs/schemas/${schema}.schema.json`, import.meta.url);
    validate = ajv.compile(JSON.parse(readFileSync(url, 'utf8')));
    validators.set(schema, validate);
  }
  return validate;
}

/** "settings.mini_batch_size must be >= 1 (minimum)": the field, then the rule it breaks. */
export function describeProblem(error: ErrorObject): { field: string; message: string } {
  const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') {
    const field = [...path, String(error.params.additionalProperty)].join('.');
    return { field, message: `${field} is not a known field (additionalProperties)` };
  }
  if (error.keyword === 'required') {
    const field = [...path, String(error.params.missingProperty)].join('.');
    return { field, message: `${field} is required (required)` };
  }
  const field = path.join('.') || '(root)';
  const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).join(', ')}` : '';
  return { field, message: `${field} ${error.message}${allowed} (${error.keyword})` };
}

/** Returns a validated copy of `spec` with defaults filled in, or throws ValidationError. */
export function validateSpec<T>(schema: string, kind: string, spec: unknown): T {
  const copy = structuredClone(spec);
  const validate = validator(schema);
  if (validate(copy)) return copy as T;
  const problems = (validate.errors ?? []).map(describeProblem);
  const name = typeof spec === 'object' && spec !== null && 'name' in spec ? String((spec as { name: unknown }).name) : '';
  throw new SimError(
    'ValidationError',
    { kind, name, problems: problems.map((p) => p.message).join('; ') },
    { target: problems[0]?.field, details: problems.map((p) => ({ code: 'ValidationError', message: p.message, target: p.field })) },
  );
}
