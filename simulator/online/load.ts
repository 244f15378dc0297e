/**
 * The autoscaler under load (OD-09), on the virtual clock. Open-loop arrivals (steady, ramp,
 * spike) each take a free slot of a ready replica (max concurrent requests per instance), wait up
 * to max_queue_wait_ms for one, or get 503. Every refresh interval the autoscaler computes
 * utilization = busy replicas / replicas: above the target it adds replicas at once (they are
 * ready after the start-up time), below it for a minute it removes idle ones. Request durations
 * are given, not scored: this measures capacity, so minutes of traffic take milliseconds.
 */
import { VirtualClock } from '../clock.ts';

export interface ScaleSettings {
  minReplicas: number;
  maxReplicas: number;
  /** A fraction: 0.7 for 70%. */
  targetUtilization: number;
  maxConcurrentPerReplica: number;
  maxQueueWaitMs: number;
  refreshSeconds: number;
  /** How long a new replica takes to become ready (AKS creating a container). */
  replicaStartSeconds: number;
  /** How long utilization must stay below target before replicas are removed. */
  scaleDownDelaySeconds: number;
  autoscale: boolean;
}

export const SCALE_DEFAULTS: Omit<ScaleSettings, 'minReplicas' | 'maxReplicas'> = {
  targetUtilization: 0.7,
  maxConcurrentPerReplica: 1,
  maxQueueWaitMs: 500,
  refreshSeconds: 1,
  replicaStartSeconds: 30,
  scaleDownDelaySeconds: 60,
  autoscale: true,
};

/** Requests per second at each second of the test. */
export type LoadShape =
  | { kind: 'steady'; rps: number }
  | { kind: 'ramp'; fromRps: number; toRps: number }
  | { kind: 'spike'; rps: number; spikeRps: number; startSecond: number; seconds: number };

export interface LoadTest {
  durationSeconds: number;
  requestSeconds: number;
  shape: LoadShape;
}

export interface SecondStats {
  second: number;
  arrivals: number;
  served: number;
  rejected503: number;
  replicas: number;
  busyReplicas: number;
  utilization: number;
}

export interface LoadReport {
  settings: ScaleSettings;
  test: LoadTest;
  requests: number;
  served: number;
  rejected503: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  maxReplicas: number;
  finalReplicas: number;
  perSecond: SecondStats[];
}

export function rateAt(shape: LoadShape, second: number, duration: number): number {
  if (shape.kind === 'steady') return shape.rps;
  if (shape.kind === 'ramp') return shape.fromRps + ((shape.toRps - shape.fromRps) * second) / Math.max(1, duration - 1);
  return second >= shape.startSecond && second < shape.startSecond + shape.seconds ? shape.spikeRps : shape.rps;
}

interface Replica {
  ready: boolean;
  inFlight: number;
}

