/**
 * Hostile specs on the client's path, the one the CLI and the SDK take (a YAML or JSON file parsed
 * into an object): MLClient.batchEndpoints.create, batchDeployments.create, onlineEndpoints.create
 * and pipelines.submit. A refusal must be a SimError (never a TypeError or a crash) below 500,
 * naming the field, with the state as it was.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { AUDIENCES } from '../../auth/tokens.ts';
import { MLClient } from '../../client.ts';
import { SimError } from '../../errors.ts';
import { ABOUT_THE_REQUEST, namesWhatBroke } from './check.ts';
import { HOSTILE_YAML, HUGE_NUMBERS, deepJson, hostileStrings, hostileUris } from './hostile.ts';
import { at, fieldsOf, objectPaths, paths, raw, setAt, toText, type Path } from './json.ts';
import { BATCH_ENDPOINT, stateDigest, type FuzzWorld } from './world.ts';

export const SPEC_CATEGORIES = ['wrong-types', 'huge-values', 'deep-nesting', 'unicode-strings', 'traversal', 'missing-fields', 'unexpected-fields', 'yaml'] as const;
export type SpecCategory = (typeof SPEC_CATEGORIES)[number];

interface SpecTarget {
  name: string;
  spec: (world: FuzzWorld) => Record<string, unknown>;
  /** Fields holding local paths or references, which get hostile paths of their own. */
  paths: string[];
  submit: (ml: MLClient, spec: unknown) => Promise<unknown>;
}

export const SPEC_TARGETS: SpecTarget[] = [
  {
    name: 'batchEndpoints.create',
    spec: () => ({ name: 'spec-batch', description: 'fuzz', tags: { team: 'fuzz' }, auth_mode: 'aad_token', defaults: {} }),
    paths: ['name'],
    submit: (ml, spec) => ml.batchEndpoints.create(spec),
  },
  {
    name: 'batchDeployments.create',
    spec: (world) => ({
      name: 'spec-green',
      endpoint_name: BATCH_ENDPOINT,
      model: 'azureml:model:1',
      environment: 'azureml:env:1',
      compute: 'azureml:cpu',
      code_configuration: { code: world.folders.code, scoring_script: 'score.mjs' },
      resources: { instance_count: 1 },
      settings: { mini_batch_size: 2, max_concurrency_per_instance: 1, output_action: 'append_row', output_file_name: 'out.csv', retry_settings: { max_retries: 2, timeout: 30 }, error_threshold: -1, logging_level: 'info', environment_variables: { MODE: 'fuzz' } },
    }),
    paths: ['code_configuration.code', 'code_configuration.scoring_script', 'model', 'environment', 'compute', 'endpoint_name'],
    submit: (ml, spec) => ml.batchDeployments.create(spec as Record<string, unknown>),
  },
  {
    name: 'onlineEndpoints.create',
    spec: () => ({ name: 'spec-online', auth_mode: 'key', description: 'fuzz', traffic: {}, mirror_traffic: {} }),
    paths: ['name', 'compute'],
    submit: (ml, spec) => ml.onlineEndpoints.create(spec),
  },
  {
    name: 'pipelines.submit',
    spec: (world) => ({
      name: 'spec-pipeline',
      parameters: { threshold: 1 },
      steps: [
        { type: 'script', name: 'prepare', script_name: 'score.mjs', source_directory: world.folders.code, compute_target: 'cpu', environment: 'azureml:env:1', arguments: ['--fast'], outputs: { prepared: {} } },
        {
          type: 'parallel_run',
          name: 'score',
          parallel_run_config: { entry_script: 'score.mjs', source_directory: world.folders.code, error_threshold: -1, output_action: 'append_row', compute_target: 'cpu', node_count: 1, environment: 'azureml:env:1' },
          inputs: ['${{outputs.prepared}}'],
          output: 'scores',
        },
      ],
    }),
    paths: ['steps.0.source_directory', 'steps.0.script_name', 'steps.1.parallel_run_config.source_directory', 'steps.1.parallel_run_config.entry_script', 'steps.1.inputs.0', 'steps.0.environment'],
    submit: (ml, spec) => ml.pipelines.submit(spec),
  },
];

export interface SpecCase {
  category: SpecCategory;
  target: SpecTarget;
  spec: unknown;
  broke: { fields: string[]; values: string[] };
}

function mutate(base: Record<string, unknown>, path: Path, value: unknown, values: string[] = []): { spec: unknown; broke: SpecCase['broke'] } {
  // Through JSON text, so raw splices (1e999, deep nesting) become the values a parser would give.
  return { spec: JSON.parse(toText(setAt(base, path, value))), broke: { fields: fieldsOf(path, base), values } };
}

