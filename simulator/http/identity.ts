/**
 * A Microsoft Entra ID stand-in: OpenID metadata, instance discovery, JWKS and the OAuth2 token
 * endpoint (client-credentials grant), at the paths of login.microsoftonline.com. MSAL (through
 * @azure/identity) signs in against it unchanged; tokens are the simulator's signed JWTs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalog } from '../../specs/errors.ts';
import { AUDIENCES } from '../auth/tokens.ts';
import { SimError } from '../errors.ts';
import { baseUrl } from './app.ts';
import type { SimulatorService } from './service.ts';

const TOKEN_LIFETIME_S = 3599;

export function registerIdentity(app: FastifyInstance, service: SimulatorService): void {
  const metadata = (base: string, tenant: string) => ({
    token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['ES256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid'],
    kerberos_endpoint: `${base}/${tenant}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });

  app.get('/:tenant/v2.0/.well-known/openid-configuration', async (request) => {
    const { tenant } = request.params as { tenant: string };
    knownTenant(service, tenant);
    return metadata(baseUrl(request), tenant);
  });

  // MSAL asks which hosts are aliases of the authority before it trusts it.
  app.get('/common/discovery/instance', async (request) => {
    const host = request.host;
    return {
      tenant_discovery_endpoint: `${baseUrl(request)}/${service.sim.tokens.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });

  app.get('/:tenant/discovery/v2.0/keys', async (request) => {
    knownTenant(service, (request.params as { tenant: string }).tenant);
    return service.sim.tokens.jwks();
  });

  // Its refusals, before the handler too, are in OAuth2's shape (the app's error handler, `oauth`).
  app.post('/:tenant/oauth2/v2.0/token', { config: { operation: 'POST token', oauth: true } }, async (request) => {
    const { tenant } = request.params as { tenant: string };
    // Entra reads a form only: any other body holds none of the parameters.
    const form = (isForm(request) ? request.body : {}) as Record<string, string | undefined>;
    knownTenant(service, tenant);
    const missing = ['grant_type', 'client_id', 'scope'].find((parameter) => !form[parameter]);
    if (missing) throw new SimError('EntraMissingParameter', { parameter: missing });
    if (form.grant_type !== 'client_credentials') throw new SimError('EntraUnsupportedGrant', { grant: form.grant_type ?? '' });
    const app = service.sim.tokens.applications.authenticate(form.client_id, form.client_secret);
    const scope = form.scope ?? '';
    const resource = scope.replace(/\/\.default$/, '');
    const known = Object.values(AUDIENCES) as string[];
    if (!scope.endsWith('/.default') || !known.includes(resource.replace(/\/$/, ''))) {
      throw new SimError('EntraInvalidScope', { scope, resources: known.join(', ') });
    }
    const token = await service.sim.tokens.issue({ resource: resource.replace(/\/$/, ''), principalId: app.principalId, lifetimeSeconds: TOKEN_LIFETIME_S + 1 });
    return { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: token };
  });
}

function isForm(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function knownTenant(service: SimulatorService, tenant: string): void {
  if (tenant !== service.sim.tokens.tenantId) throw new SimError('EntraTenantNotFound', { tenant });
}

/** Entra answers OAuth2 errors in RFC 6749's shape, with its AADSTS code in the description. */
export function oauthError(reply: FastifyReply, error: SimError): FastifyReply {
  const code = Number(/^AADSTS(\d+)/.exec(error.message)?.[1] ?? 0);
  return reply.code(error.status).send({
    error: errorCatalog[error.code].oauthError ?? 'invalid_request',
    error_description: error.message,
    error_codes: [code],
    timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    trace_id: reply.request.id,
    correlation_id: reply.request.id,
  });
}
