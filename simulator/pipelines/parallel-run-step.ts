/**
 * A ParallelRunStep run: the same mini-batch engine as batch deployments, fed by FileDatasets
 * (mini-batches of files, by count) or TabularDatasets (records, by size, never across a file
 * boundary), with side inputs mounted on every worker and their paths passed in arguments.
 */
import type { LoggingLevel } from '../../runtime/contract.ts';
import type { FileTree } from '../../runtime/runtime.ts';
import { MLFLOW_ENVIRONMENT } from '../assets/environments.ts';
import { SimError } from '../errors.ts';
import { MiniBatchEngine, type MiniBatch } from '../jobs/engine.ts';
import type { InputFile } from '../jobs/inputs.ts';
import { DRIVER_LOG, type LogTree } from '../jobs/log-tree.ts';
import { outputLines } from '../jobs/output.ts';
import { parseSize, partitionByCount, partitionBySize } from '../jobs/partition.ts';
import { readStepData, type DataContext, type StepData } from './datasets.ts';
import type { ParallelRunStepSpec, StepRun } from './model.ts';
import { JobMounts } from '../jobs/mounts.ts';
import { nodeOf, stepCompute, type StepServices } from './steps.ts';

const SIDE_INPUT = /\$\{\{side_inputs\.([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

export async function runParallelRunStep(
  services: StepServices,
  step: ParallelRunStepSpec,
  code: FileTree,
  data: Omit<DataContext, 'compute' | 'step'>,
  run: StepRun,
  outputUri: (name: string) => string,
): Promise<void> {
  const config = step.parallel_run_config;
  const compute = stepCompute(services, config.compute_target);
  if (compute.type !== 'amlcompute') throw new SimError('ComputeNotSupported', { compute: compute.name, type: compute.type });
  const ctx: DataContext = { ...data, compute, step: step.name };
  const inputs: StepData[] = [];
  for (const reference of step.inputs) inputs.push(await readStepData(ctx, reference));
  const kinds = [...new Set(inputs.map((i) => i.kind))];
  if (kinds.length > 1) throw new SimError('MixedInputTypes', { step: step.name, types: kinds.map((k) => `${k === 'file' ? 'File' : 'Tabular'}Dataset`).join(' and ') });
  const tabular = kinds[0] === 'tabular';
  const environment = config.environment ? services.ws.environments.get(config.environment) : MLFLOW_ENVIRONMENT;

  const mounts = new JobMounts(services, `${run.name}-${Date.now().toString(36)}`, (line) => run.log.line(DRIVER_LOG, line));
  try {
    const codeMount = await mounts.add('code', code);
    const sides = new Map<string, string>();
    for (const side of step.side_inputs) {
      const files = (await readStepData(ctx, side.dataset)).files;
      sides.set(side.name, (await mounts.add(`side-${side.name}`, tree(files))).dir);
    }
    const args = step.arguments.map((a) =>
      String(a).replace(SIDE_INPUT, (whole, name: string) => {
        const path = sides.get(name);
        if (!path) throw new SimError('BadRequest', { problem: `Step '${step.name}': ${whole} names no side input.` }, { target: 'arguments' });
        return path;
      }),
    );
    const { batches, unit, pieces, mount } = tabular ? tabularBatches(step, inputs, mounts) : fileBatches(step, inputs, mounts);
    run.cut = batches.map((b, i) => ({ index: b.index, pieces: pieces[i], items: b.size }));
    for (const c of run.cut) run.log.line('logs/sys/master_role.txt', `Task creation: mini-batch ${c.index} holds ${c.pieces.join(', ')} (${c.items} ${unit}).`);
    const level = config.logging_level as LoggingLevel;
    const engine = new MiniBatchEngine({
      clock: services.clock,
      runtime: services.runtime,
      log: run.log,
      settings: {
        nodeIps: Array.from({ length: config.node_count }, (_, i) => `10.0.0.${4 + i}`),
        node: nodeOf(compute, environment.image),
        processesPerNode: config.process_count_per_node,
        timeoutMs: config.run_invocation_timeout * 1000,
        maxRetries: config.run_max_try - 1,
        errorThreshold: config.error_threshold,
        outputAction: config.output_action,
        unit,
        resourceMonitorIntervalS: config.resource_monitor_interval,
        timeoutsFailJob: false,
      },
      miniBatches: batches,
      inputs: mount,
      workerSpec: (nodeIp, processName) => ({
        nodeIp,
        processName,
        codeDir: codeMount.dir,
        scoringScript: config.source_directory ? config.entry_script : config.entry_script.split('/').at(-1)!,
        modelDir: codeMount.dir,
        packages: environment.packages,
        args: ['--logging_level', level, ...args],
        loggingLevel: level,
        env: { ...config.environment_variables },
        input: tabular ? 'tabular' : 'files',
      }),
    });
    writeDriverHeader(run.log, step, batches.length, unit);
    const result = await engine.run();
    const { rows, ...counts } = result;
    run.result = counts;
    run.outputs[step.output] = outputUri(step.output);
    if (result.status === 'Completed' && config.output_action === 'append_row') {
      await writeOutput(services, run.outputs[step.output], config.append_row_file_name, rows);
    }
    if (result.error) throw Object.assign(new SimError('StepFailed', { step: step.name, reason: result.error.message }), { cause: result.error });
  } finally {
    mounts.release();
  }
}

function tree(files: InputFile[]): FileTree {
  return new Map(files.map((f) => [f.name, f.data]));
}

/** FileDataset: mini_batch_size files per mini-batch (default 10). */
function fileBatches(step: ParallelRunStepSpec, inputs: StepData[], mounts: JobMounts) {
  const size = step.parallel_run_config.mini_batch_size ?? 10;
  if (typeof size !== 'number') throw new SimError('BadRequest', { problem: `Step '${step.name}': mini_batch_size for a FileDataset is a file count, not '${size}'.` }, { target: 'mini_batch_size' });
  const files = inputs.flatMap((input, i) => input.files.map((f) => ({ ...f, name: inputs.length > 1 ? `input${i}/${f.name}` : f.name })));
  const mount = mounts.add('inputs', tree(files), { inBackground: true });
  const groups = partitionByCount(files, size);
  const batches: MiniBatch[] = groups.map((group, index) => ({ index, items: group.map((f) => f.name), size: group.length }));
  return { batches, unit: 'files' as const, pieces: groups.map((g) => g.map((f) => f.name)), mount };
}

/**
 * TabularDataset: mini-batches of about mini_batch_size bytes of records (default 1MB). Small
 * files are grouped whole, a large file is split, and no mini-batch mixes a piece of a file with
 * another file. Each piece is written as a CSV with its file's header.
 */
function tabularBatches(step: ParallelRunStepSpec, inputs: StepData[], mounts: JobMounts) {
  const size = parseSize(step.parallel_run_config.mini_batch_size ?? '1MB');
  const tables = inputs.flatMap((input) => input.files).map((file) => {
    const lines = file.data.toString('utf8').split(/(?<=\n)/).filter((l) => l.trim() !== '');
    return { name: file.name, header: lines[0], records: lines.slice(1) };
  });
  const cut = partitionBySize(tables.map((t) => ({ name: t.name, recordSizes: t.records.map((r) => Buffer.byteLength(r)) })), size);
  const pieces = new Map<string, Buffer>();
  const batches: MiniBatch[] = [];
  const described: string[][] = [];
  cut.forEach((group, index) => {
    const items = group.map((piece) => {
      const table = tables.find((t) => t.name === piece.name)!;
      const path = `batch${String(index).padStart(5, '0')}/${piece.name.replace(/\//g, '_')}.${piece.start}-${piece.end}.csv`;
      pieces.set(path, Buffer.from(table.header + table.records.slice(piece.start, piece.end).join('')));
      return path;
    });
    batches.push({ index, items, size: group.reduce((n, p) => n + (p.end - p.start), 0) });
    const whole = (p: (typeof group)[number]) => p.start === 0 && p.end === tables.find((t) => t.name === p.name)!.records.length;
    described.push(group.map((p) => (whole(p) ? p.name : `${p.name}[${p.start}:${p.end}]`)));
  });
  return { batches, unit: 'records' as const, pieces: described, mount: mounts.add('inputs', pieces, { inBackground: true }) };
}

function writeDriverHeader(log: LogTree, step: ParallelRunStepSpec, batches: number, unit: string): void {
  const c = step.parallel_run_config;
  log.line(
    DRIVER_LOG,
    `ParallelRunStep '${step.name}': entry_script ${c.entry_script}${c.source_directory ? ` in ${c.source_directory}` : ''}; ${batches} mini-batches of ${unit}; mini_batch_size ${c.mini_batch_size ?? (unit === 'files' ? 10 : '1MB')}; node_count ${c.node_count} x process_count_per_node ${c.process_count_per_node}; run_invocation_timeout ${c.run_invocation_timeout} s; run_max_try ${c.run_max_try}; error_threshold ${c.error_threshold}; logging_level ${c.logging_level}.`,
  );
}

async function writeOutput(services: StepServices, uri: string, fileName: string, rows: unknown[]): Promise<void> {
  const store = services.ws.datastores.get('workspaceblobstore')!;
  const path = `${uri.replace(/^azureml:\/\/datastores\/[^/]+\/paths\//, '')}/${fileName}`;
  await services.blobs.put(store.accountName, store.containerName, path, rows.flatMap(outputLines).map((l) => `${l}\n`).join(''));
}
