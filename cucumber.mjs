// Cucumber configuration (https://github.com/cucumber/cucumber-js/blob/main/docs/configuration.md).
//
// Step definitions are TypeScript, so cucumber-js must run with tsx registered:
//   NODE_OPTIONS="--import tsx" npx cucumber-js [--profile ci]
// `npm start` / `npm test` go through scripts/run-features.ts, which does that for you
// and then builds the summary and the behavior coverage report from reports/messages.ndjson.
//
// Environment:
//   CUCUMBER_PARALLEL   number of worker processes (default 2; 0 = run in-process, no workers)
//   CUCUMBER_CLI_PATHS  set by scripts/run-features.ts when feature paths are given on the
//                       command line, so that they replace (not add to) the default glob below.
//   SIM_REPORTS_DIR     folder of cucumber.html, junit.xml and messages.ndjson (default reports);
//                       scripts/run-features.ts sets it (reports/<runtime> with --runtimes).
//   SIM_RUNTIME         the scoring runtime (read by steps/support/world.ts); when set, it is
//                       also shown in the JUnit suite name ("Cucumber (container)").
//   SIM_STORAGE         where blobs live: memory (default) or azurite (steps/support/world.ts)
//   SIM_AZURITE_URL     an Azurite for SIM_STORAGE=azurite to share; without it each worker
//                       starts its own (simulator/storage/azurite.ts)

const FEATURES = ['features/**/*.feature'];

function parallelWorkers() {
  const raw = process.env.CUCUMBER_PARALLEL;
  if (raw === undefined || raw.trim() === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`CUCUMBER_PARALLEL must be a non-negative integer, got "${raw}"`);
  }
  return n;
}

function reportsDir() {
  const dir = (process.env.SIM_REPORTS_DIR ?? '').trim().replace(/\/+$/, '');
  return dir === '' ? 'reports' : dir;
}

// Report files; scripts/run-features.ts reads <SIM_REPORTS_DIR>/messages.ndjson (keep the
// file names in sync with CUCUMBER_REPORTS there).
const REPORT_FORMATS = [
  `html:${reportsDir()}/cucumber.html`,
  `junit:${reportsDir()}/junit.xml`,
  `message:${reportsDir()}/messages.ndjson`,
];

const runtime = (process.env.SIM_RUNTIME ?? '').trim();

/** @param {string} stdoutFormat */
function profile(stdoutFormat) {
  return {
    paths: process.env.CUCUMBER_CLI_PATHS ? [] : FEATURES,
    import: ['steps/**/*.ts'],
    strict: true, // undefined and pending steps fail the run
    parallel: parallelWorkers(),
    format: [stdoutFormat, ...REPORT_FORMATS],
    formatOptions: {
      snippetInterface: 'async-await',
      // Two runtimes' junit.xml side by side in a CI test viewer: tell the suites apart.
      ...(runtime ? { junit: { suiteName: `Cucumber (${runtime})` } } : {}),
    },
  };
}

/** Local runs: animated progress bar on stdout. */
export default profile('progress-bar');

/** CI logs: plain progress dots (no cursor control sequences). Select with `--profile ci`. */
export const ci = profile('progress');
