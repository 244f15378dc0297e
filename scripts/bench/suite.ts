/**
 * suite: the wall time of the main job (every feature on the embedded simulator, in-process, as
 * `npm start` runs it), scenarios per second, and the time compression: service time the
 * scenarios covered on their virtual clocks, per second of wall time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { metric, type Metric } from './metric.ts';

export async function benchSuite(repeats = 3): Promise<Metric[]> {
  const walls: number[] = [];
  const rates: number[] = [];
  const compressions: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
    const ledger = join(dir, 'service-ms.txt');
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/run-features.ts', '--profile', 'ci'], {
      env: { ...process.env, SIM_SERVICE_TIME_FILE: ledger, SIM_REPORTS_DIR: join(dir, 'reports') },
      encoding: 'utf8',
    });
    const wall = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`the suite failed:\n${run.stdout.slice(-2000)}`);
    const serviceMs = readFileSync(ledger, 'utf8').trim().split('\n').map(Number);
    walls.push(wall);
    rates.push(serviceMs.length / wall);
    compressions.push(serviceMs.reduce((a, b) => a + b, 0) / 1000 / wall);
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    metric('suite_wall_s', 's', walls),
    metric('suite_scenarios_per_s', 'scenarios/s', rates),
    metric('suite_service_s_per_wall_s', 'ratio', compressions),
  ];
}
