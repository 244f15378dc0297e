/**
 * The Open Inference Protocol (V2, REST) for the model of the runtime's model folder: health,
 * server and model metadata, model readiness and inference, as KServe, MLServer and Triton serve
 * it. Requests are checked against the model's metadata here (names, datatypes, shapes, data
 * length); inference itself runs in a worker process, like any scoring (oip-model.mjs).
 * Errors are {"error": "<message>"}: 404 for an unknown model or version, 400 for a bad request.
 */
import type { TensorMetadata } from './onnx-metadata.ts';

export interface OipModel {
  name: string;
  version: string;
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
  ready(): boolean;
  infer(inputs: TensorInput[], timeoutMs: number): Promise<{ ok: true; outputs: TensorOutput[] } | { ok: false; status: number; error: string }>;
}

export interface TensorInput {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

export type TensorOutput = TensorInput;

export interface OipAnswer {
  status: number;
  /** Undefined: no body (health answers carry their result in the status alone). */
  body?: unknown;
}

export const SERVER = { name: 'azureml-sim-runtime', version: '1.0.0', extensions: [] as string[] };
const DATATYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'];

const error = (status: number, message: string): OipAnswer => ({ status, body: { error: message } });

/** The answer to an OIP route, or undefined when the path is not one of them. */
export async function handleOip(method: string, path: string, body: () => Promise<string>, model: OipModel | undefined, timeoutMs: number): Promise<OipAnswer | undefined> {
  if (!path.startsWith('/v2')) return undefined;
  if (method === 'GET' && path === '/v2/health/live') return { status: 200 };
  if (method === 'GET' && path === '/v2/health/ready') return { status: model?.ready() ? 200 : 503 };
  if (method === 'GET' && path === '/v2') return { status: 200, body: SERVER };
  const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
  if (!match) return error(404, `no route ${method} ${path}`);
  const [, name, version, action] = match;
  if (!model || decodeURIComponent(name) !== model.name || (version !== undefined && decodeURIComponent(version) !== model.version)) {
    return error(404, `model '${decodeURIComponent(name)}'${version ? ` version '${decodeURIComponent(version)}'` : ''} is not served here`);
  }
  if (method === 'GET' && action === undefined) {
    return { status: 200, body: { name: model.name, versions: [model.version], platform: model.platform, inputs: model.inputs, outputs: model.outputs } };
  }
  if (method === 'GET' && action === '/ready') return { status: model.ready() ? 200 : 503 };
  if (method === 'POST' && action === '/infer') return infer(model, await body(), timeoutMs);
  return error(405, `${method} is not allowed on ${path}`);
}

async function infer(model: OipModel, text: string, timeoutMs: number): Promise<OipAnswer> {
  let request: { id?: unknown; inputs?: unknown; parameters?: unknown; outputs?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch (e) {
    return error(400, `the request body is not JSON: ${(e as Error).message}`);
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return error(400, 'the request body must be a JSON object');
  if (request.id !== undefined && typeof request.id !== 'string') return error(400, "'id' must be a string");
  if (!Array.isArray(request.inputs) || request.inputs.length === 0) return error(400, "'inputs' must be a non-empty array of tensors");
  const inputs: TensorInput[] = [];
  for (const [i, raw] of (request.inputs as unknown[]).entries()) {
    const checked = checkInput(model, raw, i);
    if (typeof checked === 'string') return error(400, checked);
    inputs.push(checked);
  }
  const missing = model.inputs.filter((m) => !inputs.some((i) => i.name === m.name)).map((m) => m.name);
  if (missing.length > 0) return error(400, `missing input(s): ${missing.join(', ')}`);
  if (!model.ready()) return error(503, `model '${model.name}' is not ready`);
  const result = await model.infer(inputs, timeoutMs);
  if (!result.ok) return error(result.status, result.error);
  return { status: 200, body: { model_name: model.name, model_version: model.version, ...(request.id !== undefined ? { id: request.id } : {}), outputs: result.outputs } };
}

/** A tensor of the request, checked against the model's metadata; a message when it is wrong. */
function checkInput(model: OipModel, raw: unknown, index: number): TensorInput | string {
  if (typeof raw !== 'object' || raw === null) return `inputs[${index}] must be an object`;
  const t = raw as Partial<TensorInput>;
  if (typeof t.name !== 'string') return `inputs[${index}].name must be a string`;
  const meta = model.inputs.find((m) => m.name === t.name);
  if (!meta) return `unexpected input '${t.name}': the model takes ${model.inputs.map((m) => m.name).join(', ')}`;
  if (typeof t.datatype !== 'string' || !DATATYPES.includes(t.datatype)) return `input '${t.name}': datatype must be one of ${DATATYPES.join(', ')}`;
  if (t.datatype !== meta.datatype) return `input '${t.name}': datatype ${t.datatype} does not match the model's ${meta.datatype}`;
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) return `input '${t.name}': shape must be an array of whole numbers >= 0`;
  if (t.shape.length !== meta.shape.length || meta.shape.some((d, i) => d !== -1 && d !== t.shape![i])) {
    return `input '${t.name}': shape [${t.shape.join(',')}] does not match the model's [${meta.shape.join(',')}]`;
  }
  if (!Array.isArray(t.data)) return `input '${t.name}': data must be an array`;
  const data = t.data.flat(Infinity);
  const expected = t.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) return `input '${t.name}': shape [${t.shape.join(',')}] holds ${expected} element(s), data has ${data.length}`;
  if (!data.every((v) => (t.datatype === 'BOOL' ? typeof v === 'boolean' : t.datatype === 'BYTES' ? typeof v === 'string' : typeof v === 'number'))) {
    return `input '${t.name}': every element must be a ${t.datatype === 'BOOL' ? 'boolean' : t.datatype === 'BYTES' ? 'string' : 'number'}`;
  }
  return { name: t.name, datatype: t.datatype, shape: t.shape, data };
}
