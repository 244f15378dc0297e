/**
 * A job's log tree: text files by path, as the job's storage holds them (BE-09). Lines carry the
 * virtual time they were written at.
 */
import type { VirtualClock } from '../clock.ts';

export const LOG_README = `Layout of the logs of a batch scoring job
azureml-logs/70_driver_log.txt              the driver that starts the scoring script
logs/job_progress_overview.txt              mini-batches created and processed so far, the result, and where to start when the job failed
logs/sys/master_role.txt                    the orchestrator: task creation, progress monitoring, result
logs/user/error.txt                         a summary of the errors of the entry script
logs/user/error/<ip>/<process>.txt          full stack traces from loading and running the entry script
logs/user/stdout/<ip>/<process>.stdout.txt  what the entry script printed and logged
logs/user/stderr/<ip>/<process>.stderr.txt  what the entry script wrote to stderr
logs/user/entry_script_log/<ip>/<process>.log.txt  the EntryScript logger
logs/sys/node/<ip>/<process>.txt            per mini-batch: worker IP and PID, items, start time, durations
logs/perf/<ip>/                             resource monitor: os/%Y%m%d%H/processes_%M, node_disk_usage.csv, node_resource_usage.csv, processes_resource_usage.csv
`;

/** Where the driver that starts the scoring script writes (and where job-level notes go). */
export const DRIVER_LOG = 'azureml-logs/70_driver_log.txt';

export function timestamp(ms: number): string {
  return new Date(ms).toISOString();
}

export class LogTree {
  readonly #files = new Map<string, string>();

  constructor(private readonly clock: VirtualClock) {}

  /** Appends one line, stamped with the virtual time. */
  line(path: string, text: string): void {
    this.append(path, `${timestamp(this.clock.now())} ${text}\n`);
  }

  /** Appends raw text (script output keeps its own lines). */
  append(path: string, text: string): void {
    if (text === '') return;
    this.#files.set(path, (this.#files.get(path) ?? '') + text);
  }

  write(path: string, text: string): void {
    this.#files.set(path, text);
  }

  read(path: string): string | undefined {
    return this.#files.get(path);
  }

  paths(): string[] {
    return [...this.#files.keys()].sort();
  }

  entries(): Array<[string, string]> {
    return this.paths().map((p) => [p, this.#files.get(p)!]);
  }
}
