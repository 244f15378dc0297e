/**
 * Registered models: a custom model (needs a scoring script and an environment) or an MLflow model
 * (an MLmodel file with a signature: code-free deployment is possible, BE-01).
 */
import { parse } from 'yaml';
import type { FileTree } from '../../runtime/runtime.ts';
import { SimError } from '../errors.ts';
import type { Versioned } from './registry.ts';

export type ModelType = 'custom_model' | 'mlflow_model';

export interface ModelAsset extends Versioned {
  type: ModelType;
  files: FileTree;
  /** The MLmodel signature of an MLflow model. */
  signature?: unknown;
}

export function makeModel(name: string, version: string, type: ModelType, files: FileTree): ModelAsset {
  if (files.size === 0) throw new SimError('BadRequest', { problem: `Model '${name}' has no files.` });
  if (type !== 'mlflow_model') return { name, version, type, files };
  const mlmodel = files.get('MLmodel');
  if (!mlmodel) throw new SimError('BadRequest', { problem: `Model '${name}' is of type mlflow_model but has no MLmodel file.` });
  const parsed = parse(mlmodel.toString('utf8')) as { signature?: unknown } | null;
  if (!parsed?.signature) throw new SimError('BadRequest', { problem: `The MLmodel file of model '${name}' has no signature.` });
  return { name, version, type, files, signature: parsed.signature };
}
