/**
 * The packages an environment can list and what they give a script. Python names its modules
 * apart from its packages (azureml-core installs `azureml`), and a missing one fails as
 * "No module named '<module>'" (BE-12), so both names are kept.
 */
import './telemetry-off.ts';

export interface PackageInfo {
  /** The module name Python would report. */
  module: string;
  /** Loads the package for a script; absent for packages the driver needs but scripts do not import. */
  load?: () => Promise<unknown>;
}

export const PACKAGES: Readonly<Record<string, PackageInfo>> = {
  'azureml-core': { module: 'azureml', load: () => import('./sdk/azureml-core.ts') },
  onnxruntime: { module: 'onnxruntime', load: () => import('onnxruntime-node') },
  pngjs: { module: 'pngjs', load: () => import('pngjs') },
  mlflow: { module: 'mlflow', load: () => import('./mlflow/pyfunc.ts') },
};

/** The package the batch driver itself needs in every environment. */
export const DRIVER_PACKAGE = 'azureml-core';

/** Python's module name for a package: known ones from the table, else the name with - as _. */
export function moduleName(packageName: string): string {
  return PACKAGES[packageName]?.module ?? packageName.replace(/-/g, '_');
}

/** Environments list packages with versions (onnxruntime==1.17, azureml-core>=1.5): the name alone. */
export function packageName(requirement: string): string {
  return requirement.trim().split(/[=<>!~\[ ;]/)[0].toLowerCase();
}
