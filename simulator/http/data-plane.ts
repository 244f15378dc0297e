/**
 * The scoring data plane: batch invocations (POST <scoring URI>/jobs, which starts a job) and
 * online scoring (POST <scoring URI>/score). Azure serves them at
 * <endpoint>.<region>.inference.ml.azure.com; the simulator serves the same routes under
 * /inference/<region>/<endpoint>, and maps those hostnames there when nock sends them in.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SimError } from '../errors.ts';
import { isCloudUri } from '../storage/datastores.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { answer, baseUrl, bearer, checkRequest } from './app.ts';
import { jobToArm } from './arm/jobs.ts';
import { refuseClimbing } from './arm/local-paths.ts';
import type { SimulatorService } from './service.ts';

export const INFERENCE_HOST = /^([a-z0-9-]+)\.([a-z0-9]+)\.inference\.ml\.azure\.com$/i;

/** The scoring URI as the caller can reach it: Azure's hostname through nock, loopback otherwise. */
export function scoringUri(request: FastifyRequest, region: string, endpoint: string, leaf: string): string {
  if (/\.azure\.com$/i.test(request.hostname)) return `https://${endpoint}.${region}.inference.ml.azure.com/${leaf}`;
  return `${baseUrl(request)}/inference/${region}/${endpoint}/${leaf}`;
}

interface Invocation {
  properties: {
    InputData: Record<string, { JobInputType: string; Uri: string }>;
    OutputData?: Record<string, { JobOutputType: 'UriFile' | 'UriFolder'; Uri: string }>;
  };
}

/** Endpoint names are unique per region: the one workspace of the region that has it. */
function owner(service: SimulatorService, region: string, has: (ws: Workspace) => boolean, kind: string, name: string): Workspace {
  const ws = [...service.sim.workspaces.values()].find((w) => w.region === region && has(w));
  if (!ws) throw new SimError('ResourceNotFound', { kind, name, workspace: `(any workspace in ${region})` });
  return ws;
}

/** JobInputType UriFolder -> uri_folder; the other types reach the endpoint's own check (BE-16). */
function inputType(jobInputType: string): string {
  return jobInputType.replace(/^Uri/, 'uri_').replace(/^MLTable$/, 'mltable').toLowerCase();
}

export function registerDataPlane(app: FastifyInstance, service: SimulatorService): void {
  app.post('/inference/:region/:endpoint/jobs', { config: { operation: 'POST batchEndpoints/invoke', token: 'ml', json: true } }, async (request, reply) => {
    const { region, endpoint } = request.params as { region: string; endpoint: string };
    const ws = owner(service, region, (w) => w.batchEndpoints.has(endpoint), 'batch endpoint', endpoint);
    const ml = service.client(ws, bearer(request));
    const body = checkRequest<Invocation>('arm/job#/definitions/invocation', 'invocation', endpoint, request.body);
    const [[inputName, input]] = Object.entries(body.properties.InputData);
    const [[outputName, output] = ['', undefined]] = Object.entries(body.properties.OutputData ?? {});
    remoteData(input.Uri, `properties.InputData.${inputName}.Uri`, true);
    if (output) remoteData(output.Uri, `properties.OutputData.${outputName}.Uri`, false);
    const file = output?.JobOutputType === 'UriFile' ? output.Uri.replace(/\/+$/, '') : undefined;
    const job = await ml.batchEndpoints.invoke(endpoint, {
      input: { type: inputType(input.JobInputType), path: input.Uri },
      deployment: headerValue(request, 'azureml-model-deployment'),
      ...(output ? { outputPath: file ? file.slice(0, file.lastIndexOf('/')) : output.Uri } : {}),
      ...(file ? { outputFileName: file.slice(file.lastIndexOf('/') + 1) } : {}),
    });
    return answer(reply, 200, 'arm/job#/definitions/resource', jobToArm(ws, job));
  });

  app.post('/inference/:region/:endpoint/score', { config: { operation: 'POST onlineEndpoints/score' } }, async (request, reply) => {
    const { region, endpoint } = request.params as { region: string; endpoint: string };
    const ws = owner(service, region, (w) => w.onlineEndpoints.has(endpoint), 'online endpoint', endpoint);
    const credential = bearer(request);
    const ml = service.client(ws, credential);
    const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : JSON.stringify(request.body ?? '');
    const answered = await ml.onlineEndpoints.invoke(endpoint, text, { deployment: headerValue(request, 'azureml-model-deployment'), key: credential ?? '' });
    reply.headers(answered.headers);
    if (answered.error) throw answered.error;
    return reply.code(answered.status).send(answered.body);
  });
}

/**
 * Over HTTP, data is registered data (inputs only) or in the cloud: a path on the service's own
 * disk is never the caller's data (the CLI uploads local data before it calls).
 */
function remoteData(uri: string, field: string, registered: boolean): void {
  refuseClimbing(uri, field);
  if (isCloudUri(uri) || (registered && uri.startsWith('azureml:') && !uri.startsWith('azureml://'))) return;
  const forms = registered ? 'registered data (azureml:<name>:<version>) or a cloud URI' : 'a cloud URI';
  throw new SimError('UnsupportedInputData', { problem: `${field} '${uri}' is not ${forms}; the service does not read its own disk` }, { target: field });
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

