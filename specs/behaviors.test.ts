/**
 * The behavior catalog matches its schema, holds the 64 documented IDs in order, and (when the
 * shared/ folder sits beside the repo, as in CI) agrees with shared/behaviors.md and the seeds.
 * Run: node --import tsx --test specs/behaviors.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { behaviors, behaviorById, documents } from './behaviors.ts';

const specsDir = new URL('./', import.meta.url);
const readJson = (rel: string): unknown => JSON.parse(readFileSync(new URL(rel, specsDir), 'utf8'));

// shared/ is resolved from this file (specs/ -> repo root -> ../shared), never from the cwd.
const sharedDir = new URL('../../shared/', import.meta.url);
const behaviorsMd = new URL('behaviors.md', sharedDir);
const seedsDir = new URL('seeds/', sharedDir);
const noShared = `${fileURLToPath(behaviorsMd)} is absent (shared/ is not checked out beside the repo)`;

const EXPECTED_ORDER = [
  ...range('BE', 25),
  ...range('PRS', 20),
  ...range('PL', 8),
  ...range('OD', 11),
];

function range(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
}

/** The "- XX-NN ..." entries of behaviors.md, continuation lines joined with one space. */
function parseBehaviorsMd(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const start = /^- ([A-Z]+-\d+)\b(.*)$/.exec(line);
    if (start) {
      current = start[1];
      assert.ok(!entries.has(current), `behaviors.md lists ${current} twice`);
      entries.set(current, start[2].trim());
    } else if (current && /^\s+\S/.test(line)) {
      entries.set(current, `${entries.get(current)} ${line.trim()}`);
    } else {
      current = undefined;
    }
  }
  return entries;
}

function quotedMessages(entry: string): string[] {
  return [...entry.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

test('behaviors.json is valid against its JSON Schema (ajv 2020-12, strict)', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(readJson('./schemas/behavior-catalog.schema.json') as object);
  const catalog = readJson('./behaviors.json') as { $schema?: string };
  const ok = validate(catalog);
  assert.ok(ok, ajv.errorsText(validate.errors, { separator: '\n' }));
  assert.equal(catalog.$schema, './schemas/behavior-catalog.schema.json');
});

test('exactly 64 unique IDs, in the documented order', () => {
  const ids = behaviors.map((b) => b.id);
  assert.equal(ids.length, 64);
  assert.equal(new Set(ids).size, 64, 'IDs are unique');
  assert.deepEqual(ids, EXPECTED_ORDER);
});

test('areas, sources and the loader agree', () => {
  for (const b of behaviors) {
    const area =
      b.id === 'BE-20' ? 'auth'
      : b.id.startsWith('BE-') ? 'batch-endpoints'
      : b.id.startsWith('PRS-') ? 'parallel-run'
      : b.id.startsWith('PL-') ? 'pipelines'
      : 'online-endpoints';
    assert.equal(b.area, area, `${b.id} area`);
    for (const s of b.sources) {
      assert.ok(documents[s.document], `${b.id} cites unknown document ${s.document}`);
      assert.equal(s.title, documents[s.document].title, `${b.id} source title matches documents.${s.document}`);
    }
    assert.equal(behaviorById(b.id), b);
  }
  assert.deepEqual(Object.keys(documents).sort(), ['000', '001', '002', '003', '004']);
  assert.equal(behaviorById('XX-99'), undefined);
});

test('catalog agrees with shared/behaviors.md', (t) => {
  if (!existsSync(behaviorsMd)) {
    t.skip(noShared);
    return;
  }
  const entries = parseBehaviorsMd(readFileSync(behaviorsMd, 'utf8'));
  assert.deepEqual([...entries.keys()].sort(), behaviors.map((b) => b.id).sort(), 'same set of IDs');
  assert.deepEqual([...entries.keys()], behaviors.map((b) => b.id), 'same order');
  for (const [id, text] of entries) {
    const b = behaviorById(id)!;
    const quoted = quotedMessages(text);
    for (const message of quoted) {
      assert.ok(b.messages.includes(message), `${id}: documented message missing or altered: ${message}`);
    }
    for (const message of b.messages) {
      assert.ok(quoted.includes(message), `${id}: message not quoted in behaviors.md: ${message}`);
    }
  }
});

test('source titles and sections are written as in the seeds', (t) => {
  if (!existsSync(seedsDir)) {
    t.skip(`${fileURLToPath(seedsDir)} is absent (shared/ is not checked out beside the repo)`);
    return;
  }
  const seedFiles = readdirSync(seedsDir).filter((f) => /^\d{3}_.*\.txt$/.test(f));
  const seeds = new Map(seedFiles.map((f) => [f.slice(0, 3), readFileSync(new URL(f, seedsDir), 'utf8')]));
  for (const [doc, { title }] of Object.entries(documents)) {
    const text = seeds.get(doc);
    assert.ok(text, `seed ${doc} exists`);
    const frontMatter = /^---\r?\n[\s\S]*?^title:[ \t]*(.*?)[ \t]*\r?$/m.exec(text);
    const seedTitle = text.startsWith('---') && frontMatter ? frontMatter[1] : text.split(/\r?\n/)[0].trim();
    assert.equal(title, seedTitle, `title of document ${doc}`);
  }
  // A section is a whole line of the seed, markdown heading marks and anchors removed.
  const headings = new Map(
    [...seeds].map(([doc, text]) => [
      doc,
      new Set(
        text
          .split(/\r?\n/)
          .map((l) => l.replace(/^#+\s*/, '').replace(/<a name="[^"]*"><\/a>/, '').trimEnd()),
      ),
    ]),
  );
  for (const b of behaviors) {
    for (const s of b.sources) {
      assert.ok(headings.get(s.document)?.has(s.section), `${b.id}: section not found in seed ${s.document}: ${s.section}`);
    }
  }
});
