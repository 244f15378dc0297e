/**
 * Fuzz cases for the HTTP surface: a route's valid request with one thing broken, by category.
 * A case says what it broke (the fields and values), so the check can ask whether the error names
 * it. Bodies are built as JSON text, so a case can hold what JavaScript values cannot (1e999,
 * nesting deeper than any recursive walk, "__proto__" keys).
 */
import { posix } from 'node:path';
import fc from 'fast-check';
import { RAW, at, fieldsOf, objectPaths, paths, raw, setAt, toText, type Path } from './json.ts';
import { HOSTILE_NAMES, HOSTILE_YAML, HUGE_NUMBERS, deepJson, encodeSegment, hostileStrings, hostileUris } from './hostile.ts';
import { urlOf, type Method, type Plane, type RouteSpec } from './routes.ts';
import { CREDENTIALS, type Credential, type FuzzWorld } from './world.ts';

export const CATEGORIES = [
  'wrong-types',
  'huge-values',
  'deep-nesting',
  'unicode-strings',
  'traversal-names',
  'traversal-uris',
  'missing-fields',
  'unexpected-fields',
  'bad-json',
  'content-types',
  'tokens',
  'methods-and-queries',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface FuzzCase {
  category: Category;
  route: RouteSpec;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  credential: Credential;
  /** What was broken: the answer's error should name one of these fields or values; `where` when it is a name (a path segment) or a URI. */
  broke: { fields: string[]; values: string[]; where?: 'name' | 'uri' };
}

/** The credential a route accepts. */
export function validCredential(plane: Plane): Credential {
  return plane === 'ml' ? 'ml' : plane === 'key' ? 'endpoint-key' : 'management';
}

interface Draft {
  method: string;
  params: Record<string, string>;
  query: Record<string, string> | string;
  headers: Record<string, string>;
  body?: unknown;
  /** The body as it goes, when it is not the JSON of `body`. */
  text?: string | Buffer;
  credential: Credential;
  broke: FuzzCase['broke'];
}

function draft(route: RouteSpec): Draft {
  return { method: route.method, params: { ...route.params }, query: { ...route.query }, headers: {}, body: route.body === undefined ? undefined : structuredClone(route.body), credential: validCredential(route.plane), broke: { fields: [], values: [] } };
}

function finish(category: Category, route: RouteSpec, d: Draft, world: FuzzWorld): FuzzCase {
  const headers: Record<string, string> = {};
  const authorization = world.authorization[d.credential];
  if (authorization !== undefined) headers.authorization = authorization;
  let payload: string | Buffer | undefined = d.text;
  if (payload === undefined && d.body !== undefined) {
    const form = route.form && typeof d.body === 'object' && d.body !== null && !(RAW in d.body) && Object.values(d.body).every((v) => typeof v === 'string');
    payload = form ? new URLSearchParams(d.body as Record<string, string>).toString() : toText(d.body);
    headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  } else if (payload !== undefined) {
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, d.headers);
  for (const [k, v] of Object.entries(headers)) if (v === '\u0000drop') delete headers[k];
  return { category, route, method: d.method, url: urlOf(route, d.params, d.query), headers, payload, credential: d.credential, broke: d.broke };
}

/** A body to break: the route's own, or an object for one that takes none (a body it must ignore or refuse). */
const bodyOf = (d: Draft): unknown => d.body ?? { unexpected: 'body' };

/** A path is named by its normal form ('//x/' is '/x'). */
const pathForms = (value: string) => (value.startsWith('/') ? [value, posix.normalize(value)] : [value]);

function withBody(d: Draft, path: Path, value: unknown, values: string[] = []): Draft {
  return { ...d, body: setAt(bodyOf(d), path, value), broke: { fields: fieldsOf(path, bodyOf(d)), values: values.flatMap(pathForms) } };
}

const anyPath = (d: Draft) => fc.constantFrom(...paths(bodyOf(d)));

function wrongTypes(d: Draft): fc.Arbitrary<Draft> {
  return anyPath(d).chain((path) => {
    const current = at(bodyOf(d), path);
    const kind = current === null ? 'null' : Array.isArray(current) ? 'array' : typeof current;
    const others = [
      ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true }))],
      ['string', fc.string({ maxLength: 8 })],
      ['boolean', fc.boolean()],
      ['null', fc.constant(null)],
      ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
      ['object', fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })],
    ] as const;
    return fc.oneof(...others.filter(([k]) => k !== kind).map(([, arb]) => arb as fc.Arbitrary<unknown>)).map((value) => withBody(d, path, value));
  });
}

