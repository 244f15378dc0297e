/**
 * A script step (PythonScriptStep): main(ctx) runs once on one worker. Its PipelineData outputs
 * are folders it must create itself (PL-01). In mount mode every append uploads the whole file
 * (the host charges it to the clock); in upload mode the files are uploaded once at the end
 * (PL-06). What it prints goes to 70_driver_log.txt and run.log() records metrics (PL-07).
 */
import { join } from 'node:path';
import type { FileTree } from '../../runtime/runtime.ts';
import { uploadCostMs } from '../../runtime/host/mounted-outputs.ts';
import { MLFLOW_ENVIRONMENT } from '../assets/environments.ts';
import { SimError } from '../errors.ts';
import { readStepData, type DataContext } from './datasets.ts';
import type { ScriptStepSpec, StepRun } from './model.ts';
import { DRIVER_LOG } from '../jobs/log-tree.ts';
import { JobMounts } from '../jobs/mounts.ts';
import { nodeOf, stepCompute, type StepServices } from './steps.ts';


export async function runScriptStep(
  services: StepServices,
  step: ScriptStepSpec,
  code: FileTree,
  data: Omit<DataContext, 'compute' | 'step'>,
  run: StepRun,
  outputUri: (name: string) => string,
): Promise<void> {
  const compute = stepCompute(services, step.compute_target);
  const ctx: DataContext = { ...data, compute, step: step.name };
  const environment = step.environment ? services.ws.environments.get(step.environment) : MLFLOW_ENVIRONMENT;
  const mounts = new JobMounts(services, `${run.name}-${Date.now().toString(36)}`, (line) => run.log.line(DRIVER_LOG, line));
  try {
    const codeMount = await mounts.add('code', code);
    const inputs: Record<string, string> = {};
    for (const [name, reference] of Object.entries(step.inputs)) {
      const files = (await readStepData(ctx, reference)).files;
      inputs[name] = (await mounts.add(`in-${name}`, new Map(files.map((f) => [f.name, f.data])))).dir;
    }
    const outputMounts = new Map<string, { dir: string; read: () => Promise<FileTree> }>();
    const outputs: Record<string, string> = {};
    for (const name of Object.keys(step.outputs)) {
      const mount = await mounts.add(`out-${name}`, new Map(), { writable: true });
      // The folder the step is told to write to does not exist yet: creating it is the step's job.
      outputs[name] = join(mount.dir, name);
      outputMounts.set(name, { dir: outputs[name], read: mount.read });
    }
    const mounted = Object.entries(step.outputs).filter(([, o]) => o.mode === 'mount').map(([name]) => outputs[name]);
    const ip = '10.0.0.4';
    const worker = await services.clock.track(
      services.runtime.startWorker(
        {
          nodeIp: ip,
          processName: 'process000',
          codeDir: codeMount.dir,
          scoringScript: step.script_name,
          modelDir: codeMount.dir,
          packages: environment.packages,
          args: step.arguments.map(String),
          loggingLevel: 'INFO',
          env: { ...step.environment_variables },
          entry: 'script',
          inputs,
          outputs,
          mountedOutputs: mounted,
        },
        { ip, ...nodeOf(compute, environment.image) },
      ),
    );
    run.log.line(DRIVER_LOG, `Script step '${step.name}': running ${step.script_name} on ${compute.name} (pid ${worker.pid}).`);
    const outcome = await services.clock.track(worker.init());
    await services.clock.track(worker.stop());
    await services.clock.sleep(outcome.elapsedMs);
    // print() and logging output land in the driver log.
    run.log.append(DRIVER_LOG, outcome.stdout);
    run.log.append('azureml-logs/70_driver_log_stderr.txt', outcome.stderr);
    run.metrics.push(...(outcome.metrics ?? []));
    if (outcome.status !== 'ok') {
      run.log.line('logs/user/error.txt', `${ip} process000 main(): ${outcome.error.type}: ${outcome.error.message}`);
      run.log.line(`logs/user/error/${ip}/process000.txt`, `main() raised:\n${outcome.error.stack}`);
      throw new SimError('StepFailed', { step: step.name, reason: `${outcome.error.type}: ${outcome.error.message}` });
    }
    await storeOutputs(services, step, run, outputMounts, outputUri);
  } finally {
    mounts.release();
  }
}

/** Keeps what the step wrote; upload-mode files cost one upload each, now. */
async function storeOutputs(
  services: StepServices,
  step: ScriptStepSpec,
  run: StepRun,
  outputMounts: Map<string, { dir: string; read: () => Promise<FileTree> }>,
  outputUri: (name: string) => string,
): Promise<void> {
  const store = services.ws.datastores.get('workspaceblobstore')!;
  for (const [name, mount] of outputMounts) {
    const written = await services.clock.track(mount.read());
    const prefix = `${name}/`;
    const files = [...written].filter(([path]) => path.startsWith(prefix));
    run.outputs[name] = outputUri(name);
    if (files.length === 0) {
      run.log.line(DRIVER_LOG, `Output '${name}' was not created by the step.`);
      continue;
    }
    let uploadMs = 0;
    for (const [path, data] of files) {
      await services.blobs.put(store.accountName, store.containerName, `${run.outputs[name].replace(/^azureml:\/\/datastores\/[^/]+\/paths\//, '')}/${path.slice(prefix.length)}`, data);
      if (step.outputs[name].mode === 'upload') uploadMs += uploadCostMs(data.length);
    }
    if (uploadMs > 0) {
      run.log.line(DRIVER_LOG, `Uploading output '${name}' (${files.length} file(s)).`);
      await services.clock.sleep(uploadMs);
    }
  }
}
