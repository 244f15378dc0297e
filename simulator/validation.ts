/**
 * Validates resource specs against the JSON Schemas of specs/schemas (the single source of field
 * names, defaults and ranges) and fills in the documented defaults. The caller's object is never
 * modified: a refused spec leaves nothing behind.
 */
import { readFileSync, readdirSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SimError } from './errors.ts';

const ajv = new Ajv.default({ allErrors: true, useDefaults: true, strict: true, strictTuples: false, allowUnionTypes: true });
addFormats.default(ajv);
const SCHEMAS = new URL('../specs/schemas/', import.meta.url);
// Every schema is known by its $id, so one may $ref another (a pipeline refers to ParallelRunConfig).
// arm/ holds the Azure Resource Manager shapes the HTTP surface speaks.
for (const folder of ['', 'arm/']) {
  for (const file of readdirSync(new URL(folder, SCHEMAS)).filter((f) => f.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(new URL(folder + file, SCHEMAS), 'utf8')) as { $schema?: string };
    // Resource specs are draft-07; the behavior catalog's own schema (2020-12) is checked by its test.
    if (schema.$schema?.includes('draft-07')) ajv.addSchema(schema, folder + file);
  }
}

/** A schema by name (batch-deployment), or a part of one (pipeline#/definitions/scriptStep). */
function validator(schema: string): ValidateFunction {
  const [file, fragment] = schema.split('#');
  const validate = ajv.getSchema(`${file}.schema.json${fragment ? `#${fragment}` : ''}`);
  if (!validate) throw new Error(`no schema specs/schemas/${schema}.schema.json`);
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

/** What is wrong with `value` against a schema, or nothing: for answers, which are checked, never filled in. */
export function shapeProblems(schema: string, value: unknown): string[] {
  const validate = validator(schema);
  return validate(structuredClone(value)) ? [] : (validate.errors ?? []).map((e) => describeProblem(e).message);
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
