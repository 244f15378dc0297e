/**
 * The scoring runtime's contract (specs/runtime/openapi.yaml and its JSON Schemas) is well formed,
 * mirrors runtime/runtime.ts, accepts a valid example of every documented response, and refuses
 * broken ones with the right rule.
 * Run: node --import tsx --test specs/runtime-contract.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { InitOutcome, RunOutcome, ScriptError, WorkerSpec } from '../runtime/runtime.ts';
import {
  OPENAPI_URL,
  SCHEMAS_URL,
  ContractViolationError,
  assertResponse,
  checkRequest,
  checkResponse,
  loadContract,
  matchRoute,
  resolvePointer,
  type ContractViolation,
  type Headers,
} from './runtime-contract.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const openapiText = readFileSync(OPENAPI_URL, 'utf8');
const schemaFiles = readdirSync(SCHEMAS_URL).filter((n) => n.endsWith('.schema.json')).sort();
const readSchema = (name: string): JsonObject => JSON.parse(readFileSync(new URL(name, SCHEMAS_URL), 'utf8'));

const OPERATIONS = [
  'GET /',
  'GET /ready',
  'POST /score',
  'GET /swagger.json',
  'POST /workers',
  'POST /workers/{id}/init',
  'POST /workers/{id}/run',
  'POST /workers/{id}/score',
  'DELETE /workers/{id}',
];

// ---------------------------------------------------------------------------------------------
// The document

test('openapi.yaml parses as an OpenAPI 3.1 document with the nine documented operations', () => {
  const doc = parseYaml(openapiText) as JsonObject;
  assert.match(String(doc.openapi), /^3\.1\.\d+$/);
  assert.equal(doc.jsonSchemaDialect, 'https://json-schema.org/draft/2020-12/schema');
  assert.ok(isObject(doc.info) && typeof doc.info.title === 'string' && typeof doc.info.version === 'string');
  assert.ok(isObject(doc.paths));
  const found: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as JsonObject)) {
      if (method === 'parameters') continue;
      found.push(`${method.toUpperCase()} ${path}`);
      assert.ok(isObject(op) && isObject(op.responses), `${method} ${path} has responses`);
      assert.equal(typeof op.operationId, 'string', `${method} ${path} has an operationId`);
    }
  }
  assert.deepEqual(found.sort(), [...OPERATIONS].sort());
  assert.equal(loadContract().operations.length, OPERATIONS.length);
});

test('every $ref of openapi.yaml and of the schemas resolves', () => {
  const docs = new Map<string, unknown>([[OPENAPI_URL.href, parseYaml(openapiText)]]);
  for (const name of schemaFiles) docs.set(new URL(name, SCHEMAS_URL).href, readSchema(name));
  let count = 0;
  const walk = (node: unknown, base: string, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, base, `${where}/${i}`));
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string') {
      count++;
      const [file, fragment = ''] = node.$ref.split('#');
      const target = file ? new URL(file, base).href : base;
      assert.ok(docs.has(target), `${where}: $ref ${node.$ref} names a missing file (${target})`);
      assert.notEqual(resolvePointer(docs.get(target), fragment), undefined, `${where}: $ref ${node.$ref} resolves to nothing`);
    }
    for (const [k, v] of Object.entries(node)) walk(v, base, `${where}/${k}`);
  };
  for (const [url, doc] of docs) walk(doc, url, url.slice(url.lastIndexOf('/specs/') + 1));
  assert.ok(count > 30, `only ${count} $refs found`);
});

test('every schema is draft 2020-12 with an $id matching its file, compiles strict, and is used by openapi.yaml', () => {
  assert.ok(schemaFiles.length >= 15);
  loadContract(); // compiles every schema file with Ajv2020 strict + formats, or throws
  for (const name of schemaFiles) {
    const schema = readSchema(name);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', name);
    assert.equal(schema.$id, `https://azureml-sim.local/schemas/runtime/${name}`, name);
    assert.equal(typeof schema.title, 'string', `${name} has a title`);
    assert.ok(openapiText.includes(`'./schemas/${name}'`), `${name} is referenced from openapi.yaml`);
  }
});

test('every request and response body of openapi.yaml is described by a schema file', () => {
  const doc = parseYaml(openapiText) as JsonObject;
  const deref = (node: unknown): JsonObject => {
    while (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) node = resolvePointer(doc, node.$ref);
    assert.ok(isObject(node));
    return node;
  };
  const checkContent = (content: unknown, where: string) => {
    assert.ok(isObject(content), `${where} has content`);
    for (const [type, media] of Object.entries(content)) {
      const schema = deref(deref(media).schema);
      assert.match(String(schema.$ref), /^\.\/schemas\/[\w-]+\.schema\.json$/, `${where} ${type} refers to a schema file`);
    }
  };
  let bodies = 0;
  for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
    for (const [method, op] of Object.entries(item as JsonObject)) {
      if (method === 'parameters') continue;
      const o = op as JsonObject;
      if (o.requestBody) (checkContent(deref(o.requestBody).content, `${method} ${path} request`), bodies++);
      for (const [status, raw] of Object.entries(o.responses as JsonObject)) {
        const response = deref(raw);
        assert.equal(typeof response.description, 'string', `${method} ${path} ${status} has a description`);
        if (status === '204') assert.equal(response.content, undefined, `${method} ${path} 204 has no body`);
        else (checkContent(response.content, `${method} ${path} ${status}`), bodies++);
      }
    }
  }
  assert.ok(bodies >= 17, `${bodies} bodies`);
});

// ---------------------------------------------------------------------------------------------
// Mirrors runtime/runtime.ts

/** Every field of WorkerSpec: the compiler refuses this object if runtime.ts gains or loses one. */
const spec = {
  nodeIp: '10.0.0.4',
  processName: 'process000',
  codeDir: '/mnt/code',
  scoringScript: 'score/batch_driver.mjs',
  modelDir: '/mnt/model',
  packages: ['onnxruntime', 'pngjs'],
  args: ['--logging_level', 'INFO', '--error_threshold', '-1'],
  loggingLevel: 'INFO',
  env: { LABEL: 'x' },
  input: 'tabular',
  entry: 'script',
  inputs: { raw: '/mnt/raw' },
  outputs: { prepared: '/mnt/out/prepared' },
  mountedOutputs: ['/mnt/out/prepared'],
} satisfies Required<WorkerSpec>;

