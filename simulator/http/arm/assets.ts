/**
 * Versioned assets: data, models, code and environments, at <kind>/<name>/versions/<version>.
 * Versions never change: a PUT of an existing version is refused.
 */
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import type { CodeAsset } from '../../assets/codes.ts';
import type { DataAsset } from '../../assets/data.ts';
import type { Environment } from '../../assets/environments.ts';
import type { ModelAsset } from '../../assets/models.ts';
import type { Versioned } from '../../assets/registry.ts';
import type { MLClient } from '../../client.ts';
import { SimError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { answer, checkRequest } from '../app.ts';
import type { SimulatorService } from '../service.ts';
import { dataPath, localPath } from './local-paths.ts';
import { envelope, scope, WORKSPACE_PATH } from './resource.ts';

interface AssetKind<T extends Versioned> {
  /** The path segment: data, models, codes, environments. */
  segment: string;
  schema: string;
  registry: (ws: Workspace) => { get(ref: string): T };
  create: (ml: MLClient, name: string, version: string, properties: Record<string, unknown>) => Promise<T>;
  properties: (asset: T) => Record<string, unknown>;
}

const MODEL_TYPES: Record<string, ModelAsset['type']> = { custom_model: 'custom_model', CustomModel: 'custom_model', mlflow_model: 'mlflow_model', MLFlowModel: 'mlflow_model' };

const KINDS: AssetKind<never>[] = [
  {
    segment: 'data',
    schema: 'data-version',
    registry: (ws) => ws.data,
    create: (ml, name, version, p) => ml.data.create({ name, version, type: p.dataType as DataAsset['type'], path: dataPath(String(p.dataUri), 'properties.dataUri') }),
    properties: (a: DataAsset) => ({ dataType: a.type, dataUri: a.path }),
  } satisfies AssetKind<DataAsset>,
  {
    segment: 'models',
    schema: 'model-version',
    registry: (ws) => ws.models,
    create: (ml, name, version, p) => ml.models.create({ name, version, type: MODEL_TYPES[String(p.modelType ?? 'custom_model')], path: localPath(String(p.modelUri), 'properties.modelUri') }),
    properties: (a: ModelAsset) => ({ modelType: a.type, modelUri: `azureml://models/${a.name}/versions/${a.version}` }),
  } satisfies AssetKind<ModelAsset>,
  {
    segment: 'codes',
    schema: 'code-version',
    registry: (ws) => ws.codes,
    create: (ml, name, version, p) => ml.codes.create({ name, version, path: localPath(String(p.codeUri), 'properties.codeUri'), uri: String(p.codeUri) }),
    properties: (a: CodeAsset) => ({ codeUri: a.uri }),
  } satisfies AssetKind<CodeAsset>,
  {
    segment: 'environments',
    schema: 'environment-version',
    registry: (ws) => ws.environments,
    create: (ml, name, version, p) => ml.environments.create({ name, version, image: String(p.image), packages: condaPackages(p.condaFile) }),
    properties: (a: Environment) => ({ image: a.image, condaFile: `dependencies:\n  - pip:\n${a.packages.map((pkg) => `    - ${pkg}\n`).join('')}`, osType: 'Linux' }),
  } satisfies AssetKind<Environment>,
] as unknown as AssetKind<never>[];

/** The packages a conda file lists: conda dependencies and the pip list; a file that says otherwise is refused. */
function condaPackages(condaFile: unknown): string[] {
  if (typeof condaFile !== 'string') return [];
  const refuse = (problem: string) => new SimError('BadRequest', { problem: `properties.condaFile ${problem}.` }, { target: 'properties.condaFile' });
  let doc: unknown;
  try {
    doc = parse(condaFile, { logLevel: 'error' });
  } catch (error) {
    throw refuse(`is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) throw refuse('must be a YAML mapping (name, channels, dependencies)');
  const dependencies = (doc as { dependencies?: unknown } | null)?.dependencies ?? [];
  const packages = Array.isArray(dependencies) ? dependencies.flatMap((d: unknown) => (typeof d === 'string' ? [d] : ((d as { pip?: unknown } | null)?.pip ?? null))) : null;
  if (!packages?.every((p) => typeof p === 'string')) throw refuse('must list dependencies as package names and a pip list of package names');
  return packages;
}

export function registerAssets(app: FastifyInstance, service: SimulatorService): void {
  for (const kind of KINDS) {
    const path = `${WORKSPACE_PATH}/${kind.segment}/:name/versions/:version`;
    const resource = (ws: Workspace, asset: Versioned) => envelope(ws, [kind.segment, asset.name, 'versions', asset.version], kind.properties(asset as never));
    const schema = `arm/${kind.schema}#/definitions/resource`;

    app.get(path, { config: { arm: true, operation: `GET ${kind.segment}` } }, async (request, reply) => {
      const { ws, ml, params } = scope(service, request);
      await ml.authorizeManagement();
      return answer(reply, 200, schema, resource(ws, kind.registry(ws).get(`${params.name}:${params.version}`)));
    });

    app.put(path, { config: { arm: true, operation: `PUT ${kind.segment}` } }, async (request, reply) => {
      const { ws, ml, params } = scope(service, request);
      const body = checkRequest<{ properties: Record<string, unknown> }>(`arm/${kind.schema}#/definitions/request`, kind.segment, `${params.name}:${params.version}`, request.body);
      const asset = await kind.create(ml, params.name, params.version, body.properties);
      return answer(reply, 201, schema, resource(ws, asset));
    });
  }
}