function generator(category: SpecCategory, target: SpecTarget, world: FuzzWorld): fc.Arbitrary<{ spec: unknown; broke: SpecCase['broke'] }> {
  const base = target.spec(world);
  const anyPath = fc.constantFrom(...paths(base));
  switch (category) {
    case 'wrong-types':
      return fc.tuple(anyPath, fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }), fc.constant([]), fc.constant({}))).map(([p, v]) => mutate(base, p, v));
    case 'huge-values': {
      const huge = fc.oneof(fc.constantFrom(...HUGE_NUMBERS).map(raw), fc.constantFrom(1_000, 100_000).map((n) => 'x'.repeat(n)), fc.constant(new Array<number>(20_000).fill(1)));
      return fc.tuple(anyPath, huge).map(([p, v]) => mutate(base, p, v, typeof v === 'string' ? [v] : []));
    }
    case 'deep-nesting':
      return fc.tuple(anyPath, fc.constantFrom(100, 1_000, 10_000)).map(([p, depth]) => mutate(base, p, raw(deepJson(depth, 'mixed')), ['levels deep']));
    case 'unicode-strings': {
      const strings = paths(base).filter((p) => typeof at(base, p) === 'string');
      return fc.tuple(fc.constantFrom(...strings), hostileStrings).map(([p, s]) => mutate(base, p, s, [s]));
    }
    case 'traversal': {
      const hostile = fc.oneof(fc.constantFrom(...hostileUris(world.folders, world.workspaceId)), fc.constantFrom('..', '../..', '../../../../etc', 'a/../../b', '..\\..', '%2e%2e', 'azureml:..:1', 'azureml:model:..'));
      return fc.tuple(fc.constantFrom(...target.paths.map((p) => p.split('.'))), hostile).map(([p, v]) => mutate(base, p, v, [v]));
    }
    case 'missing-fields':
      return fc.constantFrom(...paths(base)).map((p) => (p.length === 0 ? { spec: undefined, broke: { fields: fieldsOf([], base), values: [] } } : mutate(base, p, undefined)));
    case 'unexpected-fields': {
      const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '$ref', 'toString', '', 'name'), fc.string({ minLength: 1, maxLength: 10 }));
      return fc.tuple(fc.constantFrom(...objectPaths(base)), key, fc.jsonValue({ maxDepth: 2 })).map(([p, k, v]) => mutate(base, [...p, k], v, [k]));
    }
    case 'yaml':
      // A YAML file the CLI would parse: broken ones never reach the client, the rest arrive as they parse.
      return fc.tuple(fc.constantFrom(...paths(base)), fc.constantFrom(...HOSTILE_YAML)).map(([p, text]) => {
        let value: unknown;
        try {
          value = parse(text, { logLevel: 'silent' });
        } catch {
          value = text;
        }
        // What the document holds is what an answer may name: its own keys, or its text.
        const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
        return { spec: setAt(base, p, value), broke: { fields: [...fieldsOf(p, base), ...keys], values: typeof value === 'string' ? [value] : [] } };
      });
  }
}

export function specCasesOf(category: SpecCategory, world: FuzzWorld): fc.Arbitrary<SpecCase> {
  return fc.constantFrom(...SPEC_TARGETS).chain((target) => generator(category, target, world).map(({ spec, broke }) => ({ category, target, spec, broke })));
}

/** Submits a spec as a signed-in client would, and says what is wrong with how it was taken. */
export class SpecChecker {
  #digest: string | undefined;
  readonly #ml: Promise<() => MLClient>;

  constructor(private readonly world: FuzzWorld) {
    const tokens = world.service.sim.tokens;
    this.#ml = Promise.all([tokens.issue({ resource: AUDIENCES.management }), tokens.issue({ resource: AUDIENCES.ml })]).then(
      // Relative paths resolve in the fuzz's own folder, as a CLI's do in the project it runs in.
      ([management, ml]) => () => new MLClient(world.service.sim, 'ws', { management, ml }, world.folders.workdir),
    );
  }

  async run(c: SpecCase): Promise<{ outcome: string; problems: string[] }> {
    const service = this.world.service;
    this.#digest ??= await stateDigest(service);
    const before = this.#digest;
    let error: unknown;
    try {
      await c.target.submit((await this.#ml)(), c.spec);
    } catch (thrown) {
      error = thrown ?? new Error(`threw ${String(thrown)}`);
    }
    const after = await stateDigest(service);
    const problems: string[] = [];
    if (error !== undefined && !(error instanceof SimError)) problems.push(`threw ${(error as Error)?.name ?? typeof error}: ${String((error as Error)?.message ?? error).slice(0, 300)}`);
    if (error instanceof SimError) {
      if (error.status >= 500) problems.push(`refused with ${error.status} ${error.code}: ${error.message.slice(0, 300)}`);
      const body = error.toBody().error;
      const asked = c.broke.fields.length + c.broke.values.length > 0;
      if (asked && ABOUT_THE_REQUEST.has(error.code) && !namesWhatBroke(body, c.broke)) {
        problems.push(`the error does not name what was broken (${[...c.broke.fields, ...c.broke.values.map((v) => v.slice(0, 40))].join(', ')}): ${error.code}: ${error.message.slice(0, 300)}`);
      }
      if (after !== before) problems.push(`refused with ${error.code} but the state changed`);
    }
    if (after !== before && error === undefined) {
      await this.world.restore();
      this.#digest = await stateDigest(service);
    } else {
      this.#digest = after;
    }
    return { outcome: error instanceof SimError ? error.code : error === undefined ? 'accepted' : 'crashed', problems };
  }
}
