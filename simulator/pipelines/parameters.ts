/**
 * PipelineParameters: ${{parameters.<name>}} placeholders, filled at submission from the
 * pipeline's defaults and the submission's overrides. Only the ParallelRunConfig settings the
 * documentation names may be parameters (PRS-14).
 */
import { SimError } from '../errors.ts';

export const PARAMETERIZABLE = ['mini_batch_size', 'node_count', 'process_count_per_node', 'logging_level', 'run_invocation_timeout', 'run_max_try'] as const;

const PLACEHOLDER = /^\$\{\{parameters\.([A-Za-z_][A-Za-z0-9_]*)\}\}$/;

export function parameterName(value: unknown): string | undefined {
  return typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
}

/** Fills every placeholder of a ParallelRunConfig; refuses one on a setting that cannot be a parameter. */
export function bindParameters(
  config: Record<string, unknown>,
  values: Readonly<Record<string, string | number>>,
  step: string,
): Record<string, unknown> {
  const bound: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(config)) {
    const name = parameterName(value);
    if (!name) continue;
    if (!(PARAMETERIZABLE as readonly string[]).includes(key)) {
      throw new SimError('BadRequest', { problem: `Step '${step}': ${key} cannot be a PipelineParameter; only ${PARAMETERIZABLE.join(', ')} can.` }, { target: key });
    }
    if (!(name in values)) throw new SimError('BadRequest', { problem: `Step '${step}': the PipelineParameter '${name}' has no value and no default.` }, { target: key });
    bound[key] = values[name];
  }
  return bound;
}