/** The fields every worker spec has; the pipeline ones are optional. */
const requiredSpecFields = ['args', 'codeDir', 'env', 'loggingLevel', 'modelDir', 'nodeIp', 'packages', 'processName', 'scoringScript'];

const scriptError = { type: 'ValueError', message: 'bad input', stack: 'Traceback (most recent call last):\n  ...' } satisfies Required<ScriptError>;

test('worker-spec.schema.json and script-error.schema.json list exactly the fields of runtime.ts, all required', () => {
  for (const [file, sample] of [
    ['worker-spec.schema.json', spec],
    ['script-error.schema.json', scriptError],
  ] as const) {
    const schema = readSchema(file);
    const fields = Object.keys(sample).sort();
    assert.deepEqual(Object.keys(schema.properties as JsonObject).sort(), fields, file);
    assert.deepEqual([...(schema.required as string[])].sort(), file === 'worker-spec.schema.json' ? requiredSpecFields : fields, file);
    assert.equal(schema.additionalProperties, false, file);
  }
  assert.deepEqual((readSchema('worker-spec.schema.json').properties as { loggingLevel: { enum: string[] } }).loggingLevel.enum, ['DEBUG', 'INFO', 'WARNING']);
});

test('InitOutcome and RunOutcome values of runtime.ts pass (RunOutcome ok plus failed)', () => {
  const base = { elapsedMs: 12.5, stdout: 'scored\n', stderr: '' };
  const inits: InitOutcome[] = [
    { ...base, status: 'ok' },
    { ...base, status: 'error', error: scriptError },
    { ...base, status: 'crashed', error: { type: 'WorkerProcessExited', message: 'exited with code 1', stack: '' } },
  ];
  const runs: (RunOutcome & { failed?: number })[] = [
    { ...base, status: 'ok', results: ['a.png: cat', { file: 'b.png', label: 'dog' }], failed: 1 },
    { ...base, status: 'ok', results: [], failed: 3 },
    { ...base, status: 'error', error: scriptError },
    { ...base, status: 'crashed', error: scriptError },
    { ...base, status: 'timeout' },
  ];
  for (const outcome of inits) assert.deepEqual(checkResponse('POST', '/workers/w1/init', 200, {}, outcome), [], outcome.status);
  for (const outcome of runs) assert.deepEqual(checkResponse('POST', '/workers/w1/run', 200, {}, outcome), [], outcome.status);
});

