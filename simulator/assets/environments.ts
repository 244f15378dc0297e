/** Environments: the packages a deployment's workers have (so "No module named 'azureml'" can happen, BE-12). */
import type { Versioned } from './registry.ts';

export interface Environment extends Versioned {
  image: string;
  /** Conda/pip dependencies, e.g. azureml-core, onnxruntime==1.17. */
  packages: string[];
}

/** The curated environment code-free MLflow deployments run in. */
export const MLFLOW_ENVIRONMENT: Environment = {
  name: 'azureml-mlflow-inference',
  version: '1',
  image: 'mcr.microsoft.com/azureml/mlflow-ubuntu20.04-py38-cpu-inference',
  packages: ['azureml-core', 'mlflow', 'onnxruntime', 'pngjs'],
};
