/**
 * A small MLflow pyfunc for ONNX models: reads the MLmodel signature, turns input files into rows
 * the signature accepts (CSV/TSV for column signatures, PNG images for tensor signatures) and
 * predicts. Used by the code-free batch driver (BE-01, BE-18, BE-19) and by scripts that import
 * the `mlflow` package.
 */
import '../telemetry-off.ts';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import { parse } from 'yaml';
import { formatMessage } from '../../specs/errors.ts';

interface ColumnSpec {
  name: string;
  type: string;
}
interface TensorSpec {
  name: string;
  type: 'tensor';
  'tensor-spec': { dtype: string; shape: number[] };
}

export interface Frame {
  file: string;
  rows: Float32Array[];
}

export const SUPPORTED_TYPES = ['.csv', '.tsv', '.png'];

/** The line the driver logs for a file it cannot read (after the logger's "ERROR:azureml:" prefix). */
export function errorProcessingInputFile(file: string, reason: string): string {
  return formatMessage('ErrorProcessingInputFile', { file, reason });
}

export class ValueError extends Error {
  override name = 'ValueError';
}

export interface PyFuncModel {
  readonly inputs: ReadonlyArray<ColumnSpec | TensorSpec>;
  /** Reads one input file; throws with the reason when the file is corrupt or of an unsupported type. */
  readInput(path: string): Promise<Frame>;
  /** pandas.concat of the frames, then predict: one element per file, holding that file's rows. */
  predict(frames: Frame[]): Promise<Array<Array<{ file: string; row: number; prediction: number }>>>;
}

export async function loadModel(modelDir: string): Promise<PyFuncModel> {
  const mlmodel = parse(await readFile(join(modelDir, 'MLmodel'), 'utf8')) as {
    flavors: { onnx?: { data?: string } };
    signature: { inputs: string };
  };
  const inputs = JSON.parse(mlmodel.signature.inputs) as Array<ColumnSpec | TensorSpec>;
  const session = await ort.InferenceSession.create(join(modelDir, mlmodel.flavors.onnx?.data ?? 'model.onnx'));
  const tensor = inputs.length === 1 && inputs[0].type === 'tensor' ? (inputs[0] as TensorSpec) : undefined;
  const width = tensor ? tensor['tensor-spec'].shape.at(-1)! : inputs.length;

  async function readInput(path: string): Promise<Frame> {
    const type = extname(path).toLowerCase();
    if (!SUPPORTED_TYPES.includes(type)) throw new Error(`The file type '${type || '(none)'}' is not supported; supported types: ${SUPPORTED_TYPES.join(', ')}.`);
    const data = await readFile(path);
    if (type === '.png') {
      if (!tensor) throw new Error('An image does not match the model signature, which expects columns.');
      return { file: basename(path), rows: [decodeImage(data, width)] };
    }
    if (tensor) throw new Error('A table does not match the model signature, which expects a tensor.');
    return { file: basename(path), rows: readTable(data.toString('utf8'), type === '.tsv' ? '\t' : ',', inputs.map((c) => c.name)) };
  }

  async function predict(frames: Frame[]) {
    if (frames.length === 0) throw new ValueError(formatMessage('NoObjectsToConcatenate').replace(/^ValueError: /, ''));
    const rows = frames.flatMap((f) => f.rows);
    const input = new Float32Array(rows.length * width);
    rows.forEach((r, i) => input.set(r, i * width));
    const inputName = session.inputNames[0];
    const output = await session.run({ [inputName]: new ort.Tensor('float32', input, [rows.length, width]) });
    const probabilities = output[session.outputNames[0]];
    const classes = probabilities.dims[1] ?? 1;
    const data = probabilities.data as Float32Array;
    let offset = 0;
    return frames.map((frame) =>
      frame.rows.map((_, row) => {
        const at = (offset++) * classes;
        let best = 0;
        for (let c = 1; c < classes; c++) if (data[at + c] > data[at + best]) best = c;
        return { file: frame.file, row, prediction: best };
      }),
    );
  }

  return { inputs, readInput, predict };
}

function decodeImage(data: Buffer, width: number): Float32Array {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch {
    throw new Error('The file is not a readable PNG image (corrupt or truncated).');
  }
  if (png.width * png.height !== width) throw new Error(`The image has ${png.width}x${png.height} pixels; the model signature expects ${width}.`);
  const pixels = new Float32Array(width);
  for (let i = 0; i < width; i++) pixels[i] = png.data[i * 4] / 255;
  return pixels;
}

function readTable(text: string, separator: string, columns: string[]): Float32Array[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('The file is empty.');
  const header = lines[0].split(separator).map((h) => h.trim());
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`The input does not match the model signature: missing column(s) ${missing.join(', ')}.`);
  const index = columns.map((c) => header.indexOf(c));
  return lines.slice(1).map((line, n) => {
    const cells = line.split(separator);
    const values = index.map((i) => Number(cells[i]));
    if (values.some((v) => !Number.isFinite(v))) throw new Error(`Row ${n + 1} has a value that is not a number.`);
    return Float32Array.from(values);
  });
}
