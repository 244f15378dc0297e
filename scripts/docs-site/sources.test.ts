/** Seeds cut into blocks, and the anchors a behavior's section links to. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { behaviors } from '../../specs/behaviors.ts';
import { headingText, parseSeed, slugify } from './sources.ts';
import { MARKDOWN_SEED, PLAIN_SEED } from './testdata.ts';

test('slugify drops accents and ligatures, keeps letters and digits', () => {
  assert.equal(slugify('Échec de la fonction\u00a0: run(input_data)'), 'echec-de-la-fonction-run-input-data');
  assert.equal(slugify('Le nœud du jeu de données [code]'), 'le-noeud-du-jeu-de-donnees-code');
  assert.equal(slugify('« ? »'), 'section');
});

test('a heading as the catalog cites it: no marks, no anchor element, no trailing blanks', () => {
  assert.equal(headingText('##  <a name="x"></a>Résolution des problèmes `ParallelRunStep` '), 'Résolution des problèmes `ParallelRunStep`');
});

test('markdown seed: front matter dropped, Microsoft anchors kept, code fences are not headings', () => {
  const seed = parseSeed('000', MARKDOWN_SEED, []);
  const headings = seed.blocks.filter((b) => b.kind === 'heading');
  assert.deepEqual(
    headings.map((h) => [h.level, h.text, h.anchor]),
    [
      [1, 'Document markdown', 'doc'],
      [2, 'Exigences liées au script', 'scoring-script-requirements'],
      [2, 'Étapes suivantes', 'etapes-suivantes'],
      [2, 'Étapes suivantes', 'etapes-suivantes-2'],
    ],
  );
  assert.deepEqual(seed.blocks.find((b) => b.kind === 'code'), { kind: 'code', text: '# Get logging_level\nimport argparse' });
  assert.ok(!seed.blocks.some((b) => b.kind === 'text' && b.text.includes('ms.date')), 'front matter is not text');
  assert.equal(seed.anchors.get('Étapes suivantes'), 'etapes-suivantes', 'the first of equal headings');
});

test('plain seed: the first line is the title, cited lines are headings, the rest is text', () => {
  const seed = parseSeed('001', PLAIN_SEED, ['La sortie existe déjà']);
  assert.deepEqual(seed.blocks, [
    { kind: 'heading', level: 1, text: 'Document texte', anchor: 'document-texte' },
    { kind: 'text', text: 'Problèmes courants' },
    { kind: 'heading', level: 2, text: 'La sortie existe déjà', anchor: 'la-sortie-existe-deja' },
    { kind: 'text', text: 'Motif : le fichier existe.\nSolution : un autre dossier.' },
  ]);
});

const seedsDir = new URL('../../../shared/seeds/', import.meta.url);

test('every section the catalog cites has an anchor in its seed', (t) => {
  if (!fs.existsSync(seedsDir)) {
    t.skip(`${fileURLToPath(seedsDir)} is absent (shared/ is not checked out beside the repo)`);
    return;
  }
  const files = fs.readdirSync(seedsDir).filter((f) => /^\d{3}_.*\.txt$/.test(f));
  for (const file of files) {
    const number = file.slice(0, 3);
    const cited = behaviors.flatMap((b) => b.sources.filter((s) => s.document === number).map((s) => s.section));
    const seed = parseSeed(number, fs.readFileSync(new URL(file, seedsDir), 'utf8'), cited);
    for (const section of cited) assert.ok(seed.anchors.has(section), `${number}: ${section}`);
    const anchors = seed.blocks.flatMap((b) => (b.kind === 'heading' ? [b.anchor] : []));
    assert.equal(new Set(anchors).size, anchors.length, `${number}: anchors are unique`);
  }
});
