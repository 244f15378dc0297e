/** online: simulated requests per wall second of a 10-minute load test with a spike and autoscaling. */
import { performance } from 'node:perf_hooks';
import { SCALE_DEFAULTS, runLoadTest } from '../../simulator/online/load.ts';
import { metric, type Metric } from './metric.ts';

export async function benchOnline(repeats = 5): Promise<Metric[]> {
  const rates: number[] = [];
  const compression: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const report = await runLoadTest(
      { ...SCALE_DEFAULTS, minReplicas: 8, maxReplicas: 50 },
      { durationSeconds: 600, requestSeconds: 1, shape: { kind: 'spike', rps: 20, spikeRps: 40, startSecond: 300, seconds: 60 } },
    );
    const wall = (performance.now() - started) / 1000;
    rates.push(report.requests / wall);
    compression.push(600 / wall);
  }
  return [metric('online_requests_per_wall_s', 'requests/s', rates), metric('online_service_s_per_wall_s', 'ratio', compression)];
}
