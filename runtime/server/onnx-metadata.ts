/**
 * What an ONNX model takes and gives, read from its graph (names, element types, shapes), for the
 * Open Inference Protocol's model metadata. Dimensions without a fixed size (dim_param) are -1.
 */
import onnxProto from 'onnx-proto'; // CommonJS: the named import { onnx } fails under Node's ESM loader
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;

export interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

/** ONNX TensorProto.DataType -> the Open Inference Protocol's datatype names. */
const DATATYPES: Record<number, string> = {
  1: 'FP32',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  8: 'BYTES',
  9: 'BOOL',
  10: 'FP16',
  11: 'FP64',
  12: 'UINT32',
  13: 'UINT64',
};

export function onnxMetadata(model: Uint8Array): { inputs: TensorMetadata[]; outputs: TensorMetadata[] } {
  const graph = onnx.ModelProto.decode(model).graph;
  if (!graph) throw new Error('the ONNX model has no graph');
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const tensor = (v: Onnx.IValueInfoProto): TensorMetadata => {
    const type = v.type?.tensorType;
    return {
      name: v.name ?? '',
      datatype: DATATYPES[type?.elemType ?? 0] ?? 'UNKNOWN',
      shape: (type?.shape?.dim ?? []).map((d) => (d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0 ? Number(d.dimValue) : -1)),
    };
  };
  return {
    // Older exporters list initializers among the inputs: they are weights, not inputs.
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(tensor),
    outputs: (graph.output ?? []).map(tensor),
  };
}
