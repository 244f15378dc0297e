/**
 * The simulator's HTTP surface: Azure Resource Manager paths of Microsoft.MachineLearningServices,
 * the scoring data plane, a Microsoft Entra ID stand-in and the /_sim control surface, on one
 * fastify app. Routes are thin: they translate Azure's shapes to the client's calls and back.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { SimError } from '../errors.ts';
import { shapeProblems } from '../validation.ts';
import { registerArm } from './arm/routes.ts';
import { registerControl } from './control.ts';
import { registerDataPlane, INFERENCE_HOST } from './data-plane.ts';
import { registerIdentity } from './identity.ts';
import { API_VERSIONS, type SimulatorService } from './service.ts';

export interface RouteConfig {
  /** The operation's name, as fault rules match it: "PUT batchEndpoints". */
  operation?: string;
  /** ARM routes need ?api-version=. */
  arm?: boolean;
}

export interface AppOptions {
  https?: { key: string; cert: string };
  logger?: boolean;
}

export function buildApp(service: SimulatorService, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    https: options.https ?? null,
    // ARM path segments are case-insensitive (resourceGroups, Microsoft.MachineLearningServices).
    routerOptions: { caseSensitive: false },
    bodyLimit: 64 * 1024 * 1024,
    // A scoring host (<endpoint>.<region>.inference.ml.azure.com, reached through nock) is served
    // under /inference/<region>/<endpoint>, where loopback clients reach it too.
    rewriteUrl: (req) => {
      const match = INFERENCE_HOST.exec(String(req.headers.host ?? '').replace(/:\d+$/, ''));
      return match ? `/inference/${match[2]}/${match[1]}${req.url ?? '/'}` : (req.url ?? '/');
    },
  }) as unknown as FastifyInstance;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Blobs and scoring bodies are kept as the bytes that came.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config as RouteConfig;
    if (config.arm) checkApiVersion(request);
    if (!config.operation) return;
    const fault = service.faults.decide(config.operation);
    if (!fault) return;
    if (fault.rule.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.rule.latencyMs));
    if (fault.error) {
      reply.header('x-ms-sim-fault', fault.rule.id);
      throw fault.error;
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const simError = toSimError(error, request);
    if (simError.status === 401) {
      const tenant = service.sim.tokens.tenantId;
      reply.header('WWW-Authenticate', `Bearer authorization_uri="https://login.microsoftonline.com/${tenant}", error="invalid_token", error_description="${simError.message.replace(/"/g, "'")}"`);
    }
    if (simError.status === 429 || simError.status === 503) reply.header('Retry-After', String(service.retryAfterSeconds));
    reply.code(simError.status).header('x-ms-error-code', simError.code).send(simError.toBody());
  });
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

function checkApiVersion(request: FastifyRequest): void {
  const version = (request.query as Record<string, string | undefined>)['api-version'];
  if (!version) throw new SimError('MissingApiVersionParameter');
  if (!API_VERSIONS.includes(version)) throw new SimError('InvalidApiVersionParameter', { version, supported: API_VERSIONS.join(', ') });
}

function toSimError(error: unknown, request: FastifyRequest): SimError {
  if (error instanceof SimError) return error;
  const e = error as { validation?: unknown; statusCode?: number; message?: string; code?: string };
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
  const problems = shapeProblems(schema, body ?? null);
  if (problems.length > 0) {
    throw new SimError('ValidationError', { kind, name, problems: problems.join('; ') }, { details: problems.map((message) => ({ code: 'ValidationError', message })) });
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
