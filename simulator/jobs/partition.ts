/**
 * Cutting a job's input into mini-batches (tasks). File inputs go by count (mini_batch_size files);
 * tabular inputs go by size (1024, 1024KB, 10MB, 1GB): small files are grouped whole, a file larger
 * than the size is split into pieces of its own, and no mini-batch mixes a piece with another file.
 */

export function partitionByCount<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`mini_batch_size must be a whole number >= 1, got ${size}`);
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

const UNITS: Record<string, number> = { '': 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** "1024" -> 1024, "1024KB" -> 1048576, "10MB", "1GB" (units as Azure documents them, powers of 1024). */
export function parseSize(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isInteger(text) || text < 1) throw new RangeError(`mini_batch_size must be a whole number of bytes >= 1, got ${text}`);
    return text;
  }
  const match = /^\s*(\d+)\s*(B|KB|MB|GB)?\s*$/i.exec(text);
  if (!match) throw new RangeError(`mini_batch_size '${text}' is not a size such as 1024, 1024KB, 10MB or 1GB`);
  const bytes = Number(match[1]) * UNITS[(match[2] ?? '').toUpperCase()];
  if (!Number.isSafeInteger(bytes)) throw new RangeError(`mini_batch_size '${text}' is too large`);
  if (bytes < 1) throw new RangeError(`mini_batch_size '${text}' must be at least 1 byte`);
  return bytes;
}

export interface SizedFile {
  name: string;
  /** Sizes of the file's records in bytes, in order (a header is not a record). */
  recordSizes: readonly number[];
}

export interface FilePiece {
  name: string;
  /** Records [start, end) of the file. */
  start: number;
  end: number;
  bytes: number;
}

export function partitionBySize(files: readonly SizedFile[], maxBytes: number): FilePiece[][] {
  const batches: FilePiece[][] = [];
  let group: FilePiece[] = [];
  let groupBytes = 0;
  const flush = () => {
    if (group.length > 0) batches.push(group);
    group = [];
    groupBytes = 0;
  };
  for (const file of files) {
    const total = file.recordSizes.reduce((a, b) => a + b, 0);
    if (total <= maxBytes) {
      if (groupBytes + total > maxBytes) flush();
      group.push({ name: file.name, start: 0, end: file.recordSizes.length, bytes: total });
      groupBytes += total;
      continue;
    }
    flush();
    // A large file: consecutive pieces of at most maxBytes (a record larger than that stands alone).
    let start = 0;
    let bytes = 0;
    file.recordSizes.forEach((size, i) => {
      if (i > start && bytes + size > maxBytes) {
        batches.push([{ name: file.name, start, end: i, bytes }]);
        start = i;
        bytes = 0;
      }
      bytes += size;
    });
    if (file.recordSizes.length > start) batches.push([{ name: file.name, start, end: file.recordSizes.length, bytes }]);
  }
  flush();
  return batches;
}
