// The conformance kit's cucumber configuration (scripts/conformance/run.ts runs it; see
// conformance/README.md). Its checks reuse the project's steps and World (steps/), plus the
// runtime-under-test steps beside this file.
//   CONFORMANCE_FEATURES  the profile's feature folder (conformance/features/<profile>)
//   SIM_REPORTS_DIR       where cucumber.html, junit.xml and messages.ndjson go
const dir = (process.env.SIM_REPORTS_DIR ?? 'reports/conformance').replace(/\/+$/, '');

export default {
  paths: [`${process.env.CONFORMANCE_FEATURES ?? 'conformance/features'}/**/*.feature`],
  import: ['steps/**/*.ts', 'conformance/steps/**/*.ts'],
  strict: true,
  // One check at a time: they share the runtime under test, and a timeout check restarts its worker.
  parallel: 0,
  format: ['progress', `html:${dir}/cucumber.html`, `junit:${dir}/junit.xml`, `message:${dir}/messages.ndjson`],
};
