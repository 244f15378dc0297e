/**
 * The seed documents (shared/seeds/NNN_*.txt, the French Azure ML pages the behaviors come from)
 * cut into blocks, with an anchor on every heading so that a behavior can link to its section.
 *
 * Two kinds of seed:
 *  - markdown (front matter, `#` headings carrying Microsoft's own `<a name="...">` anchors):
 *    a heading's anchor is that name, so links match the published page's fragments;
 *  - plain text (a page saved as text, no heading marks): the first line is the title, and a
 *    line is a heading when the catalog cites it as a section, since nothing else marks one.
 * A heading without a name gets a slug of its text (accents dropped), made unique within the
 * document by a -2, -3... suffix in document order: the same seed always gives the same anchors.
 */

export type SeedBlock =
  | { kind: 'heading'; level: number; text: string; anchor: string }
  | { kind: 'code'; text: string }
  | { kind: 'text'; text: string };

export interface SeedDocument {
  /** '000'..'004', the first three characters of the file name. */
  number: string;
  blocks: SeedBlock[];
  /** Section heading (as the catalog writes it) -> its anchor; the first of equal headings wins. */
  anchors: Map<string, string>;
}

/** "Échec de la fonction : run(input_data)" -> "echec-de-la-fonction-run-input-data". */
export function slugify(text: string): string {
  const slug = text
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'section' : slug;
}

const ANCHOR = /<a name="([^"]*)"><\/a>/;

/**
 * A heading line's text as the catalog cites it: heading marks and the anchor element removed,
 * trailing blanks trimmed (the same rule as specs/behaviors.test.ts).
 */
export function headingText(line: string): string {
  return line.replace(/^#+\s*/, '').replace(ANCHOR, '').trimEnd();
}

/** Parses one seed; `citedSections` are the catalog's sections of this document. */
export function parseSeed(number: string, text: string, citedSections: readonly string[]): SeedDocument {
  const lines = text.split(/\r?\n/);
  const markdown = lines[0] === '---';
  const cited = new Set(citedSections);
  const blocks: SeedBlock[] = [];
  const anchors = new Map<string, string>();
  const used = new Set<string>();
  let paragraph: string[] = [];
  let code: string[] | undefined;

  const unique = (base: string): string => {
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return anchor;
  };
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'text', text: paragraph.join('\n') });
    paragraph = [];
  };
  const heading = (level: number, line: string): void => {
    flush();
    const text = headingText(line);
    const anchor = unique(ANCHOR.exec(line)?.[1] || slugify(text));
    blocks.push({ kind: 'heading', level, text, anchor });
    if (!anchors.has(text)) anchors.set(text, anchor);
  };

  let i = 0;
  if (markdown) {
    const end = lines.indexOf('---', 1);
    i = end < 0 ? 0 : end + 1;
  }
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (code) {
      if (/^\s*```/.test(line)) {
        blocks.push({ kind: 'code', text: code.join('\n') });
        code = undefined;
      } else {
        code.push(line);
      }
    } else if (markdown && /^\s*```/.test(line)) {
      flush();
      code = [];
    } else if (markdown && /^#{1,6}\s/.test(line)) {
      heading(/^#+/.exec(line)![0].length, line);
    } else if (!markdown && blocks.length === 0 && paragraph.length === 0 && line.trim() !== '') {
      heading(1, line);
    } else if (!markdown && cited.has(line.trimEnd())) {
      heading(2, line);
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  if (code) blocks.push({ kind: 'code', text: code.join('\n') });
  flush();
  return { number, blocks, anchors };
}
