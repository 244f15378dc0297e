/**
 * Hand-written Cucumber messages (NDJSON) for the report unit tests. Trimmed to the fields the
 * readers use, plus a few extra ones (meta, timestamps) to show they are ignored.
 *
 * features/batch-endpoints/invoke.feature
 *    1 @BE-1
 *    2 Feature: Invoke
 *    3   Background:
 *    4     Given a workspace
 *    6   Scenario: passes                 -> passed
 *    7     When I invoke
 *    9   @BE-2
 *   10   Scenario: fails                  -> failed (step 2 fails, step 3 skipped)
 *   11     When it breaks
 *   12     Then not reached
 *   14   @BE-3
 *   15   Scenario Outline: row <n>        -> rows at lines 19 and 20, both passed
 *   16     When row <n>
 *   17     Examples:
 *   18       | n |
 *   19       | 1 |
 *   20       | 2 |
 *   22   Rule: r
 *   23     @BE-4 @slow
 *   24     Scenario: filtered             -> no testCase (filtered out by --tags)
 *   25       When x
 *
 * features/auth/token.feature
 *    1 Feature: Token
 *    2   @AUTH-1
 *    3   Scenario: undefined step         -> Before hook passes, step undefined
 *    4     Given nobody wrote this
 *    6   @AUTH-2
 *    7   Scenario: pending                -> pending
 *    8     Given a pending step
 *   10   @AUTH-3 @AUTH-99
 *   11   Scenario: flaky                  -> attempt 0 failed (retried), attempt 1 passed
 *   12     Given flaky
 *   14   Scenario: empty                  -> no steps
 *   16   @AUTH-4
 *   17   Scenario: ambiguous              -> ambiguous (counts as failed)
 *   18     Given ambiguous step
 */
