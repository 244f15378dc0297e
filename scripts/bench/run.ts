/**
 * `npm run bench`: measures the harness and writes reports/bench/results.json (one object per
 * metric: name, value = median of the repeats, unit, figures, spread) and reports/bench/README.md
 * with the targets of the issue that asked for them. Targets are checked, not enforced: a missed
 * one is a finding, listed as such.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchBatch } from './batch.ts';
import { benchContainer } from './container.ts';
import type { Metric } from './metric.ts';
import { benchOnline } from './online.ts';
import { benchScale } from './scale.ts';
import { benchSuite } from './suite.ts';

const TARGETS: Record<string, { op: '>=' | '<='; value: number }> = {
  suite_wall_s: { op: '<=', value: 30 },
  suite_service_s_per_wall_s: { op: '>=', value: 500 },
  batch_inprocess_ratio: { op: '>=', value: 0.6 },
  batch_container_ratio: { op: '>=', value: 0.35 },
  scale_1m_wall_s: { op: '<=', value: 60 },
  scale_1m_peak_rss_mb: { op: '<=', value: 1536 },
  scale_us_per_file_1m_over_10k: { op: '<=', value: 1.25 },
  'container.cold_start_ms': { op: '<=', value: 1500 },
  'container.image_build_cached_s': { op: '<=', value: 5 },
};

const metrics: Metric[] = [];
const section = async (name: string, run: () => Promise<Metric[]>) => {
  process.stdout.write(`bench: ${name}...\n`);
  metrics.push(...(await run()));
};
await section('suite (npm start)', () => benchSuite());
await section('scale (stand-in runtime)', () => benchScale());
await section('online load test', () => benchOnline());
await section('batch, in-process runtime', () => benchBatch('in-process'));
await section('container runtime', () => benchContainer({ repeats: 3 }));
await section('batch, container runtime', async () => (await benchBatch('container')).filter((m) => m.name.startsWith('batch_container')));

const dir = join(process.env.SIM_REPORTS_DIR ?? 'reports', 'bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(metrics, null, 2)}\n`);
const round = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const lines = ['# Benchmarks', '', '| metric | median | unit | spread | target |', '| --- | --- | --- | --- | --- |'];
for (const m of metrics) {
  const t = TARGETS[m.name];
  const met = t ? (t.op === '>=' ? m.value >= t.value : m.value <= t.value) : undefined;
  lines.push(`| ${m.name} | ${round(m.value)} | ${m.unit} | ${round(m.spread.min)} – ${round(m.spread.max)} | ${t ? `${t.op} ${t.value}: ${met ? 'met' : '**missed**'}` : ''} |`);
}
writeFileSync(join(dir, 'README.md'), `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\n`);
