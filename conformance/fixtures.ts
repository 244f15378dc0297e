/**
 * The kit's fixtures: what a runtime under test is started with for each group of checks
 * (specs/conformance/fixtures.md says the same for vendors porting them). Paths are absolute on
 * this machine; a runtime in a container sees them at the same paths.
 */
import { resolve } from 'node:path';

export const PROFILES = ['azureml-online', 'azureml-batch', 'oip-v2'] as const;
export type Profile = (typeof PROFILES)[number];
/** Where the Open Inference Protocol is silent or ambiguous, the implementations that differ. */
export const OIP_VARIANTS = ['strict', 'kserve', 'mlserver'] as const;

export interface Fixture {
  profile: Profile;
  /** The runtime server's configuration (runtime/server/agent-server.ts names). */
  env: Record<string, string>;
}

const digits = resolve('fixtures/generated/models/digits');
/** A deployment's model folder: azureml-models/<name>/<version>/, found with Model.get_model_path. */
const deployed = { AZUREML_MODEL_DIR: resolve('fixtures/generated/azureml-models'), AZUREML_MODEL_NAME: 'digits', AZUREML_MODEL_VERSION: '1' };

export const FIXTURES: Record<string, Fixture> = {
  'online-digits': {
    profile: 'azureml-online',
    env: { AZUREML_ENTRY_SCRIPT: resolve('fixtures/scripts/online/score.mjs'), ...deployed, AZUREML_PACKAGES: 'azureml-core,onnxruntime', SCORING_TIMEOUT_MS: '1000' },
  },
  'online-init-fails': {
    profile: 'azureml-online',
    env: { AZUREML_ENTRY_SCRIPT: resolve('fixtures/scripts/init_raises.mjs'), ...deployed, AZUREML_PACKAGES: 'azureml-core' },
  },
  'oip-digits': { profile: 'oip-v2', env: { OIP_MODEL_NAME: 'digits', AZUREML_MODEL_DIR: digits } },
  // The batch routes need no configuration: each job says what its workers run.
  batch: { profile: 'azureml-batch', env: {} },
};

/** The fixture an unnamed --runtime-url stands for, per profile. */
export const MAIN_FIXTURE: Record<Profile, string> = { 'azureml-online': 'online-digits', 'azureml-batch': 'batch', 'oip-v2': 'oip-digits' };

export function fixturesOf(profile: Profile): string[] {
  return Object.keys(FIXTURES).filter((name) => FIXTURES[name].profile === profile);
}