function hugeValues(d: Draft): fc.Arbitrary<Draft> {
  const value = fc.oneof(
    fc.constantFrom(...HUGE_NUMBERS).map(raw),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1, 1e21, Number.MAX_VALUE, Number.MIN_VALUE),
    fc.tuple(fc.constantFrom(1_000, 100_000, 1_000_000), fc.constantFrom('a', 'é', '💥', '/')).map(([n, c]) => c.repeat(n)),
    fc.constantFrom(10_000, 100_000).map((n) => new Array<number>(n).fill(7)),
    fc.constantFrom(1_000, 20_000).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(anyPath(d), value).map(([path, v]) => withBody(d, path, v, typeof v === 'string' ? [v] : [])) },
    { weight: 1, arbitrary: paramOf(d).chain((p) => fc.constantFrom(1_000, 10_000).map((n) => breakParam(d, p, 'n'.repeat(n)))) },
  );
}

function deepNesting(d: Draft): fc.Arbitrary<Draft> {
  return fc.tuple(anyPath(d), fc.constantFrom(64, 1_000, 10_000, 100_000), fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>).map(([path, depth, kind]) =>
    withBody(d, path, raw(deepJson(depth, kind)), ['levels deep']),
  );
}

function unicodeStrings(d: Draft, route: RouteSpec): fc.Arbitrary<Draft> {
  const stringPaths = paths(bodyOf(d)).filter((p) => typeof at(bodyOf(d), p) === 'string');
  const inBody = fc.tuple(stringPaths.length > 0 ? fc.constantFrom(...stringPaths) : anyPath(d), hostileStrings).map(([path, s]) => withBody(d, path, s, [s]));
  const asKey = fc.tuple(fc.constantFrom(...objectPaths(bodyOf(d))), hostileStrings).map(([path, key]) => withBody(d, [...path, key], 'value', [key]));
  const inParam = fc.tuple(paramOf(d), hostileStrings).map(([p, s]) => breakParam(d, p, encodeSegment(s), s));
  const inHeader = hostileStrings.map((s) => ({ ...d, headers: { 'azureml-model-deployment': encodeSegment(s) }, broke: { fields: ['azureml-model-deployment'], values: [s] } }));
  const yaml = route.yaml ?? [];
  const inYaml = fc.tuple(fc.constantFrom(...(yaml.length > 0 ? yaml : ['properties']).map((p) => p.split('.'))), fc.constantFrom(...HOSTILE_YAML)).map(([path, text]) => withBody(d, path, text));
  return fc.oneof({ weight: 4, arbitrary: inBody }, { weight: 1, arbitrary: asKey }, { weight: 2, arbitrary: inParam }, { weight: 1, arbitrary: inHeader }, { weight: yaml.length > 0 ? 3 : 0, arbitrary: inYaml });
}

/** A path parameter of the route to break, or "" when it has none. */
const paramOf = (d: Draft): fc.Arbitrary<string> => (Object.keys(d.params).length > 0 ? fc.constantFrom(...Object.keys(d.params)) : fc.constant(''));

function breakParam(d: Draft, param: string, encoded: string, decoded = decodeSafely(encoded)): Draft {
  const values = [decoded, ...(climbs(decoded) ? ['..'] : [])];
  if (param === '') return { ...d, query: { ...(d.query as Record<string, string>), name: decoded }, broke: { fields: ['name'], values } };
  return { ...d, params: { ...d.params, [param]: encoded }, broke: { fields: [param], values, where: 'name' } };
}

/** Whether a path has a '..' segment (an answer refusing it may name just that). */
const climbs = (path: string) => /(^|[/\\])\.\.([/\\]|$)/.test(path);

