/**
 * Every route the app serves, each with a request it would accept: the valid parameters, query
 * and body the fuzzers start from before they break one thing. `uris` and `yaml` name the body
 * fields that hold a URI or resource id, or YAML text, which get hostile values of their own.
 */
import { DEFAULT_RESOURCE_GROUP, DEFAULT_SUBSCRIPTION } from '../../workspace/workspace.ts';
import { encodeSegment } from './hostile.ts';
import { API_VERSION, BATCH_DEPLOYMENT, BATCH_ENDPOINT, ONLINE_ENDPOINT, type FuzzWorld } from './world.ts';

export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** Who may call a route: a token for one of the two audiences, an endpoint key, or anyone. */
export type Plane = 'management' | 'ml' | 'key' | 'open';

export interface RouteSpec {
  method: Method;
  /** The route as fastify lists it: lower case, :params, * for the rest of the path. */
  template: string;
  plane: Plane;
  /** The answer's error shape: Azure's {"error": {...}} or OAuth2's (the token endpoint). */
  errors: 'arm' | 'oauth';
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  /** The token endpoint takes a form, not JSON. */
  form?: boolean;
  uris?: string[];
  yaml?: string[];
}

const PROVIDER = '/providers/microsoft.machinelearningservices';
const WS = `/subscriptions/:subscriptionId/resourcegroups/:resourceGroup${PROVIDER}/workspaces/:workspace`;
const OPERATIONS = `/subscriptions/:subscriptionId${PROVIDER}/locations/:region`;

