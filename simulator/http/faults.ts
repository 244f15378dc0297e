/**
 * Fault injection: rules that make chosen operations fail or slow down, so client code can be
 * tested against throttling, outages and latency. A rule matches an operation (the route's name,
 * e.g. "PUT batchEndpoints", or "*"), fires with a probability drawn from its own seeded generator
 * (so a run repeats), and answers with its status and error code instead of the operation, after
 * its latency. A rule with `count` fires that many times, then stops.
 */
import { SimError } from '../errors.ts';
import { seededRandom } from '../random.ts';

export interface FaultRule {
  id: string;
  operation: string;
  status?: number;
  code?: string;
  probability: number;
  /** Added before the answer, in real milliseconds (a client's own timeouts are real). */
  latencyMs: number;
  seed: number;
  count?: number;
  fired: number;
}

export type FaultRuleSpec = Partial<Omit<FaultRule, 'id' | 'fired'>> & { operation: string };

export interface FaultDecision {
  rule: FaultRule;
  /** Undefined when the rule only adds latency. */
  error?: SimError;
}

export class FaultRules {
  readonly #rules: Array<FaultRule & { next: () => number }> = [];
  #ids = 0;

  add(spec: FaultRuleSpec): FaultRule {
    const problems = [
      typeof spec.operation !== 'string' || spec.operation === '' ? 'operation must name a route ("PUT batchEndpoints") or be "*"' : '',
      spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1) ? 'probability must be between 0 and 1' : '',
      spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599) ? 'status must be an HTTP error status (400-599)' : '',
      spec.latencyMs !== undefined && !(spec.latencyMs >= 0 && spec.latencyMs <= 60_000) ? 'latencyMs must be between 0 and 60000' : '',
      spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 1) ? 'count must be a whole number >= 1' : '',
      spec.status === undefined && spec.code === undefined && !spec.latencyMs ? 'a rule needs a status, a code or a latency' : '',
    ].filter(Boolean);
    if (problems.length > 0) throw new SimError('BadRequest', { problem: `Fault rule refused: ${problems.join('; ')}.` }, { target: 'fault' });
    const seed = spec.seed ?? 1;
    const rule: FaultRule = {
      id: `fault-${++this.#ids}`,
      operation: spec.operation,
      status: spec.status ?? (spec.code ? 500 : undefined),
      code: spec.code,
      probability: spec.probability ?? 1,
      latencyMs: spec.latencyMs ?? 0,
      seed,
      count: spec.count,
      fired: 0,
    };
    this.#rules.push({ ...rule, next: seededRandom(seed) });
    return rule;
  }

  list(): FaultRule[] {
    return this.#rules.map(({ next: _next, ...rule }) => ({ ...rule }));
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The first rule that fires for this operation, if any. */
  decide(operation: string): FaultDecision | undefined {
    for (const rule of this.#rules) {
      if (rule.operation !== '*' && rule.operation.toLowerCase() !== operation.toLowerCase()) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.next() >= rule.probability) continue;
      rule.fired++;
      const error = rule.status === undefined ? undefined : injected(rule, operation);
      return { rule: { ...rule }, error };
    }
    return undefined;
  }
}

function injected(rule: FaultRule, operation: string): SimError {
  const error = new SimError('InjectedFault', { rule: rule.id, operation });
  return Object.assign(error, { code: rule.code ?? error.code, status: rule.status! });
}

