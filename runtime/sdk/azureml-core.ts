/**
 * The part of azureml-core that scoring scripts use: Model.get_model_path(name). Models are
 * mounted as azureml-models/<name>/<version>/ under AZUREML_MODEL_DIR (/var/azureml-app in the
 * service); a model that is not there fails, and DEBUG logging shows where it was looked for
 * (OD-06).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatMessage } from '../../specs/errors.ts';

class ModelNotFoundException extends Error {
  override name = 'ModelNotFoundException';
}

function debug(message: string): void {
  if ((process.env.AZUREML_LOG_LEVEL ?? '').toUpperCase() === 'DEBUG') process.stdout.write(`DEBUG:azureml.core.model:${message}\n`);
}

export const Model = {
  get_model_path(model_name: string, version?: string | number): string {
    const root = process.env.AZUREML_MODEL_DIR ?? '/var/azureml-app/azureml-models';
    const folder = join(root, model_name);
    const versions = existsSync(folder) ? readdirSync(folder).sort((a, b) => Number(a) - Number(b)) : [];
    const chosen = version === undefined ? versions.at(-1) : String(version);
    const path = join(folder, chosen ?? '<latest>');
    debug(`Looking for model '${model_name}'${version === undefined ? '' : ` version ${version}`} in ${path}`);
    if (!chosen || !existsSync(path)) {
      throw new ModelNotFoundException(formatMessage('ModelNotFound', { model: model_name, searched: `azureml-models/${model_name}/${chosen ?? '<latest>'}` }));
    }
    debug(`Found model at ${path}`);
    return path;
  },
};