function decodeSafely(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function traversalNames(d: Draft): fc.Arbitrary<Draft> {
  const generated = fc.array(fc.constantFrom('..', '%2e%2e', '%2f', '%5c', 'a', '%00', '.'), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
  return fc.tuple(paramOf(d), fc.oneof(fc.constantFrom(...HOSTILE_NAMES), generated)).map(([p, name]) => breakParam(d, p, name));
}

function traversalUris(d: Draft, route: RouteSpec, world: FuzzWorld): fc.Arbitrary<Draft> {
  const uris = hostileUris(world.folders, world.workspaceId);
  const generated = fc
    .tuple(fc.constantFrom('file://', 'azureml://datastores/workspaceblobstore/paths/', `file://${world.folders.code}/`, ''), fc.array(fc.constantFrom('..', '%2e%2e', '%2f', 'etc', '.', '%00', '\\..'), { minLength: 1, maxLength: 6 }))
    .map(([prefix, parts]) => prefix + parts.join('/'));
  const uri = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...uris) }, { weight: 1, arbitrary: generated });
  const named = (u: string) => [u, ...(climbs(decodeSafely(u)) ? ['..'] : [])];
  const asUri = (c: Draft): Draft => ({ ...c, broke: { ...c.broke, where: 'uri' } });
  if (route.uris?.length) return fc.tuple(fc.constantFrom(...route.uris.map((p) => p.split('.'))), uri).map(([path, u]) => asUri(withBody(d, path, u, named(u))));
  if (route.template.endsWith('/files')) return uri.map((u) => asUri({ ...d, query: { uri: u }, broke: { fields: ['uri'], values: named(u) } }));
  // One encoded segment: a '..' the URL parser would resolve before sending is the server's to refuse.
  if (route.template.endsWith('/*')) return uri.map((u) => breakParam(d, '*', encodeSegment(u.replace(/^[a-z]+:\/\//, ''))));
  return fc.tuple(paramOf(d), uri).map(([p, u]) => breakParam(d, p, encodeSegment(u), u));
}

function missingFields(d: Draft, route: RouteSpec): fc.Arbitrary<Draft> {
  const removable = paths(bodyOf(d)).filter((p) => p.length > 0);
  const dropBody = fc.constant<Draft>({ ...d, body: undefined, text: undefined, broke: { fields: fieldsOf([], bodyOf(d)), values: [] } });
  const dropQuery = fc.constant<Draft>({ ...d, query: {}, broke: { fields: Object.keys(route.query), values: [] } });
  const dropField = removable.length > 0 ? fc.constantFrom(...removable).map((path) => withBody(d, path, undefined)) : dropBody;
  const emptyParam = paramOf(d).map((p) => breakParam(d, p, ''));
  return fc.oneof({ weight: 6, arbitrary: dropField }, { weight: 1, arbitrary: dropBody }, { weight: 1, arbitrary: dropQuery }, { weight: 1, arbitrary: emptyParam });
}

function unexpectedFields(d: Draft): fc.Arbitrary<Draft> {
  const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$ref', '$schema', 'id', '', ' ', 'properties', 'miniBatchSize', 'api-version'), fc.string({ minLength: 1, maxLength: 12 }));
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ polluted: true }));
  const inBody = fc.tuple(fc.constantFrom(...objectPaths(bodyOf(d))), key, value).map(([path, k, v]) => withBody(d, [...path, k], v, [k]));
  const inQuery = fc.tuple(key, fc.string({ maxLength: 8 })).map(([k, v]) => ({ ...d, query: `${new URLSearchParams(d.query as Record<string, string>).toString()}&${encodeSegment(k)}=${encodeSegment(v)}`, broke: { fields: [k], values: [] } }));
  const inHeader = fc.constantFrom('x-ms-client-request-id', 'x-forwarded-for', 'x-http-method-override', 'x-original-url', 'host').map((h) => ({
    ...d,
    headers: { [h]: h === 'host' ? 'evil.inference.ml.azure.com' : h === 'x-http-method-override' ? 'DELETE' : '../../admin' },
    broke: { fields: [h], values: [] },
  }));
  return fc.oneof({ weight: 5, arbitrary: inBody }, { weight: 1, arbitrary: inQuery }, { weight: 1, arbitrary: inHeader });
}

function badJson(d: Draft): fc.Arbitrary<Draft> {
  const valid = toText(bodyOf(d));
  const broken = fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((n) => valid.slice(0, n)),
    fc.tuple(fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }), fc.constantFrom('"', '{', ']', ',', ':', '\\', '\u0000', 'x')).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1)),
    fc.constantFrom('{', '}', '[', 'null', 'undefined', 'NaN', 'Infinity', '{"a":}', "{'a':1}", '{"a":1,}', '\uFEFF{}', '', ' ', '{"a":1}{"b":2}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '"just a string"', '42', 'true', '[]', '{"properties":{"a":1,"a":2}}'),
  );
  const bytes = fc.constantFrom(Buffer.from([0xff, 0xfe, 0x00, 0x7b]), Buffer.from([0xc0, 0xae, 0x7b, 0x7d]), Buffer.from('{"a":"\udc00"}', 'utf16le'));
  // Text that still parses (a bare string, a renamed key) is JSON of the wrong shape: any field of the shape names it.
  return fc.oneof({ weight: 4, arbitrary: broken }, { weight: 1, arbitrary: bytes }).map((text) => {
    const parsed = parse(text);
    const broke = parsed === undefined ? { fields: ['JSON'], values: [] } : { fields: fieldsOf([], bodyOf(d)), values: paths(parsed.value).map((p) => at(parsed.value, p)).filter((v): v is string => typeof v === 'string') };
    return { ...d, text, broke };
  });
}

