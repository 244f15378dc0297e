/**
 * The simulator's HTTP surface: Azure Resource Manager paths of Microsoft.MachineLearningServices,
 * the scoring data plane, a Microsoft Entra ID stand-in and the /_sim control surface, on one
 * fastify app. Routes are thin: they translate Azure's shapes to the client's calls and back.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Plane } from '../auth/tokens.ts';
import { SimError } from '../errors.ts';
import { MAX_DEPTH, MAX_PROBLEMS, listProblems, nameProblem, shapeProblems } from '../validation.ts';
import { registerArm } from './arm/routes.ts';
import { registerControl } from './control.ts';
import { registerDataPlane, INFERENCE_HOST } from './data-plane.ts';
import { oauthError, registerIdentity } from './identity.ts';
import { API_VERSIONS, type SimulatorService } from './service.ts';

export interface RouteConfig {
  /** The operation's name, as fault rules match it: "PUT batchEndpoints". */
  operation?: string;
  /** ARM routes need a token for https://management.azure.com, ?api-version= and JSON bodies. */
  arm?: boolean;
  /** The audience a route's token must have, when it is not an ARM route's. */
  token?: Plane;
  /** A body, when the request has one, must be JSON. */
  json?: boolean;
  /** Errors in OAuth2's shape (the token endpoint), for refusals before the handler too. */
  oauth?: boolean;
}

const BODY_LIMIT = 64 * 1024 * 1024;
/** ARM's longest resource names (assets) are 255 characters. */
const MAX_PARAM_LENGTH = 255;

export interface AppOptions {
  https?: { key: string; cert: string };
  logger?: boolean;
}

export function buildApp(service: SimulatorService, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    https: options.https ?? null,
    // ARM path segments are case-insensitive (resourceGroups, Microsoft.MachineLearningServices).
    routerOptions: { caseSensitive: false, maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: BODY_LIMIT,
    // A URL the router cannot take apart gets Azure's error body too, not fastify's.
    frameworkErrors: (error, request, reply) => sendError(service, reply, toSimError(error, request)),
    // A scoring host (<endpoint>.<region>.inference.ml.azure.com, reached through nock) is served
    // under /inference/<region>/<endpoint>, where loopback clients reach it too.
    rewriteUrl: (req) => {
      const match = INFERENCE_HOST.exec(String(req.headers.host ?? '').replace(/:\d+$/, ''));
      return match ? `/inference/${match[2]}/${match[1]}${req.url ?? '/'}` : (req.url ?? '/');
    },
  }) as unknown as FastifyInstance;

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Blobs and scoring bodies are kept as the bytes that came.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config as RouteConfig;
    // The token first, as Azure's front door does: a caller without one learns nothing else.
    const plane = config.token ?? (config.arm ? 'management' : undefined);
    if (plane) await service.sim.tokens.verify(bearer(request), plane);
    if (config.arm) checkApiVersion(request);
    if (config.arm && request.method === 'PUT') checkNames(request);
    if (config.arm || config.json) checkJsonBody(request);
    if (!config.operation) return;
    const fault = service.faults.decide(config.operation);
    if (!fault) return;
    if (fault.rule.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.rule.latencyMs));
    if (fault.error) {
      reply.header('x-ms-sim-fault', fault.rule.id);
      throw fault.error;
    }
  });

  app.setErrorHandler((error, request, reply) => sendError(service, reply, toSimError(error, request)));
  app.setNotFoundHandler((request) => {
    throw new SimError('RouteNotFound', { method: request.method, path: request.url.split('?')[0] });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-ms-request-id', request.id);
    return payload;
  });

  registerIdentity(app, service);
  registerArm(app, service);
  registerDataPlane(app, service);
  registerControl(app, service);
  return app;
}

function sendError(service: SimulatorService, reply: FastifyReply, error: SimError): FastifyReply {
  if ((reply.request.routeOptions?.config as RouteConfig | undefined)?.oauth) return oauthError(reply, error);
  if (error.status === 401) {
    const tenant = service.sim.tokens.tenantId;
    reply.header('WWW-Authenticate', `Bearer authorization_uri="https://login.microsoftonline.com/${tenant}", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`);
  }
  if (error.status === 429 || error.status === 503) reply.header('Retry-After', String(service.retryAfterSeconds));
  return reply.code(error.status).header('x-ms-error-code', error.code).send(error.toBody());
}

/**
 * JSON.parse, after a check of the nesting (the validators and clones walk it recursively), with
 * the parser's own words on what is wrong, and without the keys that would reach an object's
 * prototype when the body is copied.
 */
function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new SimError('InvalidJson', { problem: 'the body is empty' });
  const depth = nestingDepth(text);
  if (depth > MAX_DEPTH) throw new SimError('JsonTooDeep', { depth, limit: MAX_DEPTH });
  try {
    // Only text that can spell such a key (itself or through \u escapes) pays for the reviver.
    if (!/__proto__|constructor|\\u/.test(text)) return JSON.parse(text);
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)) {
        throw new SimError('InvalidJson', { problem: `the key '${key}' is not allowed` });
      }
      return value;
    });
  } catch (error) {
    if (error instanceof SimError) throw error;
    throw new SimError('InvalidJson', { problem: (error as Error).message });
  }
}

