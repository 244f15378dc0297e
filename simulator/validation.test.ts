/** Every schema and each of its definitions compiles under ajv's strict mode: one that does not fails every call that uses it. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { shapeProblems } from './validation.ts';

const SCHEMAS = new URL('../specs/schemas/', import.meta.url);

test('every schema and definition compiles', () => {
  const broken: string[] = [];
  for (const folder of ['', 'arm/']) {
    for (const file of readdirSync(new URL(folder, SCHEMAS)).filter((f) => f.endsWith('.schema.json'))) {
      const schema = JSON.parse(readFileSync(new URL(folder + file, SCHEMAS), 'utf8')) as { $schema?: string; definitions?: Record<string, unknown> };
      if (!schema.$schema?.includes('draft-07')) continue;
      const name = folder + file.replace(/\.schema\.json$/, '');
      for (const ref of [name, ...Object.keys(schema.definitions ?? {}).map((d) => `${name}#/definitions/${d}`)]) {
        try {
          shapeProblems(ref, {});
        } catch (error) {
          broken.push(`${ref}: ${(error as Error).message}`);
        }
      }
    }
  }
  assert.deepEqual(broken, []);
});
