/**
 * The figures of a fuzz run, written to reports/fuzz/results.json: cases tried and time per
 * category, what the answers were (statuses, error codes), and the problems the fuzzing found and
 * that were fixed since (findings.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { FINDINGS } from './findings.ts';

export interface CategoryFigures {
  cases: number;
  ms: number;
  /** HTTP statuses, or for client specs the outcome (accepted, or the error code). */
  outcomes: Record<string, number>;
  /** The error codes of the refusals. */
  codes: Record<string, number>;
}

export class FuzzReport {
  readonly #surfaces: Record<string, Record<string, CategoryFigures>> = {};
  readonly #started = Date.now();

  constructor(private readonly seed: number) {}

  /** One case's outcome, counted under its surface (http, specs) and category. */
  count(surface: string, category: string, outcome: string, code: string | undefined): void {
    const figures = ((this.#surfaces[surface] ??= {})[category] ??= { cases: 0, ms: 0, outcomes: {}, codes: {} });
    figures.cases++;
    figures.outcomes[outcome] = (figures.outcomes[outcome] ?? 0) + 1;
    if (code) figures.codes[code] = (figures.codes[code] ?? 0) + 1;
  }

  time(surface: string, category: string, ms: number): void {
    const figures = this.#surfaces[surface]?.[category];
    if (figures) figures.ms = Math.round(ms);
  }

  write(file: URL, problems: string[]): void {
    const total = (surface: string) => Object.values(this.#surfaces[surface] ?? {}).reduce((sum, f) => sum + f.cases, 0);
    const results = {
      seed: this.seed,
      replay: `FUZZ_SEED=${this.seed} npm run test:fuzz`,
      cases: { total: total('http') + total('specs'), http: total('http'), specs: total('specs') },
      ms: Date.now() - this.#started,
      categories: this.#surfaces,
      problems,
      found: FINDINGS,
    };
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }
}