// ---------------------------------------------------------------------------------------------
// Responses

interface Case {
  name: string;
  method: string;
  path: string;
  status: number;
  headers?: Headers;
  body?: unknown;
}

const rid = { 'x-ms-request-id': '6f9f5c9b-5a43-405b-a899-77f31a960529' };
const json = { 'content-type': 'application/json' };
const outBase = { elapsedMs: 0, stdout: '', stderr: '' };

const VALID: Case[] = [
  { name: 'liveness', method: 'GET', path: '/', status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Healthy' },
  { name: 'liveness as bytes', method: 'GET', path: '/', status: 200, body: Buffer.from('Healthy') },
  { name: 'ready', method: 'GET', path: '/ready', status: 200, headers: json, body: { ready: true } },
  { name: 'not ready yet', method: 'GET', path: '/ready', status: 503, body: { ready: false, message: 'init() is still running' } },
  { name: 'init failed', method: 'GET', path: '/ready', status: 503, body: { ready: false, message: 'init() failed: ValueError: no model', type: 'ValueError' } },
  { name: 'score object', method: 'POST', path: '/score', status: 200, headers: { ...rid, ...json }, body: { predictions: [0.1, 0.9] } },
  { name: 'score array, header False', method: 'POST', path: '/score', status: 200, headers: { ...rid, 'x-ms-run-function-failed': 'False' }, body: [1, 2] },
  { name: 'score null', method: 'POST', path: '/score', status: 200, headers: { 'X-Ms-Request-Id': 'caller-id-1' }, body: null },
  { name: 'score string', method: 'POST', path: '/score?verbose=1', status: 200, headers: rid, body: 'a string' },
  { name: 'score as bytes', method: 'POST', path: '/score', status: 200, headers: { ...rid, ...json }, body: Buffer.from('{"a":1}') },
  {
    name: 'run() failed',
    method: 'POST',
    path: '/score',
    status: 500,
    headers: { ...rid, 'x-ms-run-function-failed': 'True' },
    body: { message: 'An unexpected error occurred in scoring script. Check the logs for more info.' },
  },
  { name: 'scoring timeout', method: 'POST', path: '/score', status: 500, headers: { ...rid, 'x-ms-run-function-failed': 'True' }, body: { message: 'Scoring timeout after 60000 ms' } },
  { name: 'score not ready', method: 'POST', path: '/score', status: 503, headers: rid, body: { message: 'The scoring script is not ready: init() failed.' } },
  { name: 'swagger 2.0', method: 'GET', path: '/swagger.json', status: 200, body: { swagger: '2.0', info: { title: 'ML service' }, paths: { '/score': {} } } },
  { name: 'openapi 3', method: 'GET', path: '/swagger.json', status: 200, body: { openapi: '3.0.1', paths: {} } },
  { name: 'worker created', method: 'POST', path: '/workers', status: 201, headers: json, body: { id: 'w-10.0.0.4-process000', pid: 1001 } },
  { name: 'worker created, queueing run calls', method: 'POST', path: '/workers', status: 201, headers: { ...json, 'x-runtime-queues': 'true' }, body: { id: 'w2', pid: 1002 } },
  { name: 'bad worker body', method: 'POST', path: '/workers', status: 400, body: { message: 'spec.nodeIp is required', field: 'spec.nodeIp' } },
  { name: 'no process can be started', method: 'POST', path: '/workers', status: 503, body: { message: 'The worker process could not be started: spawn /usr/local/bin/node EAGAIN' } },
  { name: 'init ok', method: 'POST', path: '/workers/w1/init', status: 200, body: { ...outBase, status: 'ok' } },
  { name: 'init error', method: 'POST', path: '/workers/w1/init', status: 200, body: { ...outBase, status: 'error', error: scriptError } },
  { name: 'init unknown worker', method: 'POST', path: '/workers/nope/init', status: 404, body: { message: "No worker 'nope'" } },
  { name: 'run ok', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'ok', results: ['x'], failed: 0 } },
  { name: 'run timeout', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'timeout', elapsedMs: 60000 } },
  { name: 'queued run skipped', method: 'POST', path: '/workers/w1/run', status: 200, body: { status: 'skipped' } },
  { name: 'run bad body', method: 'POST', path: '/workers/w1/run', status: 400, body: { message: 'timeoutMs must be > 0' } },
  { name: 'run unknown worker', method: 'POST', path: '/workers/nope/run', status: 404, body: { message: "No worker 'nope'" } },
  { name: 'worker deleted', method: 'DELETE', path: '/workers/w1', status: 204 },
  { name: 'score ok', method: 'POST', path: '/workers/w1/score', status: 200, body: { status: 'ok', elapsedMs: 3, value: { result: [1] } } },
  { name: 'score bad body', method: 'POST', path: '/workers/w1/score', status: 400, body: { message: 'expected {"body": string, "timeoutMs": number > 0}' } },
  { name: 'score unknown worker', method: 'POST', path: '/workers/w1/score', status: 404, body: { message: "No worker 'w1'" } },
  { name: 'worker deleted, empty bytes', method: 'DELETE', path: '/workers/w1', status: 204, body: Buffer.alloc(0) },
  { name: 'delete unknown worker', method: 'DELETE', path: '/workers/w%201', status: 404, body: { message: "No worker 'w 1'" } },
];

