/**
 * A TabularDataset mini-batch: the CSV pieces the engine cut, read into one DataFrame (records as
 * objects keyed by column). Each piece carries its own header, so pieces of different files can
 * be read alike.
 */
import { readFile } from 'node:fs/promises';
import type { DataFrame } from '../contract.ts';

export async function readDataFrame(paths: readonly string[]): Promise<DataFrame> {
  const rows: Array<Record<string, string>> = [];
  let columns: string[] = [];
  for (const path of paths) {
    const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l !== '');
    if (lines.length === 0) continue;
    columns = lines[0].split(',');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      rows.push(Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
    }
  }
  return Object.assign(rows, { columns });
}