export function routeSpecs(world: FuzzWorld): RouteSpec[] {
  const id = world.workspaceId;
  const tenant = world.service.sim.tokens.tenantId;
  const ws = { subscriptionId: DEFAULT_SUBSCRIPTION, resourceGroup: DEFAULT_RESOURCE_GROUP, workspace: 'ws' };
  const api = { 'api-version': API_VERSION };
  const arm = (method: Method, template: string, params: Record<string, string> = {}, extra: Partial<RouteSpec> = {}): RouteSpec => ({
    method,
    template: `${WS}${template}`,
    plane: 'management',
    errors: 'arm',
    params: { ...ws, ...params },
    query: api,
    ...extra,
  });
  const code = { codeId: `${id}/codes/code/versions/1`, scoringScript: 'score.mjs' };
  const assets: RouteSpec[] = [
    ['data', { dataType: 'uri_folder', dataUri: 'azureml://datastores/workspaceblobstore/paths/fuzz/' }, ['properties.dataUri'], []],
    ['models', { modelType: 'custom_model', modelUri: `file://${world.folders.model}` }, ['properties.modelUri'], []],
    ['codes', { codeUri: `file://${world.folders.code}` }, ['properties.codeUri'], []],
    ['environments', { image: 'mcr.microsoft.com/azureml/minimal', condaFile: 'dependencies:\n  - pip:\n    - numpy\n' }, [], ['properties.condaFile']],
  ].flatMap(([segment, properties, uris, yaml]) => [
    arm('GET', `/${segment}/:name/versions/:version`, { name: segment === 'environments' ? 'env' : String(segment).replace(/s$/, ''), version: '1' }),
    arm('PUT', `/${segment}/:name/versions/:version`, { name: `fuzz-${segment}`, version: '1' }, { body: { properties }, uris: uris as string[], yaml: yaml as string[] }),
  ]);

  return [
    arm('GET', ''),
    arm('PUT', '', {}, { body: { location: 'westeurope', properties: {} } }),
    arm('GET', '/computes'),
    arm('GET', '/computes/:name', { name: 'cpu' }),
    arm('PUT', '/computes/:name', { name: 'fuzz-cpu' }, {
      body: { location: 'westeurope', properties: { computeType: 'AmlCompute', properties: { vmSize: 'STANDARD_DS3_V2', osType: 'Linux', scaleSettings: { minNodeCount: 0, maxNodeCount: 2 } } } },
    }),
    arm('DELETE', '/computes/:name', { name: 'cpu' }, { query: { ...api, underlyingResourceAction: 'Delete' } }),
    arm('GET', '/datastores'),
    arm('GET', '/datastores/:name', { name: 'workspaceblobstore' }),
    arm('PUT', '/datastores/:name', { name: 'fuzzstore' }, {
      body: { properties: { datastoreType: 'AzureBlob', accountName: world.service.sim.workspace('ws').storageAccount, containerName: 'fuzz', credentials: { credentialsType: 'AccountKey' } } },
    }),
    ...assets,
    arm('GET', '/batchendpoints'),
    arm('GET', '/batchendpoints/:endpoint', { endpoint: BATCH_ENDPOINT }),
    arm('PUT', '/batchendpoints/:endpoint', { endpoint: BATCH_ENDPOINT }, { body: { location: 'westeurope', tags: { team: 'fuzz' }, properties: { authMode: 'AADToken', defaults: { deploymentName: BATCH_DEPLOYMENT } } } }),
    arm('DELETE', '/batchendpoints/:endpoint', { endpoint: BATCH_ENDPOINT }),
    arm('GET', '/batchendpoints/:endpoint/deployments', { endpoint: BATCH_ENDPOINT }),
    arm('GET', '/batchendpoints/:endpoint/deployments/:deployment', { endpoint: BATCH_ENDPOINT, deployment: BATCH_DEPLOYMENT }),
    arm('PUT', '/batchendpoints/:endpoint/deployments/:deployment', { endpoint: BATCH_ENDPOINT, deployment: 'green' }, {
      body: {
        location: 'westeurope',
        properties: {
          model: { referenceType: 'Id', assetId: `${id}/models/model/versions/1` },
          codeConfiguration: code,
          environmentId: `${id}/environments/env/versions/1`,
          compute: `${id}/computes/cpu`,
          resources: { instanceCount: 1 },
          miniBatchSize: 2,
          maxConcurrencyPerInstance: 1,
          errorThreshold: -1,
          outputAction: 'AppendRow',
          outputFileName: 'predictions.csv',
          loggingLevel: 'Info',
          retrySettings: { maxRetries: 2, timeout: 'PT30S' },
          environmentVariables: { MODE: 'fuzz' },
        },
      },
      uris: ['properties.model.assetId', 'properties.codeConfiguration.codeId', 'properties.environmentId', 'properties.compute'],
    }),
    arm('GET', '/onlineendpoints/:endpoint', { endpoint: ONLINE_ENDPOINT }),
    arm('PUT', '/onlineendpoints/:endpoint', { endpoint: ONLINE_ENDPOINT }, { body: { location: 'westeurope', properties: { authMode: 'Key', description: 'fuzz' } } }),
    arm('POST', '/onlineendpoints/:endpoint/listkeys', { endpoint: ONLINE_ENDPOINT }),
    arm('GET', '/onlineendpoints/:endpoint/deployments/:deployment', { endpoint: ONLINE_ENDPOINT, deployment: 'green' }),
    arm('PUT', '/onlineendpoints/:endpoint/deployments/:deployment', { endpoint: ONLINE_ENDPOINT, deployment: 'green' }, {
      body: {
        location: 'westeurope',
        sku: { name: 'Default', capacity: 1 },
        properties: {
          endpointComputeType: 'Managed',
          model: `${id}/models/model/versions/1`,
          codeConfiguration: code,
          environmentId: `${id}/environments/env/versions/1`,
          instanceType: 'Standard_DS3_v2',
          scaleSettings: { scaleType: 'Default' },
          requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1, maxQueueWait: 'PT0.5S' },
          livenessProbe: { initialDelay: 'PT10S', period: 'PT10S', timeout: 'PT2S', successThreshold: 1, failureThreshold: 3 },
        },
      },
      uris: ['properties.model', 'properties.codeConfiguration.codeId', 'properties.environmentId'],
    }),
    arm('POST', '/onlineendpoints/:endpoint/deployments/:deployment/getlogs', { endpoint: ONLINE_ENDPOINT, deployment: 'green' }, { body: { tail: 10 } }),
    arm('GET', '/jobs/:name', { name: 'no-such-job' }),
    ...(['mfeoperationsstatus', 'mfeoperationresults'] as const).map((kind): RouteSpec => ({
      method: 'GET',
      template: `${OPERATIONS}/${kind}/:id`,
      plane: 'management',
      errors: 'arm',
      params: { subscriptionId: DEFAULT_SUBSCRIPTION, region: world.region, id: '00000000-0000-4000-8000-000000000000' },
      query: api,
    })),
    {
      method: 'POST',
      template: '/inference/:region/:endpoint/jobs',
      plane: 'ml',
      errors: 'arm',
      params: { region: world.region, endpoint: BATCH_ENDPOINT },
      query: {},
      body: {
        properties: {
          InputData: { input: { JobInputType: 'UriFolder', Uri: 'azureml:data:1' } },
          OutputData: { output: { JobOutputType: 'UriFile', Uri: 'azureml://datastores/workspaceblobstore/paths/out/predictions.csv' } },
        },
      },
      uris: ['properties.InputData.input.Uri', 'properties.OutputData.output.Uri'],
    },
    { method: 'POST', template: '/inference/:region/:endpoint/score', plane: 'key', errors: 'arm', params: { region: world.region, endpoint: ONLINE_ENDPOINT }, query: {}, body: { data: [[1, 2, 3]] } },
    ...(['/common/discovery/instance', '/:tenant/v2.0/.well-known/openid-configuration', '/:tenant/discovery/v2.0/keys'] as const).map(
      (template): RouteSpec => ({ method: 'GET', template, plane: 'open', errors: 'arm', params: { tenant }, query: {} }),
    ),
    {
      method: 'POST',
      template: '/:tenant/oauth2/v2.0/token',
      plane: 'open',
      errors: 'oauth',
      params: { tenant },
      query: {},
      form: true,
      body: { grant_type: 'client_credentials', client_id: world.service.application.clientId, client_secret: world.service.application.secret, scope: 'https://management.azure.com/.default' },
    },
    ...control(world),
  ];
}

