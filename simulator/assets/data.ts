/**
 * Data assets. Batch endpoints take uri_file and uri_folder; the V1 tabular and file datasets and
 * MLTable can be registered but not given to a batch endpoint (BE-16, BE-24).
 */
import type { Versioned } from './registry.ts';

export const DATA_TYPES = ['uri_file', 'uri_folder', 'mltable', 'tabular_v1', 'file_v1'] as const;
export type DataType = (typeof DATA_TYPES)[number];
export const BATCH_INPUT_TYPES: readonly DataType[] = ['uri_file', 'uri_folder'];

export interface DataAsset extends Versioned {
  id: string;
  type: DataType;
  /** Where the data lives: azureml://datastores/<ds>/paths/<path> or an https storage URL. */
  path: string;
}
