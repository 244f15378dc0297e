// The Open Inference Protocol's model, as an entry script the runtime's worker host runs: init()
// loads the ONNX model of the model folder; run() takes {"inputs": [{name, datatype, shape, data}]}
// (already checked against the model's metadata by the server) and returns the outputs.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ARRAYS = { FP32: Float32Array, FP64: Float64Array, INT32: Int32Array, INT64: BigInt64Array, INT8: Int8Array, UINT8: Uint8Array, INT16: Int16Array, UINT16: Uint16Array, BOOL: Uint8Array };
const ORT_TYPES = { FP32: 'float32', FP64: 'float64', INT32: 'int32', INT64: 'int64', INT8: 'int8', UINT8: 'uint8', INT16: 'int16', UINT16: 'uint16', BOOL: 'bool' };
const OIP_TYPES = Object.fromEntries(Object.entries(ORT_TYPES).map(([k, v]) => [v, k]));

let ort;
let session;

function findModel(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith('.onnx')) return full;
    if (entry.isDirectory()) {
      const found = findModel(full);
      if (found) return found;
    }
  }
  return undefined;
}

export async function init(ctx) {
  const module = await ctx.import('onnxruntime');
  ort = module.InferenceSession ? module : module.default;
  const file = findModel(ctx.modelDir);
  if (!file) throw new Error(`no .onnx model under ${ctx.modelDir}`);
  session = await ort.InferenceSession.create(file);
}

export async function run(raw) {
  const { inputs } = JSON.parse(raw);
  const feeds = {};
  for (const input of inputs) {
    const data = input.datatype === 'INT64' ? input.data.map((v) => BigInt(v)) : input.data;
    feeds[input.name] = new ort.Tensor(ORT_TYPES[input.datatype], ARRAYS[input.datatype].from(data), input.shape);
  }
  const results = await session.run(feeds);
  return Object.entries(results).map(([name, tensor]) => ({
    name,
    datatype: OIP_TYPES[tensor.type] ?? tensor.type,
    shape: [...tensor.dims],
    data: Array.from(tensor.data, (v) => (typeof v === 'bigint' ? Number(v) : v)),
  }));
}