test('a valid example of every documented response passes', () => {
  for (const c of VALID) {
    assert.deepEqual(checkResponse(c.method, c.path, c.status, c.headers ?? {}, c.body), [], `${c.name}: ${c.method} ${c.path} ${c.status}`);
  }
  // Every documented (operation, status) has at least one valid example above.
  const covered = new Set(VALID.map((c) => `${c.method} ${matchRoute(c.method, c.path)!.template} ${c.status}`));
  for (const op of loadContract().operations) {
    for (const status of op.responses.keys()) assert.ok(covered.has(`${op.method} ${op.template} ${status}`), `no valid example of ${op.method} ${op.template} ${status}`);
  }
});

interface BrokenCase extends Case {
  rule: string;
  /** Where the message says the problem is: a JSON path, or "header <name>". */
  at: string;
}

const BROKEN: BrokenCase[] = [
  { name: 'score error without error', rule: 'body.required', at: '$.error', method: 'POST', path: '/workers/w1/score', status: 200, body: { status: 'error', elapsedMs: 1 } },
  // missing field
  { name: 'run ok without failed', rule: 'body.required', at: '$.failed', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'ok', results: [] } },
  { name: 'init error without error', rule: 'body.required', at: '$.error', method: 'POST', path: '/workers/w1/init', status: 200, body: { ...outBase, status: 'crashed' } },
  { name: 'script error without stack', rule: 'body.required', at: '$.error.stack', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'error', error: { type: 'E', message: 'm' } } },
  { name: 'outcome without stdout', rule: 'body.required', at: '$.stdout', method: 'POST', path: '/workers/w1/run', status: 200, body: { status: 'timeout', elapsedMs: 1, stderr: '' } },
  { name: 'created without pid', rule: 'body.required', at: '$.pid', method: 'POST', path: '/workers', status: 201, body: { id: 'w1' } },
  { name: 'not ready without message', rule: 'body.required', at: '$.message', method: 'GET', path: '/ready', status: 503, body: { ready: false } },
  { name: 'error without message', rule: 'body.required', at: '$.message', method: 'DELETE', path: '/workers/x', status: 404, body: { error: 'not found' } },
  { name: 'swagger without version', rule: 'body.anyOf', at: '$', method: 'GET', path: '/swagger.json', status: 200, body: { paths: {} } },
  // wrong status
  { name: 'created answered 200', rule: 'status.undocumented', at: '$', method: 'POST', path: '/workers', status: 200, body: { id: 'w1', pid: 1 } },
  { name: 'readiness 500', rule: 'status.undocumented', at: '$', method: 'GET', path: '/ready', status: 500, body: { message: 'x' } },
  { name: 'delete answered 200', rule: 'status.undocumented', at: '$', method: 'DELETE', path: '/workers/w1', status: 200, body: {} },
  { name: 'score 400', rule: 'status.undocumented', at: '$', method: 'POST', path: '/score', status: 400, headers: rid, body: { message: 'x' } },
  // wrong type or value
  { name: 'pid as a string', rule: 'body.type', at: '$.pid', method: 'POST', path: '/workers', status: 201, body: { id: 'w1', pid: '1001' } },
  { name: 'elapsedMs as a string', rule: 'body.type', at: '$.elapsedMs', method: 'POST', path: '/workers/w1/init', status: 200, body: { ...outBase, status: 'ok', elapsedMs: '3' } },
  { name: 'results not an array', rule: 'body.type', at: '$.results', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'ok', results: {}, failed: 0 } },
  { name: 'failed negative', rule: 'body.minimum', at: '$.failed', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'ok', results: [], failed: -1 } },
  { name: 'failed fractional', rule: 'body.type', at: '$.failed', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'ok', results: [], failed: 0.5 } },
  { name: 'unknown status', rule: 'body.enum', at: '$.status', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'failed' } },
  { name: 'skipped with output', rule: 'body.additionalProperties', at: '$.stdout', method: 'POST', path: '/workers/w1/run', status: 200, body: { status: 'skipped', stdout: '' } },
  { name: 'timeout with results', rule: 'body.additionalProperties', at: '$.results', method: 'POST', path: '/workers/w1/run', status: 200, body: { ...outBase, status: 'timeout', results: [] } },
  { name: 'ready false on 200', rule: 'body.const', at: '$.ready', method: 'GET', path: '/ready', status: 200, body: { ready: false } },
  { name: 'message not a string', rule: 'body.type', at: '$.message', method: 'POST', path: '/workers/w1/run', status: 404, body: { message: 404 } },
  // headers
  { name: 'score 200 without x-ms-request-id', rule: 'header.required', at: 'header x-ms-request-id', method: 'POST', path: '/score', status: 200, body: {} },
  { name: 'score 503 without x-ms-request-id', rule: 'header.required', at: 'header x-ms-request-id', method: 'POST', path: '/score', status: 503, body: { message: 'not ready' } },
  {
    name: 'run() failure without x-ms-run-function-failed',
    rule: 'header.required',
    at: 'header x-ms-run-function-failed',
    method: 'POST',
    path: '/score',
    status: 500,
    headers: rid,
    body: { message: 'boom' },
  },
  {
    name: 'run() failure with x-ms-run-function-failed false',
    rule: 'header.value',
    at: 'header x-ms-run-function-failed',
    method: 'POST',
    path: '/score',
    status: 500,
    headers: { ...rid, 'x-ms-run-function-failed': 'false' },
    body: { message: 'boom' },
  },
  { name: 'queues not true', rule: 'header.value', at: 'header x-runtime-queues', method: 'POST', path: '/workers', status: 201, headers: { 'x-runtime-queues': 'yes' }, body: { id: 'w3', pid: 1003 } },
  { name: 'success flagged failed', rule: 'header.value', at: 'header x-ms-run-function-failed', method: 'POST', path: '/score', status: 200, headers: { ...rid, 'x-ms-run-function-failed': 'True' }, body: 1 },
  // liveness
  { name: 'liveness OK', rule: 'body.text', at: '$', method: 'GET', path: '/', status: 200, body: 'OK' },
  { name: 'liveness with newline', rule: 'body.text', at: '$', method: 'GET', path: '/', status: 200, body: 'Healthy\n' },
  { name: 'liveness as JSON', rule: 'content-type.undocumented', at: '$', method: 'GET', path: '/', status: 200, headers: json, body: { status: 'Healthy' } },
  // timeout message
  { name: 'timeout in seconds', rule: 'body.pattern', at: '$.message', method: 'POST', path: '/score', status: 500, headers: { ...rid, 'x-ms-run-function-failed': 'True' }, body: { message: 'Scoring timeout after 60 s' } },
  { name: 'timeout without N', rule: 'body.pattern', at: '$.message', method: 'POST', path: '/score', status: 500, headers: { ...rid, 'x-ms-run-function-failed': 'True' }, body: { message: 'Scoring timeout after ms' } },
  { name: 'timeout with a tail', rule: 'body.pattern', at: '$.message', method: 'POST', path: '/score', status: 500, headers: { ...rid, 'x-ms-run-function-failed': 'True' }, body: { message: 'Scoring timeout after 5000 ms.' } },
  // undocumented route
  { name: 'GET /health', rule: 'route.undocumented', at: '$', method: 'GET', path: '/health', status: 200, body: 'Healthy' },
  { name: 'GET /score', rule: 'route.undocumented', at: '$', method: 'GET', path: '/score', status: 200, body: {} },
  { name: 'GET /workers', rule: 'route.undocumented', at: '$', method: 'GET', path: '/workers', status: 200, body: [] },
  { name: 'too deep', rule: 'route.undocumented', at: '$', method: 'POST', path: '/workers/w1/run/now', status: 200, body: {} },
  { name: 'empty id', rule: 'route.undocumented', at: '$', method: 'POST', path: '/workers//init', status: 200, body: {} },
  // bodies
  { name: '204 with a body', rule: 'body.unexpected', at: '$', method: 'DELETE', path: '/workers/w1', status: 204, body: { deleted: true } },
  { name: 'JSON body missing', rule: 'body.missing', at: '$', method: 'GET', path: '/ready', status: 200 },
  { name: 'JSON body not JSON', rule: 'body.json', at: '$', method: 'GET', path: '/ready', status: 200, body: Buffer.from('ready') },
];