export const SAMPLE_NDJSON = String.raw`
{"meta":{"protocolVersion":"32.2.0","implementation":{"name":"cucumber-js","version":"12.9.0"}}}
{"source":{"uri":"features/batch-endpoints/invoke.feature","data":"(omitted)","mediaType":"text/x.cucumber.gherkin+plain"}}
{"gherkinDocument":{"uri":"features/batch-endpoints/invoke.feature","feature":{"name":"Invoke","location":{"line":2,"column":1},"tags":[{"name":"@BE-1","id":"t1","location":{"line":1,"column":1}}],"children":[{"background":{"id":"bg","location":{"line":3,"column":3},"steps":[{"id":"s-bg","location":{"line":4,"column":5},"keyword":"Given ","text":"a workspace"}]}},{"scenario":{"id":"sc-pass","location":{"line":6,"column":3},"name":"passes","tags":[],"steps":[{"id":"s-pass","location":{"line":7,"column":5},"keyword":"When ","text":"I invoke"}],"examples":[]}},{"scenario":{"id":"sc-fail","location":{"line":10,"column":3},"name":"fails","tags":[{"name":"@BE-2","id":"t2","location":{"line":9,"column":3}}],"steps":[{"id":"s-fail-1","location":{"line":11,"column":5},"keyword":"When ","text":"it breaks"},{"id":"s-fail-2","location":{"line":12,"column":5},"keyword":"Then ","text":"not reached"}],"examples":[]}},{"scenario":{"id":"sc-outline","location":{"line":15,"column":3},"name":"row <n>","tags":[{"name":"@BE-3","id":"t3","location":{"line":14,"column":3}}],"steps":[{"id":"s-row","location":{"line":16,"column":5},"keyword":"When ","text":"row <n>"}],"examples":[{"id":"ex","location":{"line":17,"column":5},"tableHeader":{"id":"hdr","location":{"line":18,"column":7},"cells":[]},"tableBody":[{"id":"row-1","location":{"line":19,"column":7},"cells":[]},{"id":"row-2","location":{"line":20,"column":7},"cells":[]}]}]}},{"rule":{"id":"rule","location":{"line":22,"column":3},"name":"r","children":[{"scenario":{"id":"sc-filtered","location":{"line":24,"column":5},"name":"filtered","tags":[{"name":"@BE-4","id":"t4","location":{"line":23,"column":5}},{"name":"@slow","id":"t5","location":{"line":23,"column":11}}],"steps":[{"id":"s-x","location":{"line":25,"column":7},"keyword":"When ","text":"x"}],"examples":[]}}]}}]}}}
{"pickle":{"id":"p-pass","uri":"features/batch-endpoints/invoke.feature","name":"passes","astNodeIds":["sc-pass"],"tags":[{"name":"@BE-1","astNodeId":"t1"}],"steps":[{"id":"ps-pass-bg","text":"a workspace","astNodeIds":["s-bg"]},{"id":"ps-pass","text":"I invoke","astNodeIds":["s-pass"]}]}}
{"pickle":{"id":"p-fail","uri":"features/batch-endpoints/invoke.feature","name":"fails","astNodeIds":["sc-fail"],"tags":[{"name":"@BE-1","astNodeId":"t1"},{"name":"@BE-2","astNodeId":"t2"}],"steps":[{"id":"ps-fail-bg","text":"a workspace","astNodeIds":["s-bg"]},{"id":"ps-fail-1","text":"it breaks","astNodeIds":["s-fail-1"]},{"id":"ps-fail-2","text":"not reached","astNodeIds":["s-fail-2"]}]}}
{"pickle":{"id":"p-row-1","uri":"features/batch-endpoints/invoke.feature","name":"row 1","astNodeIds":["sc-outline","row-1"],"tags":[{"name":"@BE-1","astNodeId":"t1"},{"name":"@BE-3","astNodeId":"t3"}],"steps":[{"id":"ps-row1-bg","text":"a workspace","astNodeIds":["s-bg"]},{"id":"ps-row1","text":"row 1","astNodeIds":["s-row","row-1"]}]}}
{"pickle":{"id":"p-row-2","uri":"features/batch-endpoints/invoke.feature","name":"row 2","astNodeIds":["sc-outline","row-2"],"tags":[{"name":"@BE-1","astNodeId":"t1"},{"name":"@BE-3","astNodeId":"t3"}],"steps":[{"id":"ps-row2-bg","text":"a workspace","astNodeIds":["s-bg"]},{"id":"ps-row2","text":"row 2","astNodeIds":["s-row","row-2"]}]}}
{"pickle":{"id":"p-filtered","uri":"features/batch-endpoints/invoke.feature","name":"filtered","astNodeIds":["sc-filtered"],"tags":[{"name":"@BE-1","astNodeId":"t1"},{"name":"@BE-4","astNodeId":"t4"},{"name":"@slow","astNodeId":"t5"}],"steps":[{"id":"ps-x-bg","text":"a workspace","astNodeIds":["s-bg"]},{"id":"ps-x","text":"x","astNodeIds":["s-x"]}]}}
{"source":{"uri":"features/auth/token.feature","data":"(omitted)","mediaType":"text/x.cucumber.gherkin+plain"}}
{"gherkinDocument":{"uri":"features/auth/token.feature","feature":{"name":"Token","location":{"line":1,"column":1},"tags":[],"children":[{"scenario":{"id":"sc-undef","location":{"line":3,"column":3},"name":"undefined step","tags":[{"name":"@AUTH-1","id":"a1","location":{"line":2,"column":3}}],"steps":[{"id":"s-undef","location":{"line":4,"column":5},"keyword":"Given ","text":"nobody wrote this"}],"examples":[]}},{"scenario":{"id":"sc-pend","location":{"line":7,"column":3},"name":"pending","tags":[{"name":"@AUTH-2","id":"a2","location":{"line":6,"column":3}}],"steps":[{"id":"s-pend","location":{"line":8,"column":5},"keyword":"Given ","text":"a pending step"}],"examples":[]}},{"scenario":{"id":"sc-flaky","location":{"line":11,"column":3},"name":"flaky","tags":[{"name":"@AUTH-3","id":"a3","location":{"line":10,"column":3}},{"name":"@AUTH-99","id":"a99","location":{"line":10,"column":11}}],"steps":[{"id":"s-flaky","location":{"line":12,"column":5},"keyword":"Given ","text":"flaky"}],"examples":[]}},{"scenario":{"id":"sc-empty","location":{"line":14,"column":3},"name":"empty","tags":[],"steps":[],"examples":[]}},{"scenario":{"id":"sc-amb","location":{"line":17,"column":3},"name":"ambiguous","tags":[{"name":"@AUTH-4","id":"a4","location":{"line":16,"column":3}}],"steps":[{"id":"s-amb","location":{"line":18,"column":5},"keyword":"Given ","text":"ambiguous step"}],"examples":[]}}]}}}
{"pickle":{"id":"p-undef","uri":"features/auth/token.feature","name":"undefined step","astNodeIds":["sc-undef"],"tags":[{"name":"@AUTH-1","astNodeId":"a1"}],"steps":[{"id":"ps-undef","text":"nobody wrote this","astNodeIds":["s-undef"]}]}}
{"pickle":{"id":"p-pend","uri":"features/auth/token.feature","name":"pending","astNodeIds":["sc-pend"],"tags":[{"name":"@AUTH-2","astNodeId":"a2"}],"steps":[{"id":"ps-pend","text":"a pending step","astNodeIds":["s-pend"]}]}}
{"pickle":{"id":"p-flaky","uri":"features/auth/token.feature","name":"flaky","astNodeIds":["sc-flaky"],"tags":[{"name":"@AUTH-3","astNodeId":"a3"},{"name":"@AUTH-99","astNodeId":"a99"}],"steps":[{"id":"ps-flaky","text":"flaky","astNodeIds":["s-flaky"]}]}}
{"pickle":{"id":"p-empty","uri":"features/auth/token.feature","name":"empty","astNodeIds":["sc-empty"],"tags":[],"steps":[]}}
{"pickle":{"id":"p-amb","uri":"features/auth/token.feature","name":"ambiguous","astNodeIds":["sc-amb"],"tags":[{"name":"@AUTH-4","astNodeId":"a4"}],"steps":[{"id":"ps-amb","text":"ambiguous step","astNodeIds":["s-amb"]}]}}
{"hook":{"id":"h-before","name":"open browser","sourceReference":{"uri":"steps/hooks.ts","location":{"line":3}}}}
{"testRunStarted":{"id":"run","timestamp":{"seconds":0,"nanos":0}}}
{"testCase":{"id":"tc-pass","pickleId":"p-pass","testSteps":[{"id":"ts-pass-bg","pickleStepId":"ps-pass-bg"},{"id":"ts-pass","pickleStepId":"ps-pass"}]}}
{"testCase":{"id":"tc-fail","pickleId":"p-fail","testSteps":[{"id":"ts-fail-bg","pickleStepId":"ps-fail-bg"},{"id":"ts-fail-1","pickleStepId":"ps-fail-1"},{"id":"ts-fail-2","pickleStepId":"ps-fail-2"}]}}
{"testCase":{"id":"tc-row-1","pickleId":"p-row-1","testSteps":[{"id":"ts-row1-bg","pickleStepId":"ps-row1-bg"},{"id":"ts-row1","pickleStepId":"ps-row1"}]}}
{"testCase":{"id":"tc-row-2","pickleId":"p-row-2","testSteps":[{"id":"ts-row2-bg","pickleStepId":"ps-row2-bg"},{"id":"ts-row2","pickleStepId":"ps-row2"}]}}
{"testCase":{"id":"tc-undef","pickleId":"p-undef","testSteps":[{"id":"ts-undef-hook","hookId":"h-before"},{"id":"ts-undef","pickleStepId":"ps-undef"}]}}
{"testCase":{"id":"tc-pend","pickleId":"p-pend","testSteps":[{"id":"ts-pend","pickleStepId":"ps-pend"}]}}
{"testCase":{"id":"tc-flaky","pickleId":"p-flaky","testSteps":[{"id":"ts-flaky","pickleStepId":"ps-flaky"}]}}
{"testCase":{"id":"tc-empty","pickleId":"p-empty","testSteps":[]}}
{"testCase":{"id":"tc-amb","pickleId":"p-amb","testSteps":[{"id":"ts-amb","pickleStepId":"ps-amb"}]}}
{"testCaseStarted":{"id":"st-pass","testCaseId":"tc-pass","attempt":0,"workerId":"0"}}
{"testCaseStarted":{"id":"st-fail","testCaseId":"tc-fail","attempt":0,"workerId":"1"}}
{"testStepFinished":{"testCaseStartedId":"st-pass","testStepId":"ts-pass-bg","testStepResult":{"status":"PASSED","duration":{"seconds":0,"nanos":1}}}}
{"testStepFinished":{"testCaseStartedId":"st-fail","testStepId":"ts-fail-bg","testStepResult":{"status":"PASSED","duration":{"seconds":0,"nanos":1}}}}
{"testStepFinished":{"testCaseStartedId":"st-pass","testStepId":"ts-pass","testStepResult":{"status":"PASSED","duration":{"seconds":0,"nanos":1}}}}
{"testCaseFinished":{"testCaseStartedId":"st-pass","willBeRetried":false}}
{"testStepFinished":{"testCaseStartedId":"st-fail","testStepId":"ts-fail-1","testStepResult":{"status":"FAILED","message":"AssertionError [ERR_ASSERTION]: job state\n\n'Failed' !== 'Completed'","exception":{"type":"AssertionError","message":"job state\n\n'Failed' !== 'Completed'"},"duration":{"seconds":0,"nanos":1}}}}
{"testStepFinished":{"testCaseStartedId":"st-fail","testStepId":"ts-fail-2","testStepResult":{"status":"SKIPPED","duration":{"seconds":0,"nanos":0}}}}
{"testCaseFinished":{"testCaseStartedId":"st-fail","willBeRetried":false}}
{"testCaseStarted":{"id":"st-row-1","testCaseId":"tc-row-1","attempt":0}}
{"testStepFinished":{"testCaseStartedId":"st-row-1","testStepId":"ts-row1-bg","testStepResult":{"status":"PASSED"}}}
{"testStepFinished":{"testCaseStartedId":"st-row-1","testStepId":"ts-row1","testStepResult":{"status":"PASSED"}}}
{"testCaseFinished":{"testCaseStartedId":"st-row-1","willBeRetried":false}}
{"testCaseStarted":{"id":"st-row-2","testCaseId":"tc-row-2","attempt":0}}
{"testStepFinished":{"testCaseStartedId":"st-row-2","testStepId":"ts-row2-bg","testStepResult":{"status":"PASSED"}}}
{"testStepFinished":{"testCaseStartedId":"st-row-2","testStepId":"ts-row2","testStepResult":{"status":"PASSED"}}}
{"testCaseFinished":{"testCaseStartedId":"st-row-2","willBeRetried":false}}
{"testCaseStarted":{"id":"st-undef","testCaseId":"tc-undef","attempt":0}}
{"testStepFinished":{"testCaseStartedId":"st-undef","testStepId":"ts-undef-hook","testStepResult":{"status":"PASSED"}}}
{"suggestion":{"id":"sug","pickleStepId":"ps-undef","snippets":[{"language":"javascript","code":"Given('nobody wrote this', async function () {})"}]}}
{"testStepFinished":{"testCaseStartedId":"st-undef","testStepId":"ts-undef","testStepResult":{"status":"UNDEFINED"}}}
{"testCaseFinished":{"testCaseStartedId":"st-undef","willBeRetried":false}}
{"testCaseStarted":{"id":"st-pend","testCaseId":"tc-pend","attempt":0}}
{"testStepFinished":{"testCaseStartedId":"st-pend","testStepId":"ts-pend","testStepResult":{"status":"PENDING"}}}
{"testCaseFinished":{"testCaseStartedId":"st-pend","willBeRetried":false}}
{"testCaseStarted":{"id":"st-flaky-0","testCaseId":"tc-flaky","attempt":0}}
{"testStepFinished":{"testCaseStartedId":"st-flaky-0","testStepId":"ts-flaky","testStepResult":{"status":"FAILED","message":"Error: 503 from scoring endpoint"}}}
{"testCaseFinished":{"testCaseStartedId":"st-flaky-0","willBeRetried":true}}
{"testCaseStarted":{"id":"st-flaky-1","testCaseId":"tc-flaky","attempt":1}}
{"testStepFinished":{"testCaseStartedId":"st-flaky-1","testStepId":"ts-flaky","testStepResult":{"status":"PASSED"}}}
{"testCaseFinished":{"testCaseStartedId":"st-flaky-1","willBeRetried":false}}
{"testCaseStarted":{"id":"st-empty","testCaseId":"tc-empty","attempt":0}}
{"testCaseFinished":{"testCaseStartedId":"st-empty","willBeRetried":false}}
{"testCaseStarted":{"id":"st-amb","testCaseId":"tc-amb","attempt":0}}
{"testStepFinished":{"testCaseStartedId":"st-amb","testStepId":"ts-amb","testStepResult":{"status":"AMBIGUOUS","message":"Multiple step definitions match"}}}
{"testCaseFinished":{"testCaseStartedId":"st-amb","willBeRetried":false}}
{"testRunFinished":{"testRunStartedId":"run","success":false}}
`;

