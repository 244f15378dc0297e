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

// Report files; scripts/run-features.ts reads reports/messages.ndjson (keep the paths in sync).
const REPORT_FORMATS = [
  'html:reports/cucumber.html',
  'junit:reports/junit.xml',
  'message:reports/messages.ndjson',
];

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
    },
  };
}

/** Local runs: animated progress bar on stdout. */
export default profile('progress-bar');

/** CI logs: plain progress dots (no cursor control sequences). Select with `--profile ci`. */
export const ci = profile('progress');