test('broken responses fail with the right rule, naming route, status and path', () => {
  for (const c of BROKEN) {
    const found = checkResponse(c.method, c.path, c.status, c.headers ?? {}, c.body);
    const label = `${c.name}: ${JSON.stringify(found)}`;
    const hit = found.find((v) => v.rule === c.rule);
    assert.ok(hit, `${c.name}: expected rule ${c.rule}, got ${JSON.stringify(found)}`);
    const template = matchRoute(c.method, c.path)?.template ?? c.path;
    assert.ok(hit.message.startsWith(`${c.method} ${template} -> ${c.status} at ${c.at}`), label);
  }
});

test('x-ms-request-id echoes the request header, or is a UUID when there was none', () => {
  const ok = { 'x-ms-run-function-failed': 'True' };
  assert.deepEqual(checkResponse('POST', '/score', 500, { ...ok, 'x-ms-request-id': 'abc' }, { message: 'boom' }, { headers: { 'X-MS-Request-ID': 'abc' } }), []);
  assert.deepEqual(checkResponse('POST', '/score', 200, rid, {}, { headers: {} }), []);
  const wrong = checkResponse('POST', '/score', 200, { 'x-ms-request-id': 'xyz' }, {}, { headers: { 'x-ms-request-id': 'abc' } });
  assert.deepEqual(wrong.map((v) => v.rule), ['header.echo']);
  assert.match(wrong[0].message, /^POST \/score -> 200 at header x-ms-request-id: must echo the request's "abc"; got "xyz"$/);
  const notUuid = checkResponse('POST', '/score', 200, { 'x-ms-request-id': 'req-1' }, {}, { headers: {} });
  assert.deepEqual(notUuid.map((v) => v.rule), ['header.echo']);
});

test('one response reports every problem at once', () => {
  const found = checkResponse('POST', '/score', 500, {}, { message: 'Scoring timeout after 5 s' });
  assert.deepEqual(found.map((v) => v.rule).sort(), ['body.pattern', 'header.required', 'header.required']);
});

// ---------------------------------------------------------------------------------------------
// Requests

test('valid requests pass', () => {
  assert.deepEqual(checkRequest('POST', '/workers', { spec, timeScale: 1 }), []);
  assert.deepEqual(checkRequest('POST', '/workers', { spec: { ...spec, codeDir: 'C:\\mounts\\code', env: {} }, timeScale: 0.001 }), []);
  assert.deepEqual(checkRequest('POST', '/workers/w1/run', { miniBatch: ['/mnt/inputs/a.png', '/mnt/inputs/b.png'], timeoutMs: 60000 }), []);
  assert.deepEqual(checkRequest('POST', '/workers/w1/run', { miniBatch: [], timeoutMs: 1 }), []);
  assert.deepEqual(checkRequest('POST', '/workers/w1/run', { miniBatch: ['/mnt/inputs/c.png'], timeoutMs: 60000, after: 2, seq: 7 }), []);
  assert.deepEqual(checkRequest('POST', '/workers/w1/init', undefined), []);
  assert.deepEqual(checkRequest('DELETE', '/workers/w1', undefined), []);
  assert.deepEqual(checkRequest('POST', '/score', { data: [[1, 2]] }, { 'content-type': 'application/json' }), []);
  assert.deepEqual(checkRequest('POST', '/score', null), []);
  assert.deepEqual(checkRequest('GET', '/ready', undefined), []);
});

test('broken requests fail with the right rule and path', () => {
  const cases: { name: string; method: string; path: string; body: unknown; rule: string; at: string }[] = [
    { name: 'extra spec field', method: 'POST', path: '/workers', body: { spec: { ...spec, gpu: true }, timeScale: 1 }, rule: 'body.additionalProperties', at: '$.spec.gpu' },
    { name: 'missing spec field', method: 'POST', path: '/workers', body: { spec: { ...spec, env: undefined }, timeScale: 1 }, rule: 'body.required', at: '$.spec.env' },
    { name: 'bad logging level', method: 'POST', path: '/workers', body: { spec: { ...spec, loggingLevel: 'ERROR' }, timeScale: 1 }, rule: 'body.enum', at: '$.spec.loggingLevel' },
    { name: 'env value not a string', method: 'POST', path: '/workers', body: { spec: { ...spec, env: { N: 1 } }, timeScale: 1 }, rule: 'body.type', at: '$.spec.env.N' },
    { name: 'relative codeDir', method: 'POST', path: '/workers', body: { spec: { ...spec, codeDir: 'code' }, timeScale: 1 }, rule: 'body.pattern', at: '$.spec.codeDir' },
    { name: 'absolute scoringScript', method: 'POST', path: '/workers', body: { spec: { ...spec, scoringScript: '/x.mjs' }, timeScale: 1 }, rule: 'body.pattern', at: '$.spec.scoringScript' },
    { name: 'nodeIp not an IP', method: 'POST', path: '/workers', body: { spec: { ...spec, nodeIp: 'node-0' }, timeScale: 1 }, rule: 'body.format', at: '$.spec.nodeIp' },
    { name: 'timeScale 0', method: 'POST', path: '/workers', body: { spec, timeScale: 0 }, rule: 'body.exclusiveMinimum', at: '$.timeScale' },
    { name: 'no timeScale', method: 'POST', path: '/workers', body: { spec }, rule: 'body.required', at: '$.timeScale' },
    { name: 'relative input path', method: 'POST', path: '/workers/w1/run', body: { miniBatch: ['/mnt/a.png', 'b.png'], timeoutMs: 1 }, rule: 'body.pattern', at: '$.miniBatch[1]' },
    { name: 'timeoutMs 0', method: 'POST', path: '/workers/w1/run', body: { miniBatch: [], timeoutMs: 0 }, rule: 'body.exclusiveMinimum', at: '$.timeoutMs' },
    { name: 'after fractional', method: 'POST', path: '/workers/w1/run', body: { miniBatch: [], timeoutMs: 1, after: 1.5 }, rule: 'body.type', at: '$.after' },
    { name: 'miniBatch a string', method: 'POST', path: '/workers/w1/run', body: { miniBatch: '/mnt/a.png', timeoutMs: 1 }, rule: 'body.type', at: '$.miniBatch' },
    { name: 'init with a body', method: 'POST', path: '/workers/w1/init', body: { now: true }, rule: 'body.unexpected', at: '$' },
    { name: 'score without a body', method: 'POST', path: '/score', body: undefined, rule: 'body.missing', at: '$' },
    { name: 'undocumented route', method: 'PUT', path: '/workers/w1', body: {}, rule: 'route.undocumented', at: '$' },
  ];
  for (const c of cases) {
    const found = checkRequest(c.method, c.path, c.body);
    const hit = found.find((v) => v.rule === c.rule);
    assert.ok(hit, `${c.name}: expected ${c.rule}, got ${JSON.stringify(found)}`);
    const template = matchRoute(c.method, c.path)?.template ?? c.path;
    assert.ok(hit.message.startsWith(`${c.method} ${template} request at ${c.at}`), `${c.name}: ${hit.message}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers

test('path templates match concrete paths', () => {
  assert.deepEqual(matchRoute('POST', '/workers/abc/run'), { template: '/workers/{id}/run', params: { id: 'abc' } });
  assert.deepEqual(matchRoute('post', '/workers/a%2Fb/init'), { template: '/workers/{id}/init', params: { id: 'a/b' } });
  assert.deepEqual(matchRoute('DELETE', '/workers/w1'), { template: '/workers/{id}', params: { id: 'w1' } });
  assert.deepEqual(matchRoute('GET', '/'), { template: '/', params: {} });
  assert.deepEqual(matchRoute('GET', '/ready?probe=1'), { template: '/ready', params: {} });
  assert.equal(matchRoute('GET', '/ready/'), undefined);
  assert.equal(matchRoute('DELETE', '/workers'), undefined);
});

test('ContractViolationError carries the violations, for callers that throw', () => {
  assert.doesNotThrow(() => assertResponse('GET', '/', 200, {}, 'Healthy'));
  let caught: unknown;
  try {
    assertResponse('GET', '/', 200, {}, 'OK');
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ContractViolationError && caught instanceof Error);
  assert.equal(caught.name, 'ContractViolation');
  const violations: readonly ContractViolation[] = caught.violations;
  assert.deepEqual(violations.map((v) => v.rule), ['body.text']);
  assert.match(caught.message, /^\[body\.text\] GET \/ -> 200 at \$: text\/plain body must be exactly "Healthy"; got "OK"$/);
});
