/**
 * scale: a simulated job of 10k, 100k and 1M input files on the stand-in runtime (2% failing,
 * 100 nodes x 4 processes), each in its own process so its peak RSS is its own. Time and memory
 * per file should stay flat as the job grows.
 */
import { execFileSync } from 'node:child_process';
import { metric, type Metric } from './metric.ts';

interface JobFigures {
  files: number;
  wallMs: number;
  maxRssMb: number;
  serviceSeconds: number;
}

function runJob(files: number): JobFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/scale-job.ts', String(files)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as JobFigures;
}

export async function benchScale(repeats = 3): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const perFile = new Map<number, number>();
  for (const files of [10_000, 100_000, 1_000_000]) {
    const runs = Array.from({ length: files === 1_000_000 ? Math.min(repeats, 2) : repeats }, () => runJob(files));
    const label = files >= 1_000_000 ? '1m' : `${files / 1000}k`;
    const wall = metric(`scale_${label}_wall_s`, 's', runs.map((r) => r.wallMs / 1000));
    metrics.push(wall, metric(`scale_${label}_peak_rss_mb`, 'MB', runs.map((r) => r.maxRssMb)));
    metrics.push(metric(`scale_${label}_us_per_file`, 'us/file', runs.map((r) => (r.wallMs * 1000) / files)));
    perFile.set(files, (wall.value * 1e6) / files);
  }
  // Under 1 from 10k: the job's fixed cost (starting 400 workers) weighs on 10,000 files; from
  // 100k on, time per file is what each more file costs.
  metrics.push(metric('scale_us_per_file_1m_over_10k', 'ratio', [perFile.get(1_000_000)! / perFile.get(10_000)!]));
  metrics.push(metric('scale_us_per_file_1m_over_100k', 'ratio', [perFile.get(1_000_000)! / perFile.get(100_000)!]));
  return metrics;
}
