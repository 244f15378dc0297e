/**
 * Checks HTTP exchanges with a scoring runtime against its contract, specs/runtime/openapi.yaml and
 * the JSON Schemas of specs/runtime/schemas (draft 2020-12, compiled by ajv in strict mode).
 *
 *   checkResponse('POST', '/workers/w1/run', 200, headers, body)  // [] when the answer conforms
 *   checkRequest('POST', '/workers', { spec, timeScale: 1 })
 *
 * Bodies are passed parsed: the JSON value for application/json, the text for text/plain (a
 * Buffer is decoded, and parsed when the body is JSON); undefined when there is no body.
 * Each violation names the route template, the status (or "request") and the JSON path at fault.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export const OPENAPI_URL = new URL('./runtime/openapi.yaml', import.meta.url);
export const SCHEMAS_URL = new URL('./runtime/schemas/', import.meta.url);

/** What was wrong. `body.<keyword>` rules come from the JSON Schema keyword that failed. */
export type ContractRule =
  | 'route.undocumented'
  | 'status.undocumented'
  | 'content-type.undocumented'
  | 'body.missing'
  | 'body.unexpected'
  | 'body.json'
  | 'body.text'
  | `body.${string}`
  | 'header.required'
  | 'header.value'
  | 'header.echo';

export interface ContractViolation {
  rule: ContractRule | string;
  message: string;
}

/** For callers that throw: carries every violation found. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolation';
  constructor(readonly violations: readonly ContractViolation[]) {
    super(violations.map((v) => `[${v.rule}] ${v.message}`).join('\n'));
  }
}

export type Headers = Record<string, string | undefined>;

/** Optional facts about the request, for checks that compare the response with it. */
export interface RequestContext {
  /** The request's headers: x-ms-request-id must then be echoed (or be a fresh UUID). */
  headers?: Headers;
}

// ---------------------------------------------------------------------------------------------
// Loading

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface MediaType {
  type: string;
  validate: ValidateFunction;
  /** The text fixed by the schema (const), for text media types. */
  fixedText?: string;
}

interface HeaderSpec {
  name: string;
  required: boolean;
  validate: ValidateFunction;
}

interface ResponseSpec {
  status: string;
  headers: HeaderSpec[];
  content: MediaType[];
}

interface Operation {
  method: string;
  template: string;
  segments: string[];
  requestBody?: { required: boolean; content: MediaType[] };
  responses: Map<string, ResponseSpec>;
}

