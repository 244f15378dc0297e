/**
 * Outputs in mount mode live on a remote file system that uploads the whole file after every
 * append (PL-06). The host watches appends under those folders and charges each upload to the
 * call's virtual time, so a loop of appends really gets slower as the file grows; upload mode
 * writes locally and uploads once when the step ends.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

/** Latency of one upload and its throughput (simulator's figures, stated in the README). */
export const UPLOAD_LATENCY_MS = 100;
export const UPLOAD_BYTES_PER_MS = 50 * 1024; // 50 MiB/s

export function uploadCostMs(bytes: number): number {
  return UPLOAD_LATENCY_MS + bytes / UPLOAD_BYTES_PER_MS;
}

export function chargeMountedAppends(folders: readonly string[], charge: (ms: number) => void): void {
  if (folders.length === 0) return;
  const mounted = (path: unknown) => typeof path === 'string' && folders.some((f) => resolve(path).startsWith(`${resolve(f)}/`));
  const afterAppend = (path: unknown) => {
    if (mounted(path)) charge(uploadCostMs(fs.statSync(path as string).size));
  };
  const appendFileSync = fs.appendFileSync;
  fs.appendFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    (appendFileSync as (...a: unknown[]) => void)(path, ...rest);
    afterAppend(path);
  }) as typeof fs.appendFileSync;
  const appendFile = fs.promises.appendFile;
  fs.promises.appendFile = (async (path: fs.PathLike | fs.promises.FileHandle, ...rest: unknown[]) => {
    await (appendFile as (...a: unknown[]) => Promise<void>)(path, ...rest);
    afterAppend(path);
  }) as typeof fs.promises.appendFile;
  // Scripts import named bindings (import { appendFileSync } from 'node:fs'): refresh them.
  syncBuiltinESMExports();
}
