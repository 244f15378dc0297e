/**
 * A source document (one seed) as a page: its text as written, every heading an anchor that the
 * behaviors link to, and under each cited heading the behaviors that cite it.
 */
import { esc, page } from './html.ts';
import type { DocumentView, SiteModel } from './model.ts';

const ROOT = '../';

export function renderSourcePage(doc: DocumentView, model: SiteModel): string {
  const citing = new Map<string, string[]>(); // anchor -> behavior IDs
  for (const b of model.behaviors) {
    for (const s of b.sources) {
      const anchor = s.document === doc.number && s.href?.split('#')[1];
      if (anchor) citing.set(anchor, [...(citing.get(anchor) ?? []), b.behavior.id]);
    }
  }
  const blocks = (doc.seed?.blocks ?? []).map((block) => {
    if (block.kind === 'code') return `<pre class="seed-code">${esc(block.text)}</pre>`;
    if (block.kind === 'text') return `<p class="seed-text">${esc(block.text)}</p>`;
    const level = Math.min(block.level + 1, 6);
    const ids = [...new Set(citing.get(block.anchor) ?? [])];
    const cited = ids.length
      ? `<p class="cited" lang="en">Behaviors: ${ids.map((id) => `<a href="${ROOT}behaviors.html#${esc(id)}">${esc(id)}</a>`).join(' ')}</p>`
      : '';
    return `<h${level} id="${esc(block.anchor)}"><a href="#${esc(block.anchor)}">${esc(block.text)}</a></h${level}>${cited}`;
  });
  return page({
    title: `${doc.number} · ${doc.title}`,
    root: ROOT,
    areas: model.areas.map((a) => a.name),
    current: doc.href ?? '',
    lang: 'fr',
    body: `<h1>${esc(doc.number)} · ${esc(doc.title)}</h1>
<p class="file" lang="en">Source document ${esc(doc.number)}${doc.topic ? ` (${esc(doc.topic)})` : ''}, from shared/seeds/.</p>
<div class="seed">
${blocks.join('\n')}
</div>`,
  });
}