export interface LoadedContract {
  document: JsonObject;
  ajv: Ajv2020;
  operations: Operation[];
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

/** Decodes one JSON pointer segment (RFC 6901). */
const unescapePointer = (s: string): string => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');

/** The node a '#/a/b' pointer names in doc, or undefined. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '#') return doc;
  const parts = pointer.replace(/^#?\//, '').split('/').map(unescapePointer);
  let node: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node) && Object.hasOwn(node, part)) node = node[part];
    else return undefined;
  }
  return node;
}

let loaded: LoadedContract | undefined;

/** Parses the OpenAPI document and compiles its schemas once; later calls return the same. */
export function loadContract(): LoadedContract {
  if (loaded) return loaded;
  const document = parseYaml(readFileSync(OPENAPI_URL, 'utf8')) as JsonObject;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // Annotation keywords of the OpenAPI 3.1 dialect, which strict mode would otherwise refuse.
  for (const keyword of ['example', 'xml', 'externalDocs']) ajv.addKeyword({ keyword });

  /** Schema files by URL (file:), each added to ajv under its $id. */
  const idByFile = new Map<string, string>();
  for (const name of readdirSync(SCHEMAS_URL).filter((n) => n.endsWith('.schema.json')).sort()) {
    const url = new URL(name, SCHEMAS_URL);
    const schema = JSON.parse(readFileSync(url, 'utf8')) as JsonObject;
    if (typeof schema.$id !== 'string') throw new Error(`${url.pathname} has no $id`);
    ajv.addSchema(schema);
    idByFile.set(url.href, schema.$id);
  }

  /** Follows Reference Objects inside the OpenAPI document (not into schema files). */
  const deref = (node: unknown): JsonObject => {
    const seen = new Set<string>();
    while (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
      if (seen.has(node.$ref)) throw new Error(`openapi.yaml: $ref cycle at ${node.$ref}`);
      seen.add(node.$ref);
      const target = resolvePointer(document, node.$ref);
      if (target === undefined) throw new Error(`openapi.yaml: $ref ${node.$ref} resolves to nothing`);
      node = target;
    }
    if (!isObject(node)) throw new Error(`openapi.yaml: expected an object, got ${JSON.stringify(node)}`);
    return node;
  };

  /** A schema of the OpenAPI document made self-contained for ajv: file refs become $ids. */
  const toAjv = (node: Json, where: string): Json => {
    if (Array.isArray(node)) return node.map((n) => toAjv(n, where));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (ref.startsWith('#')) return toAjv(deref(node) as Json, ref);
      const [file, fragment = ''] = ref.split('#');
      const id = idByFile.get(new URL(file, OPENAPI_URL).href);
      if (!id) throw new Error(`openapi.yaml ${where}: $ref ${ref} names no file of specs/runtime/schemas`);
      const { $ref: _ignored, ...rest } = node;
      return { ...(toAjv(rest, where) as JsonObject), $ref: fragment ? `${id}#${fragment}` : id };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, toAjv(v, where)]));
  };

  const compiled = new Map<string, ValidateFunction>();
  const compile = (schema: Json, where: string): ValidateFunction => {
    const ready = toAjv(schema, where);
    const key = JSON.stringify(ready);
    let validate = compiled.get(key);
    if (!validate) {
      validate = isObject(ready) && Object.keys(ready).length === 1 && typeof ready.$ref === 'string' && !ready.$ref.startsWith('#')
        ? ajv.getSchema(ready.$ref)
        : ajv.compile(ready as object);
      if (!validate) throw new Error(`openapi.yaml ${where}: schema ${key} does not compile`);
      compiled.set(key, validate);
    }
    return validate;
  };

  /** The const a text schema fixes, following $refs into the schema files. */
  const fixedText = (validate: ValidateFunction): string | undefined => {
    let schema: unknown = validate.schema;
    for (let i = 0; i < 10 && isObject(schema); i++) {
      if (typeof schema.const === 'string') return schema.const;
      if (typeof schema.$ref !== 'string') return undefined;
      schema = ajv.getSchema(schema.$ref)?.schema;
    }
    return undefined;
  };

  const mediaTypes = (content: unknown, where: string): MediaType[] =>
    isObject(content)
      ? Object.entries(content).map(([type, media]) => {
          const m = deref(media);
          const validate = compile(m.schema ?? {}, `${where} ${type}`);
          return { type: type.toLowerCase(), validate, fixedText: isJson(type) ? undefined : fixedText(validate) };
        })
      : [];

  const operations: Operation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [template, rawItem] of Object.entries(paths)) {
    const item = deref(rawItem);
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      if (!isObject(item[method])) continue;
      const op = item[method] as JsonObject;
      const where = `${method.toUpperCase()} ${template}`;
      const responses = new Map<string, ResponseSpec>();
      for (const [status, rawResponse] of Object.entries(deref(op.responses))) {
        const response = deref(rawResponse);
        const headers = Object.entries(isObject(response.headers) ? response.headers : {}).map(([name, raw]) => {
          const header = deref(raw);
          return { name: name.toLowerCase(), required: header.required === true, validate: compile(header.schema ?? {}, `${where} ${status} header ${name}`) };
        });
        responses.set(status.toUpperCase(), { status, headers, content: mediaTypes(response.content, `${where} ${status}`) });
      }
      const body = op.requestBody === undefined ? undefined : deref(op.requestBody);
      operations.push({
        method: method.toUpperCase(),
        template,
        segments: splitPath(template),
        requestBody: body && { required: body.required === true, content: mediaTypes(body.content, `${where} request`) },
        responses,
      });
    }
  }
  loaded = { document, ajv, operations };
  return loaded;
}

// ---------------------------------------------------------------------------------------------
// Matching