/** Catalog matching SAMPLE_NDJSON (same shape as specs/behaviors.json). */
export const SAMPLE_CATALOG = {
  documents: { 'how-to-use-batch-endpoints': { url: 'https://learn.microsoft.com/' } },
  behaviors: [
    { id: 'BE-1', area: 'batch-endpoints', summary: 'Invoke a batch endpoint', messages: [], sources: [] },
    { id: 'BE-2', area: 'batch-endpoints', summary: 'Job fails visibly', messages: [], sources: [] },
    { id: 'BE-3', area: 'batch-endpoints', summary: 'Rows | outline', messages: [], sources: [] },
    { id: 'BE-4', area: 'batch-endpoints', summary: 'Slow path', messages: [], sources: [] },
    { id: 'BE-5', area: 'batch-endpoints', summary: 'Nobody wrote a scenario', messages: [], sources: [] },
    { id: 'AUTH-1', area: 'auth', summary: 'Undefined', messages: [], sources: [] },
    { id: 'AUTH-2', area: 'auth', summary: 'Pending', messages: [], sources: [] },
    { id: 'AUTH-3', area: 'auth', summary: 'Flaky', messages: [], sources: [] },
    { id: 'AUTH-4', area: 'auth', summary: 'Ambiguous', messages: [], sources: [] },
    { id: 'PRS-11', area: 'parallel-run', summary: 'Mini-batch size', messages: [], sources: [] },
  ],
};
