/**
 * What every bench module reports: one named figure (the median of its repeats), the repeats
 * themselves and their spread, so a reader can tell a real change from noise.
 */
export interface Metric {
  name: string;
  /** The median of `figures`. */
  value: number;
  unit: string;
  /** One figure per repeat, in the order they were measured. */
  figures: number[];
  spread: { min: number; max: number };
}

/** The median (the mean of the two middle figures for an even count). */
export function median(figures: readonly number[]): number {
  if (figures.length === 0) throw new Error('median of no figures');
  const sorted = [...figures].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile by nearest rank (p in 0..100): always one of the samples, never interpolated. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function metric(name: string, unit: string, figures: readonly number[]): Metric {
  return { name, value: median(figures), unit, figures: [...figures], spread: { min: Math.min(...figures), max: Math.max(...figures) } };
}