/** How deep arrays and objects nest in JSON text, counted without parsing it (and without recursion). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return deepest;
}

/** A body that came in another format (text, XML, a form) is refused by its content type, not by its fields. */
function checkJsonBody(request: FastifyRequest): void {
  if (request.body === undefined || request.body === null) return;
  const type = String(request.headers['content-type'] ?? '');
  const media = type.split(';')[0].trim().toLowerCase();
  if (media !== 'application/json' && !media.endsWith('+json')) {
    throw new SimError('UnsupportedMediaType', { contentType: type || '(none)' }, { target: 'Content-Type' });
  }
}

/** A PUT names what it creates: each name in its path keeps Azure's rules for its kind. */
function checkNames(request: FastifyRequest): void {
  const segments = request.routeOptions.url?.split('/') ?? [];
  const params = request.params as Record<string, string>;
  segments.forEach((segment, i) => {
    if (!segment.startsWith(':')) return;
    const name = params[segment.slice(1)];
    const problem = nameProblem(segments[i - 1].toLowerCase(), name);
    if (problem) throw new SimError('InvalidResourceName', { kind: problem.kind, name, rule: problem.rule }, { target: segment.slice(1) });
  });
}

function checkApiVersion(request: FastifyRequest): void {
  const version = (request.query as Record<string, string | undefined>)['api-version'];
  if (!version) throw new SimError('MissingApiVersionParameter');
  if (!API_VERSIONS.includes(version)) throw new SimError('InvalidApiVersionParameter', { version, supported: API_VERSIONS.join(', ') });
}

/** Fastify's own refusals, in the catalog's words. */
const FRAMEWORK_ERRORS: Record<string, (request: FastifyRequest) => SimError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (r) => new SimError('UnsupportedMediaType', { contentType: String(r.headers['content-type'] ?? '(none)') }, { target: 'Content-Type' }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new SimError('RequestTooLarge', { limit: BODY_LIMIT }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (r) => new SimError('BadRequest', { problem: `The body's size is not its Content-Length (${String(r.headers['content-length'])}).` }, { target: 'Content-Length' }),
  FST_ERR_BAD_URL: (r) => new SimError('InvalidUrl', { path: r.url.split('?')[0], problem: 'a part of it is not a valid URL component (a broken % escape?)' }),
  FST_ERR_MAX_PARAM_LENGTH: (r) => new SimError('InvalidUrl', { path: readable(r.url.split('?')[0]).slice(0, 300), problem: `a segment of it is longer than ${MAX_PARAM_LENGTH} characters` }),
};

/** A path as its caller wrote it, escapes decoded where they decode. */
function readable(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function toSimError(error: unknown, request: FastifyRequest): SimError {
  if (error instanceof SimError) return error;
  const e = error as { validation?: unknown; statusCode?: number; message?: string; code?: string };
  const known = e.code ? FRAMEWORK_ERRORS[e.code] : undefined;
  if (known) return known(request);
  if (e.statusCode && e.statusCode < 500) {
    return new SimError('BadRequest', { problem: `${request.method} ${request.url.split('?')[0]}: ${e.message ?? 'bad request'}` });
  }
  request.log.error(error);
  return new SimError('InternalServerError', { problem: (error as Error).message ?? String(error) });
}

/** The bearer token of the request, if any. */
export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/**
 * The base URL the caller used: the host it reached (loopback, or an Azure host through nock,
 * which hands requests over without TLS; Azure's hosts are https only).
 */
export function baseUrl(request: FastifyRequest): string {
  return `${/\.azure\.com$/i.test(request.hostname) ? 'https' : request.protocol}://${request.host}`;
}

/** Validates the request body against a schema of specs/schemas; a bad body changes nothing. */
export function checkRequest<T>(schema: string, kind: string, name: string, body: unknown): T {
  const problems = body === undefined || body === null ? ['the request has no body: send a JSON object (required)'] : shapeProblems(schema, body);
  if (problems.length > 0) {
    throw new SimError('ValidationError', { kind, name, problems: listProblems(problems) }, { details: problems.slice(0, MAX_PROBLEMS).map((message) => ({ code: 'ValidationError', message })) });
  }
  return body as T;
}

/** Sends an answer after checking it against its schema: a shape the spec does not allow is a bug here. */
export function answer(reply: FastifyReply, status: number, schema: string, body: unknown): FastifyReply {
  const problems = shapeProblems(schema, body);
  if (problems.length > 0) {
    const operation = `${reply.request.method} ${reply.request.url.split('?')[0]}`;
    throw new SimError('ResponseContractViolation', { operation, schema, problems: problems.join('; ') });
  }
  return reply.code(status).send(body);
}
