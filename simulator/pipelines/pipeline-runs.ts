/**
 * Submitting a pipeline and running it: parameters bound (PRS-14), step names checked (PRS-15),
 * steps run in order with their PipelineData flowing forward, reused when nothing they depend on
 * changed (PRS-18, PL-04, PL-05). A run is a frozen snapshot (PL-08).
 */
import { randomUUID } from 'node:crypto';
import type { FileTree } from '../../runtime/runtime.ts';
import { SimError } from '../errors.ts';
import { DRIVER_LOG, LogTree } from '../jobs/log-tree.ts';
import { datastoreUri } from '../storage/datastores.ts';
import { validateSpec } from '../validation.ts';
import { DEFAULT_DATASTORE } from '../workspace/workspace.ts';
import { producedName } from './datasets.ts';
import { deepFreeze, type ParallelRunConfig, type PipelineRun, type PipelineSpec, type PipelineSubmission, type StepSpec } from './model.ts';
import { bindParameters } from './parameters.ts';
import { runParallelRunStep } from './parallel-run-step.ts';
import { fingerprint } from './reuse.ts';
import { runScriptStep } from './script-step.ts';
import type { StepServices } from './steps.ts';

export function validatePipeline(input: unknown): PipelineSpec {
  const spec = validateSpec<PipelineSpec>('pipeline', 'pipeline', input);
  // Each step once more against its own schema, which fills in its defaults (ajv does not inside if/then).
  spec.steps = spec.steps.map((step) =>
    validateSpec<StepSpec>(`pipeline#/definitions/${step.type === 'parallel_run' ? 'parallelRunStep' : 'scriptStep'}`, `step '${step.name}'`, step),
  );
  const counts = new Map<string, number>();
  for (const step of spec.steps) counts.set(step.name, (counts.get(step.name) ?? 0) + 1);
  for (const [step, times] of counts) if (times > 1) throw new SimError('StepNameNotUnique', { step, times }, { target: 'steps' });
  return spec;
}

/** The steps' settings with parameters bound, checked again against the schema. */
function bindSteps(spec: PipelineSpec, parameters: Record<string, string | number>): StepSpec[] {
  return spec.steps.map((step) => {
    if (step.type !== 'parallel_run') return step;
    const bound = bindParameters(step.parallel_run_config as unknown as Record<string, unknown>, parameters, step.name);
    const config = validateSpec<ParallelRunConfig>('parallel-run-config', `parallel_run_config of step '${step.name}'`, bound);
    return { ...step, parallel_run_config: config };
  });
}

export function submitPipeline(
  services: StepServices,
  submission: PipelineSubmission,
  overrides: Record<string, string | number> = {},
): PipelineRun {
  const spec = validatePipeline(submission.spec);
  const unknown = Object.keys(overrides).filter((name) => !(name in spec.parameters));
  if (unknown.length > 0) throw new SimError('BadRequest', { problem: `The pipeline has no parameter ${unknown.map((u) => `'${u}'`).join(', ')}.` }, { target: 'parameters' });
  const parameters = { ...spec.parameters, ...overrides };
  const steps = bindSteps(spec, parameters);
  const run: PipelineRun = {
    id: `pipelinerun-${randomUUID()}`,
    snapshot: deepFreeze(structuredClone(spec)),
    parameters: deepFreeze({ ...parameters }),
    status: 'Running',
    submittedAt: services.clock.now(),
    steps: steps.map((s) => ({ name: s.name, type: s.type, status: 'NotStarted', log: new LogTree(services.clock), metrics: [], outputs: {} })),
  };
  services.ws.pipelineRuns.set(run.id, { run, code: submission.code });
  services.clock.at(services.clock.now(), () => {
    executeRun(services, run, steps, submission.code).catch((error: Error) => {
      run.status = 'Failed';
      run.error = { code: 'InternalError', message: error.message };
    });
  });
  return run;
}

async function executeRun(services: StepServices, run: PipelineRun, steps: StepSpec[], code: ReadonlyMap<string, FileTree>): Promise<void> {
  const produced = new Map<string, { uri: string; producer: string }>();
  const producedBy = new Map<string, string>(); // output -> fingerprint of the step that wrote it
  for (const [i, step] of steps.entries()) {
    const stepRun = run.steps[i];
    if (run.status === 'Failed') {
      stepRun.status = 'Skipped';
      continue;
    }
    const tree = code.get(step.name) ?? new Map();
    const print = fingerprint({ definition: step, inputs: inputIdentities(services, step, producedBy), source: tree });
    const cached = step.allow_reuse ? services.ws.stepCache.get(print) : undefined;
    stepRun.startedAt = services.clock.now();
    stepRun.settings = step.type === 'parallel_run' ? { ...step.parallel_run_config } : { ...step.environment_variables };
    if (cached) {
      stepRun.status = 'Reused';
      stepRun.reusedFrom = cached.runId;
      stepRun.outputs = { ...cached.outputs };
      stepRun.result = cached.result;
      stepRun.metrics = [...cached.metrics];
      stepRun.log.line(DRIVER_LOG, `Step '${step.name}' reuses the results of run ${cached.runId}: nothing it depends on changed.`);
    } else {
      stepRun.status = 'Running';
      try {
        const outputUri = (name: string) => datastoreUri(DEFAULT_DATASTORE, `azureml/${run.id}/${step.name}/${name}`);
        const data = { ws: services.ws, blobs: services.blobs, produced, servicePrincipal: services.servicePrincipal };
        if (step.type === 'parallel_run') await runParallelRunStep(services, step, tree, data, stepRun, outputUri);
        else await runScriptStep(services, step, tree, data, stepRun, outputUri);
        stepRun.status = 'Completed';
        services.ws.stepCache.set(print, { runId: run.id, outputs: { ...stepRun.outputs }, result: stepRun.result, metrics: [...stepRun.metrics] });
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        stepRun.status = 'Failed';
        stepRun.error = { code: error.code, message: error.message };
        stepRun.log.line(DRIVER_LOG, `Step '${step.name}' failed: ${error.message}`);
        run.status = 'Failed';
        run.error = stepRun.error;
      }
    }
    stepRun.endedAt = services.clock.now();
    for (const [name, uri] of Object.entries(stepRun.outputs)) {
      produced.set(name, { uri, producer: step.name });
      producedBy.set(name, print);
    }
  }
  if (run.status === 'Running') run.status = 'Completed';
  run.endedAt = services.clock.now();
}

/** What a step's inputs are, for reuse: dataset references, or the producing step's fingerprint. */
function inputIdentities(services: StepServices, step: StepSpec, producedBy: ReadonlyMap<string, string>): Record<string, string> {
  const references = step.type === 'parallel_run' ? [...step.inputs, ...step.side_inputs.map((s) => s.dataset)] : Object.values(step.inputs);
  const identity = (ref: string) => {
    const output = producedName(ref);
    if (output) return producedBy.get(output) ?? ref;
    // A registered dataset counts by its version: a new version is new data.
    if (ref.startsWith('azureml:') && services.ws.data.has(ref)) {
      const asset = services.ws.data.get(ref);
      return `${asset.name}:${asset.version}`;
    }
    return ref;
  };
  return Object.fromEntries(references.map((ref, i) => [`${i}`, identity(ref)]));
}