/** The /_sim control surface: open by design (the local test's own steering wheel). */
function control(world: FuzzWorld): RouteSpec[] {
  const open = (method: Method, template: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({ method, template, plane: 'open', errors: 'arm', params: {}, query: {}, ...extra });
  const account = world.service.sim.workspace('ws').storageAccount;
  return [
    open('GET', '/_sim/health'),
    open('POST', '/_sim/reset'),
    open('GET', '/_sim/clock'),
    open('POST', '/_sim/clock/advance', { body: { seconds: 60 } }),
    open('GET', '/_sim/faults'),
    open('POST', '/_sim/faults', { body: { operation: 'GET computes', status: 503, code: 'ServiceUnavailable', probability: 0.5, seed: 7, latencyMs: 0, count: 1 } }),
    open('DELETE', '/_sim/faults'),
    open('GET', '/_sim/snapshot'),
    open('POST', '/_sim/restore', { body: world.baseline }),
    open('PUT', '/_sim/storage/:account', { params: { account: 'fuzzaccount' } }),
    open('PUT', '/_sim/storage/:account/:container/*', { params: { account, container: 'fuzz', '*': 'data/file.txt' }, body: { any: 'bytes' } }),
    open('GET', '/_sim/storage/:account/:container/*', { params: { account, container: 'fuzz', '*': 'data/file.txt' } }),
    open('POST', '/_sim/storage/:account/roleassignments', { params: { account }, body: { principalId: 'sp-fuzz', role: 'Storage Blob Data Reader' } }),
    open('GET', '/_sim/workspaces/:workspace/files', { params: { workspace: 'ws' }, query: { uri: 'azureml://datastores/workspaceblobstore/paths/fuzz/file.txt' } }),
  ];
}

/** The URL of a route with these parameters (already URL-encoded: hostile ones stay as they are). */
export function urlOf(route: RouteSpec, params: Record<string, string>, query: Record<string, string> | string): string {
  const path = route.template.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => params[name ?? '*'] ?? whole);
  const search = typeof query === 'string' ? query : Object.entries(query).map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
  return search ? `${path}?${search}` : path;
}