const splitPath = (path: string): string[] => (path === '/' ? [] : path.replace(/^\//, '').split('/'));
const isParam = (segment: string): boolean => /^\{[^{}]+\}$/.test(segment);
const isJson = (mediaType: string): boolean => /^application\/(?:[\w.+-]+\+)?json$/i.test(mediaType);

/** The documented operation for a concrete path ('/workers/abc/run' -> '/workers/{id}/run'). */
export function matchRoute(method: string, path: string): { template: string; params: Record<string, string> } | undefined {
  const found = findOperation(method, path);
  return found && { template: found.op.template, params: found.params };
}

function findOperation(method: string, rawPath: string): { op: Operation; params: Record<string, string> } | undefined {
  const path = rawPath.split(/[?#]/)[0] || '/';
  const segments = splitPath(path);
  let best: { op: Operation; params: Record<string, string>; literals: number } | undefined;
  for (const op of loadContract().operations) {
    if (op.method !== method.toUpperCase() || op.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const matches = op.segments.every((t, i) => {
      if (isParam(t)) {
        if (segments[i] === '') return false;
        try {
          params[t.slice(1, -1)] = decodeURIComponent(segments[i]);
        } catch {
          return false;
        }
        return true;
      }
      literals++;
      return t === segments[i];
    });
    // A literal segment beats a template parameter (/workers/new over /workers/{id}).
    if (matches && (!best || literals > best.literals)) best = { op, params, literals };
  }
  return best;
}

function findResponse(op: Operation, status: number): ResponseSpec | undefined {
  return op.responses.get(String(status)) ?? op.responses.get(`${String(status)[0]}XX`) ?? op.responses.get('DEFAULT');
}

// ---------------------------------------------------------------------------------------------
// Checking

/** '$', '$.error.type', '$.miniBatch[0]', "$['x-y']" from an ajv instancePath and a child. */
function jsonPath(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1).map(unescapePointer);
  if (child !== undefined) parts.push(child);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${acc}.${p}` : `${acc}[${JSON.stringify(p)}]`), '$');
}

const show = (value: unknown): string => {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** Where an ajv error points, and what it says there. */
function describeError(e: ErrorObject, body: unknown): { path: string; text: string } {
  if (e.keyword === 'required') return { path: jsonPath(e.instancePath, String(e.params.missingProperty)), text: 'is required but missing' };
  if (e.keyword === 'additionalProperties') {
    return { path: jsonPath(e.instancePath, String(e.params.additionalProperty)), text: 'is not a documented property (additionalProperties: false)' };
  }
  const actual = show(e.instancePath ? resolvePointer(body, e.instancePath) : body);
  const allowed = e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).map(show).join(', ')})` : e.keyword === 'const' ? ` ${show(e.params.allowedValue)}` : '';
  return { path: jsonPath(e.instancePath), text: `${e.message}${allowed}; got ${actual}` };
}

function schemaViolations(errors: readonly ErrorObject[] | null | undefined, body: unknown, prefix: string): ContractViolation[] {
  let list = errors ?? [];
  // "must match then schema" only summarizes the errors of the branch, which are reported too.
  if (list.some((e) => e.keyword !== 'if')) list = list.filter((e) => e.keyword !== 'if');
  // The errors of anyOf/oneOf branches are alternatives: fold them into the anyOf/oneOf error.
  const branches = new Map<ErrorObject, ErrorObject[]>();
  for (const e of list) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    branches.set(e, list.filter((s) => s !== e && s.schemaPath.startsWith(`${e.schemaPath}/`)));
  }
  const folded = new Set([...branches.values()].flat());
  const out: ContractViolation[] = [];
  const seen = new Set<string>();
  for (const e of list) {
    if (folded.has(e)) continue;
    let { path, text } = describeError(e, body);
    const alternatives = branches.get(e);
    if (alternatives?.length) {
      const each = alternatives.map((s) => describeError(s, body)).map((d) => `${d.path} ${d.text}`);
      text = `${e.message}: ${[...new Set(each)].join(', or ')}`;
    }
    const key = `${e.keyword} ${path} ${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: `body.${e.keyword}`, message: `${prefix} at ${path}: ${text}` });
  }
  return out;
}

const headerValue = (headers: Headers | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
};

const isEmpty = (body: unknown): boolean =>
  body === undefined || body === '' || (body instanceof Uint8Array && body.length === 0);

/** Picks the documented media type of a body (by Content-Type when given) and validates it. */
function checkBody(
  content: readonly MediaType[],
  required: boolean,
  contentType: string | undefined,
  body: unknown,
  prefix: string,
): ContractViolation[] {
  if (content.length === 0) {
    return isEmpty(body) ? [] : [{ rule: 'body.unexpected', message: `${prefix} at $: no body is documented, got ${show(body)}` }];
  }
  let media = content[0];
  if (contentType !== undefined) {
    const type = contentType.split(';')[0].trim().toLowerCase();
    const documented = content.find((m) => m.type === type);
    if (!documented) {
      return [{ rule: 'content-type.undocumented', message: `${prefix} at $: Content-Type ${type} is not documented (${content.map((m) => m.type).join(', ')})` }];
    }
    media = documented;
  }
  if (body === undefined) {
    return required ? [{ rule: 'body.missing', message: `${prefix} at $: a ${media.type} body is documented, got none` }] : [];
  }
  let value = body;
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('utf8');
    if (isJson(media.type)) {
      try {
        value = JSON.parse(text);
      } catch (error) {
        return [{ rule: 'body.json', message: `${prefix} at $: the body is not JSON (${(error as Error).message})` }];
      }
    } else value = text;
  }
  if (!isJson(media.type)) {
    if (typeof value !== 'string') return [{ rule: 'body.text', message: `${prefix} at $: a ${media.type} body is text, got ${show(value)}` }];
    if (media.validate(value)) return [];
    const expected = media.fixedText !== undefined ? `must be exactly ${show(media.fixedText)}` : (media.validate.errors ?? []).map((e) => e.message).join('; ');
    return [{ rule: 'body.text', message: `${prefix} at $: ${media.type} body ${expected}; got ${show(value)}` }];
  }
  return media.validate(value) ? [] : schemaViolations(media.validate.errors, value, prefix);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks one response of the runtime: the route and status are documented, the body matches the
 * schema of that status, the documented headers are there with documented values. With
 * `request.headers`, x-ms-request-id must also echo the request's (or be a UUID when it had none).
 */
export function checkResponse(
  method: string,
  path: string,
  status: number,
  headers: Headers,
  body: unknown,
  request?: RequestContext,
): ContractViolation[] {
  const found = findOperation(method, path);
  const route = `${method.toUpperCase()} ${found?.op.template ?? path.split(/[?#]/)[0]}`;
  const prefix = `${route} -> ${status}`;
  if (!found) {
    return [{ rule: 'route.undocumented', message: `${prefix} at $: ${method.toUpperCase()} ${path} is not a route of specs/runtime/openapi.yaml` }];
  }
  const response = findResponse(found.op, status);
  if (!response) {
    const documented = [...found.op.responses.values()].map((r) => r.status).join(', ');
    return [{ rule: 'status.undocumented', message: `${prefix} at $: status ${status} is not documented for ${route} (documented: ${documented})` }];
  }
  const violations: ContractViolation[] = [];
  for (const header of response.headers) {
    const value = headerValue(headers, header.name);
    if (value === undefined) {
      if (header.required) violations.push({ rule: 'header.required', message: `${prefix} at header ${header.name}: is required but missing` });
    } else if (!header.validate(value)) {
      const why = (header.validate.errors ?? []).map((e) => (e.keyword === 'const' ? `must be ${show(e.params.allowedValue)}` : e.message)).join('; ');
      violations.push({ rule: 'header.value', message: `${prefix} at header ${header.name}: ${why}; got ${show(value)}` });
    }
  }
  if (request?.headers && response.headers.some((h) => h.name === 'x-ms-request-id')) {
    const sent = headerValue(request.headers, 'x-ms-request-id');
    const echoed = headerValue(headers, 'x-ms-request-id');
    if (echoed !== undefined && sent !== undefined && echoed !== sent) {
      violations.push({ rule: 'header.echo', message: `${prefix} at header x-ms-request-id: must echo the request's ${show(sent)}; got ${show(echoed)}` });
    } else if (echoed !== undefined && sent === undefined && !UUID.test(echoed)) {
      violations.push({ rule: 'header.echo', message: `${prefix} at header x-ms-request-id: the request had none, so it must be a new UUID; got ${show(echoed)}` });
    }
  }
  violations.push(...checkBody(response.content, true, headerValue(headers, 'content-type'), body, prefix));
  return violations;
}

/** Checks a request to the runtime: the route is documented and the body matches its schema. */
export function checkRequest(method: string, path: string, body: unknown, headers?: Headers): ContractViolation[] {
  const found = findOperation(method, path);
  const route = `${method.toUpperCase()} ${found?.op.template ?? path.split(/[?#]/)[0]}`;
  const prefix = `${route} request`;
  if (!found) {
    return [{ rule: 'route.undocumented', message: `${prefix} at $: ${method.toUpperCase()} ${path} is not a route of specs/runtime/openapi.yaml` }];
  }
  const spec = found.op.requestBody;
  return checkBody(spec?.content ?? [], spec?.required ?? false, headerValue(headers, 'content-type'), body, prefix);
}

/** checkResponse, throwing ContractViolationError when anything is wrong. */
export function assertResponse(...args: Parameters<typeof checkResponse>): void {
  const violations = checkResponse(...args);
  if (violations.length > 0) throw new ContractViolationError(violations);
}

/** checkRequest, throwing ContractViolationError when anything is wrong. */
export function assertRequest(...args: Parameters<typeof checkRequest>): void {
  const violations = checkRequest(...args);
  if (violations.length > 0) throw new ContractViolationError(violations);
}
