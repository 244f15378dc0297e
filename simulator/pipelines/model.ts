/**
 * Pipelines, their runs and step runs: the shapes, no I/O. A pipeline run holds a frozen
 * snapshot of what was submitted (PL-08); its steps run in the order their data flows.
 */
import type { FileTree } from '../../runtime/runtime.ts';
import type { EngineResult } from '../jobs/engine.ts';
import type { LogTree } from '../jobs/log-tree.ts';

export interface ParallelRunConfig {
  entry_script: string;
  source_directory?: string;
  mini_batch_size?: number | string;
  error_threshold: number;
  output_action: 'summary_only' | 'append_row';
  append_row_file_name: string;
  compute_target: string;
  node_count: number;
  process_count_per_node: number;
  environment?: string;
  logging_level: 'WARNING' | 'INFO' | 'DEBUG';
  run_invocation_timeout: number;
  run_max_try: number;
  environment_variables: Record<string, string>;
  resource_monitor_interval: number;
}

export interface ParallelRunStepSpec {
  type: 'parallel_run';
  name: string;
  parallel_run_config: ParallelRunConfig;
  inputs: string[];
  side_inputs: Array<{ name: string; dataset: string }>;
  output: string;
  arguments: Array<string | number>;
  allow_reuse: boolean;
}

export interface ScriptStepSpec {
  type: 'script';
  name: string;
  script_name: string;
  source_directory: string;
  compute_target: string;
  environment?: string;
  inputs: Record<string, string>;
  outputs: Record<string, { mode: 'mount' | 'upload' }>;
  arguments: Array<string | number>;
  environment_variables: Record<string, string>;
  allow_reuse: boolean;
}

export type StepSpec = ParallelRunStepSpec | ScriptStepSpec;

export interface PipelineSpec {
  name: string;
  description?: string;
  parameters: Record<string, string | number>;
  steps: StepSpec[];
}

/** A submitted pipeline: the spec plus the code snapshots of the steps' source directories. */
export interface PipelineSubmission {
  spec: PipelineSpec;
  /** Code snapshot of each step, by step name. */
  code: ReadonlyMap<string, FileTree>;
}

export type StepStatus = 'NotStarted' | 'Running' | 'Completed' | 'Failed' | 'Reused' | 'Skipped';

export interface StepRun {
  name: string;
  type: StepSpec['type'];
  status: StepStatus;
  /** The run whose results a reused step took. */
  reusedFrom?: string;
  startedAt?: number;
  endedAt?: number;
  error?: { code: string; message: string };
  log: LogTree;
  metrics: Array<{ name: string; value: number | string }>;
  /** PipelineData written by the step, by name: where it is stored. */
  outputs: Record<string, string>;
  result?: Omit<EngineResult, 'rows'>;
  /** How a ParallelRunStep cut its input: per mini-batch, its pieces and how many items. */
  cut?: Array<{ index: number; pieces: string[]; items: number }>;
  /** The values the step ran with, parameters bound (what reuse compares). */
  settings?: Record<string, unknown>;
}

export interface PipelineRun {
  id: string;
  /** Frozen: a run is a snapshot and never changes (PL-08). */
  readonly snapshot: Readonly<PipelineSpec>;
  readonly parameters: Readonly<Record<string, string | number>>;
  status: 'Running' | 'Completed' | 'Failed';
  submittedAt: number;
  endedAt?: number;
  steps: StepRun[];
  error?: { code: string; message: string };
}

/** What an earlier step run left, for reuse. */
export interface ReusableResult {
  runId: string;
  outputs: Record<string, string>;
  result?: Omit<EngineResult, 'rows'>;
  metrics: StepRun['metrics'];
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
