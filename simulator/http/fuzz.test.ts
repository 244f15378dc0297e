/**
 * Bad input (issue 9): the REST API and the specs the client takes are fuzzed with fast-check.
 * Every route gets requests with one thing broken (wrong types, huge values, deep nesting,
 * unicode, path traversal in names and URIs, missing and unexpected fields, bad JSON, bad content
 * types, wrong or missing credentials); the client gets hostile specs. Never a 5xx or a crash, the
 * documented error body naming the problem, the state as it was after a refusal, and no route
 * without its credential. See ./fuzz/check.ts and ./fuzz/specs.ts for what is checked.
 *
 * Seeded: the seed is printed and written to reports/fuzz/results.json. FUZZ_SEED=<seed> replays
 * a run; FUZZ_SEED, FUZZ_CATEGORY (http:bad-json, specs:yaml) and FUZZ_PATH, printed on a
 * failure, replay its smallest failing case.
 * FUZZ_RUNS sets the cases per HTTP category (850, so 10,200 requests), a quarter of it per spec
 * category.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { CATEGORIES, casesOf } from './fuzz/cases.ts';
import { Checker } from './fuzz/check.ts';
import { FuzzReport } from './fuzz/report.ts';
import { routeSpecs, type RouteSpec } from './fuzz/routes.ts';
import { SPEC_CATEGORIES, SpecChecker, specCasesOf } from './fuzz/specs.ts';
import { fuzzWorld, type FuzzWorld } from './fuzz/world.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 850);
const ONLY = process.env.FUZZ_CATEGORY;
const PATH = process.env.FUZZ_PATH;
const RESULTS = new URL('../../reports/fuzz/results.json', import.meta.url);

console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED})`);

let world: FuzzWorld;
let routes: RouteSpec[];
const report = new FuzzReport(SEED);
const problems: string[] = [];
const hits = new Map<RouteSpec, number>();

before(async () => {
  world = await fuzzWorld();
  routes = routeSpecs(world);
});

after(async () => {
  // A replay of one category or one case is not a run's figures.
  if (!ONLY) report.write(RESULTS, problems);
  await world.close();
});

/** Runs a property over generated cases; a failure says how to replay its smallest case. */
async function fuzz<T>(surface: string, category: string, seed: number, numRuns: number, cases: fc.Arbitrary<T>, run: (c: T) => Promise<string[]>, show: (c: T) => string): Promise<void> {
  const started = performance.now();
  const details = await fc.check(fc.asyncProperty(cases, async (c) => assert.deepEqual(await run(c), [])), { seed, numRuns, ...(PATH ? { path: PATH } : {}) });
  report.time(surface, category, performance.now() - started);
  if (!details.failed) return;
  const replay = `FUZZ_SEED=${SEED} FUZZ_CATEGORY=${surface}:${category} FUZZ_PATH=${details.counterexamplePath}`;
  problems.push(`${surface} ${category}: ${String(details.errorInstance)} (${replay})`);
  assert.fail(`${surface} ${category} failed after ${details.numRuns} cases: ${String(details.errorInstance)}\ncase: ${details.counterexample ? show(details.counterexample[0]) : '?'}\nreplay: ${replay} node --import tsx --test simulator/http/fuzz.test.ts`);
}

/** The categories of a surface to run: all, or the one FUZZ_CATEGORY names (http:bad-json, specs:yaml). */
const selected = <T extends string>(surface: string, categories: readonly T[]) => categories.filter((c) => !ONLY || `${surface}:${c}` === ONLY);

describe('the REST API under bad input', () => {
  test('the fuzzed routes are every route the app serves', () => {
    const served = [...world.app.printRoutes({ commonPrefix: false }).matchAll(/\(([A-Z, ]+)\)/g)].flatMap((m) => m[1].split(', ')).filter((m) => m !== 'HEAD');
    for (const route of routes) assert.ok(world.app.hasRoute({ method: route.method, url: route.template }), `${route.method} ${route.template} is not served`);
    assert.equal(routes.length, served.length, 'a route the app serves has no fuzz cases: add it to fuzz/routes.ts');
  });

  selected('http', CATEGORIES).forEach((category) => {
    test(category, async () => {
      const checker = new Checker(world);
      await fuzz('http', category, SEED + CATEGORIES.indexOf(category), RUNS, casesOf(category, routes, world), async (c) => {
        hits.set(c.route, (hits.get(c.route) ?? 0) + 1);
        const outcome = await checker.run(c);
        report.count('http', category, String(outcome.status), outcome.status >= 400 ? outcome.code : undefined);
        return outcome.problems;
      }, (c) => `${c.method} ${c.url} ${JSON.stringify(c.headers)} ${String(c.payload ?? '').slice(0, 2000)}`);
    });
  });

  test('every route got cases', { skip: Boolean(ONLY) }, () => {
    assert.deepEqual(
      routes.filter((r) => !hits.has(r)).map((r) => `${r.method} ${r.template}`),
      [],
    );
  });
});

describe('the client under hostile specs', () => {
  selected('specs', SPEC_CATEGORIES).forEach((category) => {
    test(category, async () => {
      const checker = new SpecChecker(world);
      await fuzz('specs', category, SEED + 100 + SPEC_CATEGORIES.indexOf(category), Math.ceil(RUNS / 4), specCasesOf(category, world), async (c) => {
        const outcome = await checker.run(c);
        report.count('specs', category, outcome.outcome, outcome.outcome === 'accepted' ? undefined : outcome.outcome);
        return outcome.problems;
      }, (c) => `${c.target.name} ${fc.stringify(c.spec).slice(0, 2000)}`);
    });
  });
});