export async function runLoadTest(settings: ScaleSettings, test: LoadTest): Promise<LoadReport> {
  const clock = new VirtualClock(0);
  const replicas: Replica[] = Array.from({ length: settings.minReplicas }, () => ({ ready: true, inFlight: 0 }));
  const queue: Array<{ arrived: number; give: (r: Replica) => void }> = [];
  const latencies: number[] = [];
  const perSecond: SecondStats[] = Array.from({ length: test.durationSeconds }, (_, second) => ({
    second, arrivals: 0, served: 0, rejected503: 0, replicas: 0, busyReplicas: 0, utilization: 0,
  }));
  const stat = () => perSecond[Math.min(perSecond.length - 1, Math.floor(clock.now() / 1000))];
  let rejected = 0;
  let peak = replicas.length;
  const durationMs = test.durationSeconds * 1000;
  const requestMs = test.requestSeconds * 1000;

  const freeReplica = () =>
    replicas.filter((r) => r.ready && r.inFlight < settings.maxConcurrentPerReplica).sort((a, b) => a.inFlight - b.inFlight)[0];

  const serve = (replica: Replica, arrived: number) => {
    replica.inFlight++;
    clock.at(clock.now() + requestMs, () => {
      replica.inFlight--;
      latencies.push(Math.round(clock.now() - arrived));
      stat().served++;
      const next = queue.shift();
      if (next) next.give(replica);
    });
  };

  // Open-loop arrivals, evenly spaced within each second.
  for (let second = 0; second < test.durationSeconds; second++) {
    const count = Math.round(rateAt(test.shape, second, test.durationSeconds));
    for (let i = 0; i < count; i++) {
      clock.at(second * 1000 + (i * 1000) / count, () => {
        const arrived = clock.now();
        stat().arrivals++;
        const replica = freeReplica();
        if (replica) return serve(replica, arrived);
        let waiting = true;
        const entry = { arrived, give: (r: Replica) => { waiting = false; serve(r, arrived); } };
        queue.push(entry);
        clock.at(arrived + settings.maxQueueWaitMs, () => {
          if (!waiting) return;
          queue.splice(queue.indexOf(entry), 1);
          rejected++;
          stat().rejected503++;
        });
      });
    }
  }

  // The autoscaler: eager up, cautious down.
  let belowSince: number | undefined;
  const tick = () => {
    const ready = replicas.filter((r) => r.ready);
    const busy = ready.filter((r) => r.inFlight > 0).length;
    const utilization = ready.length === 0 ? 1 : busy / ready.length;
    const s = stat();
    s.replicas = ready.length;
    s.busyReplicas = busy;
    s.utilization = utilization;
    if (settings.autoscale) {
      if (utilization > settings.targetUtilization) {
        belowSince = undefined;
        const desired = Math.min(settings.maxReplicas, Math.ceil((ready.length * utilization) / settings.targetUtilization) + queue.length);
        for (let n = replicas.length; n < desired; n++) {
          const replica: Replica = { ready: false, inFlight: 0 };
          replicas.push(replica);
          clock.at(clock.now() + settings.replicaStartSeconds * 1000, () => {
            replica.ready = true;
            const next = queue.shift();
            if (next) next.give(replica);
          });
        }
        peak = Math.max(peak, replicas.length);
      } else if (utilization < settings.targetUtilization) {
        belowSince ??= clock.now();
        if (clock.now() - belowSince >= settings.scaleDownDelaySeconds * 1000) {
          const desired = Math.max(settings.minReplicas, Math.ceil((ready.length * utilization) / settings.targetUtilization));
          for (const idle of ready.filter((r) => r.inFlight === 0)) {
            if (replicas.filter((r) => r.ready).length <= desired) break;
            replicas.splice(replicas.indexOf(idle), 1);
          }
          belowSince = clock.now();
        }
      } else belowSince = undefined;
    }
    if (clock.now() + settings.refreshSeconds * 1000 < durationMs) clock.at(clock.now() + settings.refreshSeconds * 1000, tick);
  };
  clock.at(0, tick);

  await clock.runUntil(() => false);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]);
  const requests = perSecond.reduce((n, s) => n + s.arrivals, 0);
  return {
    settings,
    test,
    requests,
    served: latencies.length,
    rejected503: rejected,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? 0 },
    maxReplicas: peak,
    finalReplicas: replicas.filter((r) => r.ready).length,
    perSecond,
  };
}

/** A readable page: the summary, then replicas and 503s over time (one line per 10 s). */
export function renderLoadReport(name: string, report: LoadReport): string {
  const s = report.settings;
  const lines = [
    `# Load test: ${name}`,
    '',
    `${report.test.durationSeconds} s of ${JSON.stringify(report.test.shape)} traffic, ${report.test.requestSeconds} s per request.`,
    `Scale settings: min ${s.minReplicas}, max ${s.maxReplicas} replicas, target utilization ${Math.round(s.targetUtilization * 100)}%, ${s.maxConcurrentPerReplica} request(s) per replica, queue wait ${s.maxQueueWaitMs} ms, replicas ready after ${s.replicaStartSeconds} s.`,
    '',
    `| requests | served | 503 | p50 ms | p95 ms | p99 ms | peak replicas |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    `| ${report.requests} | ${report.served} | ${report.rejected503} | ${report.latencyMs.p50} | ${report.latencyMs.p95} | ${report.latencyMs.p99} | ${report.maxReplicas} |`,
    '',
    '| second | arrivals | replicas | busy | utilization | 503 |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (let i = 0; i < report.perSecond.length; i += 10) {
    const window = report.perSecond.slice(i, i + 10);
    const last = window.at(-1)!;
    lines.push(`| ${i} | ${window.reduce((n, w) => n + w.arrivals, 0)} | ${last.replicas} | ${last.busyReplicas} | ${Math.round(last.utilization * 100)}% | ${window.reduce((n, w) => n + w.rejected503, 0)} |`);
  }
  return `${lines.join('\n')}\n`;
}
