/**
 * What a pipeline step reads: registered datasets (FileDataset or TabularDataset), another step's
 * PipelineData, or an unregistered dataset by URI, which service-principal sessions cannot use
 * (PRS-20).
 */
import type { ComputeCluster } from '../compute/clusters.ts';
import { SimError } from '../errors.ts';
import { readData, type InputFile } from '../jobs/inputs.ts';
import type { BlobService } from '../storage/blobs.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { treeDigest } from './reuse.ts';

export type DatasetKind = 'file' | 'tabular';

export interface StepData {
  kind: DatasetKind;
  files: InputFile[];
  /** A stable identity of the data, for reuse: asset version, or content digest. */
  identity: string;
}

export interface DataContext {
  ws: Workspace;
  blobs: BlobService;
  compute: ComputeCluster;
  step: string;
  /** PipelineData written so far in this run: name -> where, and who wrote it. */
  produced: ReadonlyMap<string, { uri: string; producer: string }>;
  /** Whether the session authenticated as a service principal. */
  servicePrincipal: boolean;
}

const OUTPUT_REF = /^\$\{\{outputs\.([A-Za-z_][A-Za-z0-9_]*)\}\}$/;

export function producedName(reference: string): string | undefined {
  return OUTPUT_REF.exec(reference)?.[1];
}

export async function readStepData(ctx: DataContext, reference: string): Promise<StepData> {
  const output = producedName(reference);
  if (output) {
    const produced = ctx.produced.get(output);
    if (!produced) throw new SimError('UnknownPipelineData', { step: ctx.step, output });
    const files = await listOrNothing(ctx, produced.uri);
    if (files.length === 0) throw new SimError('PipelineDataNotCreated', { step: ctx.step, output, producer: produced.producer });
    return { kind: 'file', files, identity: `${produced.uri}#${digest(files)}` };
  }
  if (reference.startsWith('azureml:')) {
    const asset = ctx.ws.data.get(reference);
    const files = await readData(ctx.ws, ctx.blobs, ctx.compute, asset.path, { single: asset.type === 'uri_file', id: asset.id });
    return { kind: asset.type === 'tabular_v1' || asset.type === 'mltable' ? 'tabular' : 'file', files, identity: `${asset.name}:${asset.version}` };
  }
  if (ctx.servicePrincipal) throw new SimError('DatasetNotRegistered', { step: ctx.step, dataset: reference });
  const files = await readData(ctx.ws, ctx.blobs, ctx.compute, reference);
  return { kind: reference.endsWith('.csv') ? 'tabular' : 'file', files, identity: `${reference}#${digest(files)}` };
}

async function listOrNothing(ctx: DataContext, uri: string): Promise<InputFile[]> {
  try {
    return await readData(ctx.ws, ctx.blobs, ctx.compute, uri);
  } catch (error) {
    if (error instanceof SimError && error.code === 'DatasetInitializationFailed') return [];
    throw error;
  }
}

function digest(files: InputFile[]): string {
  return treeDigest(new Map(files.map((f) => [f.name, f.data])));
}
