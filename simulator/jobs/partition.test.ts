/**
 * Cutting a job's input into mini-batches: by count (file inputs) and by size (tabular inputs).
 * Run: node --import tsx --test simulator/jobs/partition.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type FilePiece, type SizedFile, parseSize, partitionByCount, partitionBySize } from './partition.ts';

const KB = 1024;
const MB = 1024 ** 2;
const GB = 1024 ** 3;

// ---------------------------------------------------------------- partitionByCount

test('partitionByCount: full batches then a last partial batch', () => {
  assert.deepEqual(partitionByCount(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3), [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  assert.deepEqual(partitionByCount([1, 2, 3, 4, 5, 6], 3), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(partitionByCount([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});

test('partitionByCount: empty input gives no batches', () => {
  assert.deepEqual(partitionByCount([], 1), []);
  assert.deepEqual(partitionByCount([], 10), []);
});

test('partitionByCount: size 1 gives one batch per item', () => {
  assert.deepEqual(partitionByCount(['x', 'y', 'z'], 1), [['x'], ['y'], ['z']]);
});

test('partitionByCount: a size larger than the input gives a single batch', () => {
  assert.deepEqual(partitionByCount(['x', 'y', 'z'], 10), [['x', 'y', 'z']]);
  assert.deepEqual(partitionByCount(['x', 'y', 'z'], 3), [['x', 'y', 'z']]);
});

test('partitionByCount: does not alias or modify the input', () => {
  const input = [1, 2, 3];
  const batches = partitionByCount(input, 5);
  assert.notEqual(batches[0], input);
  batches[0].push(99);
  assert.deepEqual(input, [1, 2, 3]);
});

test('partitionByCount: rejects sizes that are not whole numbers >= 1 with RangeError', () => {
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5]) {
    assert.throws(() => partitionByCount([1, 2, 3], bad), RangeError, `size ${bad}`);
  }
  // Even for empty input.
  assert.throws(() => partitionByCount([], 0), RangeError);
});

test('property: partitionByCount batches concatenate to the input; all but the last are full; none empty', () => {
  fc.assert(
    fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 20 }), (items, size) => {
      const batches = partitionByCount(items, size);
      assert.deepEqual(batches.flat(), items);
      assert.equal(batches.length, Math.ceil(items.length / size));
      batches.forEach((batch, i) => {
        assert.ok(batch.length > 0, 'no empty batch');
        if (i < batches.length - 1) assert.equal(batch.length, size);
        else assert.ok(batch.length <= size);
      });
    }),
  );
});

// ---------------------------------------------------------------- parseSize

test('parseSize: plain numbers of bytes', () => {
  assert.equal(parseSize('1024'), 1024);
  assert.equal(parseSize('1'), 1);
  assert.equal(parseSize('1024B'), 1024);
});

test('parseSize: KB, MB and GB are powers of 1024', () => {
  assert.equal(parseSize('1024KB'), 1_048_576);
  assert.equal(parseSize('1KB'), 1024);
  assert.equal(parseSize('10MB'), 10_485_760);
  assert.equal(parseSize('1GB'), 1_073_741_824);
  assert.equal(parseSize('2GB'), 2 * GB);
});

test('parseSize: units are case-insensitive and whitespace is tolerated', () => {
  assert.equal(parseSize('10mb'), 10 * MB);
  assert.equal(parseSize('1gb'), GB);
  assert.equal(parseSize('5kb'), 5 * KB);
  assert.equal(parseSize('5Kb'), 5 * KB);
  assert.equal(parseSize('7b'), 7);
  assert.equal(parseSize('10 MB'), 10 * MB);
  assert.equal(parseSize(' 10MB '), 10 * MB);
});

test('parseSize: numbers are taken as bytes', () => {
  assert.equal(parseSize(1), 1);
  assert.equal(parseSize(1024), 1024);
  assert.equal(parseSize(10 * MB), 10_485_760);
});

test('parseSize: rejects empty, unknown units, negatives, zero and fractions with RangeError', () => {
  const bad: (string | number)[] = [
    '', ' ', '10 XB', '10TB', 'MB', '-1', '0', '0KB', '0MB', '1.5', '1.5MB', '1e3', 'ten', '10 MB MB',
    0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY,
  ];
  for (const value of bad) assert.throws(() => parseSize(value), RangeError, `parseSize(${JSON.stringify(value)})`);
});

test(
  'parseSize: rejects a size too large to represent instead of returning Infinity or an inexact number',
  () => {
    assert.throws(() => parseSize('1' + '0'.repeat(400)), RangeError);
    assert.throws(() => parseSize('9007199254740993'), RangeError);
  },
);

// ---------------------------------------------------------------- partitionBySize

const file = (name: string, ...recordSizes: number[]): SizedFile => ({ name, recordSizes });
const whole = (f: SizedFile): FilePiece => ({
  name: f.name,
  start: 0,
  end: f.recordSizes.length,
  bytes: f.recordSizes.reduce((a, b) => a + b, 0),
});
const batchBytes = (batch: FilePiece[]) => batch.reduce((a, p) => a + p.bytes, 0);

test('partitionBySize: small files are grouped whole up to the limit', () => {
  const a = file('a.csv', 10, 20); // 30
  const b = file('b.csv', 40); // 40 -> 70
  const c = file('c.csv', 30); // 30 -> exactly 100 with a and b
  const d = file('d.csv', 5, 5); // 10 -> would be 110: new batch
  const e = file('e.csv', 90); // 10 + 90 = 100
  const f = file('f.csv', 1); // new batch
  assert.deepEqual(partitionBySize([a, b, c, d, e, f], 100), [
    [whole(a), whole(b), whole(c)],
    [whole(d), whole(e)],
    [whole(f)],
  ]);
});

test('partitionBySize: a file exactly at the limit stands alone', () => {
  const small1 = file('s1', 10);
  const exact = file('exact', 60, 40);
  const small2 = file('s2', 10);
  assert.deepEqual(partitionBySize([small1, exact, small2], 100), [[whole(small1)], [whole(exact)], [whole(small2)]]);
  assert.deepEqual(partitionBySize([exact], 100), [[whole(exact)]]);
});

test('partitionBySize: no input gives no batches', () => {
  assert.deepEqual(partitionBySize([], 100), []);
});

test('partitionBySize: a large file is split into pieces of at most the limit, each its own batch', () => {
  const before = file('before', 10);
  const big = file('big', 40, 40, 40, 30, 30, 50, 1); // 231 bytes
  const after = file('after', 20);
  assert.deepEqual(partitionBySize([before, big, after], 100), [
    [whole(before)],
    [{ name: 'big', start: 0, end: 2, bytes: 80 }],
    [{ name: 'big', start: 2, end: 5, bytes: 100 }],
    [{ name: 'big', start: 5, end: 7, bytes: 51 }],
    [whole(after)],
  ]);
});

test('partitionBySize: a record bigger than the limit stands alone in its own piece', () => {
  const big = file('big', 30, 250, 20, 20, 300);
  assert.deepEqual(partitionBySize([big], 100), [
    [{ name: 'big', start: 0, end: 1, bytes: 30 }],
    [{ name: 'big', start: 1, end: 2, bytes: 250 }],
    [{ name: 'big', start: 2, end: 4, bytes: 40 }],
    [{ name: 'big', start: 4, end: 5, bytes: 300 }],
  ]);
  // A one-record file bigger than the limit is one piece.
  assert.deepEqual(partitionBySize([file('one', 500)], 100), [[{ name: 'one', start: 0, end: 1, bytes: 500 }]]);
});

test('partitionBySize: pieces of one large file never share a batch with another file', () => {
  const batches = partitionBySize([file('a', 50), file('big', 60, 60), file('b', 50)], 100);
  assert.deepEqual(batches, [
    [{ name: 'a', start: 0, end: 1, bytes: 50 }],
    [{ name: 'big', start: 0, end: 1, bytes: 60 }],
    [{ name: 'big', start: 1, end: 2, bytes: 60 }],
    [{ name: 'b', start: 0, end: 1, bytes: 50 }],
  ]);
});

test('partitionBySize: works with a limit from parseSize', () => {
  const limit = parseSize('1KB');
  const batches = partitionBySize([file('a', 512, 512), file('b', 600, 600, 600)], limit);
  assert.deepEqual(batches, [
    [{ name: 'a', start: 0, end: 2, bytes: 1024 }],
    [{ name: 'b', start: 0, end: 1, bytes: 600 }],
    [{ name: 'b', start: 1, end: 2, bytes: 600 }],
    [{ name: 'b', start: 2, end: 3, bytes: 600 }],
  ]);
});

// ---------------------------------------------------------------- partitionBySize properties

const filesArb = fc
  .array(fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 12 }), { maxLength: 10 })
  .map((sizes) => sizes.map((recordSizes, i) => ({ name: `f${i}.csv`, recordSizes })));
const limitArb = fc.integer({ min: 1, max: 200 });

test('property: every record of every file appears exactly once across pieces, in order', () => {
  fc.assert(
    fc.property(filesArb, limitArb, (files, limit) => {
      const pieces = partitionBySize(files, limit).flat();
      // Walking the pieces in order visits each file's records [0, n) contiguously, files in input order.
      const covered: { name: string; record: number }[] = [];
      for (const p of pieces) {
        assert.ok(p.start <= p.end, `piece ${p.name} [${p.start}, ${p.end})`);
        for (let r = p.start; r < p.end; r++) covered.push({ name: p.name, record: r });
      }
      const expected = files.flatMap((f) => f.recordSizes.map((_, record) => ({ name: f.name, record })));
      assert.deepEqual(covered, expected);
      // And each piece's bytes are the sum of its records.
      const byName = new Map(files.map((f) => [f.name, f]));
      for (const p of pieces) {
        const sizes = byName.get(p.name)!.recordSizes.slice(p.start, p.end);
        assert.equal(p.bytes, sizes.reduce((a, b) => a + b, 0));
      }
    }),
  );
});

test('property: no batch mixes a split piece with another file, and a split file is only in single-piece batches', () => {
  fc.assert(
    fc.property(filesArb, limitArb, (files, limit) => {
      const batches = partitionBySize(files, limit);
      for (const f of files) {
        const total = f.recordSizes.reduce((a, b) => a + b, 0);
        const holding = batches.filter((b) => b.some((p) => p.name === f.name));
        if (total > limit) {
          // Split (or oversized) file: every batch holding it holds just one piece of it.
          for (const b of holding) assert.equal(b.length, 1, `${f.name} shares a batch: ${JSON.stringify(b)}`);
        } else {
          // Small file: exactly one whole piece.
          assert.equal(holding.length, 1);
          const pieces = holding[0].filter((p) => p.name === f.name);
          assert.deepEqual(pieces, [whole(f)]);
        }
      }
      for (const b of batches) {
        assert.ok(b.length > 0, 'no empty batch');
        if (b.length > 1) {
          for (const p of b) assert.deepEqual(p, whole(files.find((f) => f.name === p.name)!), 'only whole files are grouped');
        }
      }
    }),
  );
});

test('property: each batch holds at most the limit in bytes, unless it is a single record', () => {
  fc.assert(
    fc.property(filesArb, limitArb, (files, limit) => {
      for (const b of partitionBySize(files, limit)) {
        const bytes = batchBytes(b);
        const records = b.reduce((a, p) => a + (p.end - p.start), 0);
        if (bytes > limit) assert.equal(records, 1, `batch of ${bytes} bytes > ${limit}: ${JSON.stringify(b)}`);
      }
    }),
  );
});

test('property: pieces of a split file are maximal (the next record would not have fitted)', () => {
  fc.assert(
    fc.property(filesArb, limitArb, (files, limit) => {
      const pieces = partitionBySize(files, limit).flat();
      for (let i = 0; i + 1 < pieces.length; i++) {
        const p = pieces[i];
        const next = pieces[i + 1];
        if (next.name !== p.name) continue;
        const nextRecord = files.find((f) => f.name === p.name)!.recordSizes[p.end];
        assert.ok(p.bytes + nextRecord > limit, `piece ${JSON.stringify(p)} could have taken a record of ${nextRecord}`);
      }
    }),
  );
});
