/** ISO 8601 durations, as ARM writes timeouts (PT30S, PT1M, PT0.5S), to and from milliseconds. */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function durationMs(iso: string): number {
  const match = DURATION.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) throw new Error(`'${iso}' is not an ISO 8601 duration`);
  const [, d, h, m, s] = match;
  return Math.round(((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60_000 + Number(s ?? 0) * 1000);
}

export function isoDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds % 3600 === 0 && seconds > 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0 && seconds > 0) return `PT${seconds / 60}M`;
  return `PT${Number(seconds.toFixed(3))}S`;
}