function parse(text: string | Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(String(text)) };
  } catch {
    return undefined;
  }
}

function contentTypes(d: Draft): fc.Arbitrary<Draft> {
  const text = toText(bodyOf(d));
  const type = fc.constantFrom(
    'text/plain',
    'application/xml',
    'multipart/form-data',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/octet-stream',
    'application/jsonx',
    ';',
    'application/json;;;',
    'APPLICATION/JSON',
    'application/*',
    '*/*',
    'application/json, text/plain',
    `application/json; x=${'a'.repeat(10_000)}`,
    '\u0000drop',
  );
  return fc.tuple(type, fc.boolean()).map(([t, gzip]) => ({ ...d, text, headers: { 'content-type': t, ...(gzip ? { 'content-encoding': 'gzip' } : {}) }, broke: { fields: ['content-type', 'Content-Type', 'body', 'JSON', 'json'], values: [] } }));
}

function tokens(d: Draft, route: RouteSpec): fc.Arbitrary<Draft> {
  const valid = validCredential(route.plane);
  return fc.constantFrom(...CREDENTIALS.filter((c) => c !== valid)).map((credential) => ({ ...d, credential, broke: { fields: ['token', 'authorization', 'Authorization', 'key'], values: [] } }));
}

function methodsAndQueries(d: Draft, route: RouteSpec): fc.Arbitrary<Draft> {
  const other = fc.constantFrom<Method | 'PATCH' | 'OPTIONS'>('GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS').filter((m) => m !== route.method);
  // Another method reaches another route or none: whatever that answers is right, so nothing is asked of its words.
  const method = other.map((m) => ({ ...d, method: m, broke: { fields: [], values: [] } }));
  const version = fc.oneof(fc.constantFrom('', '2099-01-01', '2022-05-01 ', '2022-5-1', 'latest', '../../', '2022-05-01&api-version=2024-04-01'), fc.string({ maxLength: 12 }));
  const api = version.map((v) => ({ ...d, query: { ...(d.query as Record<string, string>), 'api-version': v }, broke: { fields: ['api-version'], values: [v] } }));
  const twice = fc.constant<Draft>({ ...d, query: `${new URLSearchParams(d.query as Record<string, string>).toString()}&api-version=2022-05-01`, broke: { fields: ['api-version'], values: [] } });
  const holdover = fc.constant<Draft>({ ...d, headers: { ...d.headers, 'x-http-method-override': 'DELETE' }, broke: { fields: [], values: [] } });
  return fc.oneof({ weight: 3, arbitrary: method }, { weight: 3, arbitrary: api }, { weight: 1, arbitrary: twice }, { weight: 1, arbitrary: holdover });
}

const GENERATORS: Record<Category, (d: Draft, route: RouteSpec, world: FuzzWorld) => fc.Arbitrary<Draft>> = {
  'wrong-types': (d) => wrongTypes(d),
  'huge-values': (d) => hugeValues(d),
  'deep-nesting': (d) => deepNesting(d),
  'unicode-strings': (d, route) => unicodeStrings(d, route),
  'traversal-names': (d) => traversalNames(d),
  'traversal-uris': (d, route, world) => traversalUris(d, route, world),
  'missing-fields': (d, route) => missingFields(d, route),
  'unexpected-fields': (d) => unexpectedFields(d),
  'bad-json': (d) => badJson(d),
  'content-types': (d) => contentTypes(d),
  tokens: (d, route) => tokens(d, route),
  'methods-and-queries': (d, route) => methodsAndQueries(d, route),
};

/** Cases of one category over every route (the token category over the routes that need a credential). */
export function casesOf(category: Category, routes: RouteSpec[], world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  const candidates = category === 'tokens' ? routes.filter((r) => r.plane !== 'open') : routes;
  return fc.constantFrom(...candidates).chain((route) => GENERATORS[category](draft(route), route, world).map((d) => finish(category, route, d, world)));
}
