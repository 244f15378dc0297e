/**
 * The client-side search index: one entry per behavior, feature, scenario and source section,
 * written as a script (search-index.js) rather than JSON so that the site also searches when
 * opened from disk (file:// pages may not fetch). assets/site.js matches a query against `x`.
 */
import type { SiteModel } from './model.ts';

export interface SearchEntry {
  kind: 'behavior' | 'feature' | 'scenario' | 'section';
  /** The behavior ID, for behaviors: an exact ID query puts it first. */
  id?: string;
  title: string;
  /** Where it is: area, feature, document. */
  context: string;
  /** Site-root relative link. */
  url: string;
  /** Everything searchable, folded (see fold). */
  x: string;
}

/** Lower case without accents, blanks collapsed; assets/site.js folds queries the same way. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function buildSearchIndex(model: SiteModel): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const b of model.behaviors) {
    const { id, area, summary, messages } = b.behavior;
    entries.push({
      kind: 'behavior',
      id,
      title: `${id} ${summary}`,
      context: area,
      url: b.href,
      x: fold([id, summary, area, ...messages, ...b.sources.map((s) => s.section)].join(' ')),
    });
  }
  for (const area of model.areas) {
    for (const f of area.features) {
      if (!f.feature) continue;
      entries.push({
        kind: 'feature',
        title: f.feature.name,
        context: f.uri,
        url: `${area.href}#${f.anchor}`,
        x: fold([f.feature.name, f.feature.description, f.uri].join(' ')),
      });
    }
    for (const s of area.scenarios) {
      const { scenario, file, tags } = s.entry;
      entries.push({
        kind: 'scenario',
        title: scenario.name,
        context: `${file.feature?.name ?? file.uri} · ${file.uri}:${scenario.location.line}`,
        url: s.href,
        x: fold([scenario.name, ...tags, ...scenario.steps.map((st) => `${st.keyword}${st.text}`)].join(' ')),
      });
    }
  }
  for (const d of model.documents) {
    if (!d.seed || !d.href) continue;
    for (const block of d.seed.blocks) {
      if (block.kind !== 'heading') continue;
      entries.push({
        kind: 'section',
        title: block.text,
        context: `${d.number} · ${d.title}`,
        url: `${d.href}#${block.anchor}`,
        x: fold(block.text),
      });
    }
  }
  return entries;
}

/** search-index.js: the entries as a global; `<` escaped so no text can end a script element. */
export function searchIndexScript(entries: readonly SearchEntry[]): string {
  const json = JSON.stringify(entries).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `window.SITE_SEARCH_INDEX = ${json};\n`;
}
