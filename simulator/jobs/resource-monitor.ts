/**
 * The resource monitor (BE-10): every resource_monitor_interval seconds (0 = off) each node
 * records its processes (ps output under os/%Y%m%d%H/processes_%M) and a line in
 * node_resource_usage.csv, processes_resource_usage.csv and node_disk_usage.csv. The figures come
 * from the workers' real state at that instant: which are alive, which are busy with which
 * mini-batch.
 */
import type { VirtualClock } from '../clock.ts';
import { timestamp, type LogTree } from './log-tree.ts';

export interface WorkerState {
  nodeIp: string;
  processName: string;
  pid: number;
  alive: boolean;
  busyWith: number | undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

export class ResourceMonitor {
  #running = false;

  constructor(
    private readonly clock: VirtualClock,
    private readonly log: LogTree,
    private readonly workers: readonly WorkerState[],
    private readonly intervalS: number,
    /** Linux nodes record ps output, Windows nodes tasklist (PRS-19). */
    private readonly os: 'linux' | 'windows' = 'linux',
  ) {}

  start(): void {
    if (this.intervalS <= 0) return;
    this.#running = true;
    this.#check();
  }

  stop(): void {
    this.#running = false;
  }

  #check(): void {
    if (!this.#running) return;
    const now = this.clock.now();
    const at = new Date(now);
    const hour = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}`;
    const nodes = [...new Set(this.workers.map((w) => w.nodeIp))];
    for (const ip of nodes) {
      const perf = `logs/perf/${ip}`;
      const procs = this.workers.filter((w) => w.nodeIp === ip && w.alive);
      const busy = procs.filter((w) => w.busyWith !== undefined);
      const what = (w: WorkerState) => `${w.processName}${w.busyWith !== undefined ? ` mini-batch ${w.busyWith}` : ' idle'}`;
      const ps =
        this.os === 'windows'
          ? [
              'Image Name                     PID Session Name        Session#    Mem Usage',
              '========================= ======== ================ =========== ============',
              `azureml-bi-agent.exe              4 Services                   0     20,480 K`,
              ...procs.map((w) => `node.exe${String(w.pid).padStart(27)} Services                   0    131,072 K  entry-script-worker ${what(w)}`),
            ]
          : [
              '  PID TTY          TIME CMD',
              `    1 ?        00:00:01 azureml-bi-agent ${ip}`,
              ...procs.map((w) => `${String(w.pid).padStart(5)} ?        00:00:00 node entry-script-worker ${what(w)}`),
            ];
      this.log.write(`${perf}/os/${hour}/processes_${pad(at.getUTCMinutes())}`, `${ps.join('\n')}\n`);
      const cpu = procs.length === 0 ? 0 : Math.round((100 * busy.length) / procs.length);
      this.#csv(`${perf}/node_resource_usage.csv`, 'timestamp,cpu_percent,memory_used_mb,processes,busy_processes', [
        timestamp(now), cpu, 512 + 256 * procs.length, procs.length, busy.length,
      ]);
      for (const w of procs) {
        this.#csv(`${perf}/processes_resource_usage.csv`, 'timestamp,pid,process,state,cpu_percent,mini_batch', [
          timestamp(now), w.pid, w.processName, w.busyWith !== undefined ? 'busy' : 'idle', w.busyWith !== undefined ? 100 : 0, w.busyWith ?? '',
        ]);
      }
      this.#csv(`${perf}/node_disk_usage.csv`, 'timestamp,mount,total_gb,used_gb', [timestamp(now), '/mnt/batch', 100, 12]);
    }
    void this.clock.sleep(this.intervalS * 1000).then(() => this.#check());
  }

  #csv(path: string, header: string, values: Array<string | number>): void {
    if (this.log.read(path) === undefined) this.log.append(path, `${header}\n`);
    this.log.append(path, `${values.join(',')}\n`);
  }
}
