/**
 * One page per area (features/<area>/): every feature with its description, background and
 * scenarios, each scenario with its tags (behavior IDs link to the behaviors page), steps,
 * Examples and status on every runtime, and why it failed where it did.
 */
import type { Background, DataTable, Examples, Feature, Rule, Scenario, Step, Tag } from '@cucumber/messages';
import { badges, countBadge, esc, page, statusClass } from './html.ts';
import { BEHAVIORS_PAGE, countStatuses, type AreaView, type ScenarioView, type SiteModel } from './model.ts';
import type { RuntimeRun } from './results.ts';

const ROOT = '../';

function tagList(tags: readonly string[], known: ReadonlySet<string>): string {
  if (tags.length === 0) return '';
  const items = tags.map((t) =>
    known.has(t.slice(1))
      ? `<a class="tag behavior-tag" href="${ROOT}${BEHAVIORS_PAGE}#${esc(t.slice(1))}">${esc(t)}</a>`
      : `<span class="tag">${esc(t)}</span>`,
  );
  return `<p class="tags">${items.join(' ')}</p>`;
}

const names = (tags: readonly Tag[]): string[] => tags.map((t) => t.name);

function description(text: string): string {
  const trimmed = text.replace(/^\s*\n/, '').trimEnd();
  if (trimmed === '') return '';
  const indent = Math.min(...trimmed.split('\n').filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  return `<div class="description">${esc(trimmed.split('\n').map((l) => l.slice(indent)).join('\n'))}</div>`;
}

function table(t: DataTable): string {
  const rows = t.rows.map((r) => `<tr>${r.cells.map((c) => `<td>${esc(c.value)}</td>`).join('')}</tr>`);
  return `<table class="data-table">${rows.join('')}</table>`;
}

function steps(list: readonly Step[]): string {
  const items = list.map((s) => {
    const doc = s.docString ? `<pre class="doc-string">${esc(s.docString.content)}</pre>` : '';
    const data = s.dataTable ? table(s.dataTable) : '';
    return `<li><span class="keyword">${esc(s.keyword.trim())}</span> ${esc(s.text)}${doc}${data}</li>`;
  });
  return `<ol class="steps">${items.join('')}</ol>`;
}

function background(b: Background): string {
  return `<section class="background"><h3><span class="keyword">${esc(b.keyword)}:</span> ${esc(b.name)}</h3>${steps(b.steps)}</section>`;
}

function failures(view: ScenarioView, runs: readonly RuntimeRun[]): string {
  const lines = view.pickles.flatMap((p) =>
    p.outcomes.flatMap((o, i) =>
      o.failure ? [`<li><strong>${esc(runs[i].runtime)}</strong>, line ${p.line}: ${esc(o.failure)}</li>`] : [],
    ),
  );
  return lines.length > 0 ? `<ul class="failures">${lines.join('')}</ul>` : '';
}

function examples(e: Examples, view: ScenarioView, runs: readonly RuntimeRun[]): string {
  const head = e.tableHeader?.cells.map((c) => `<th>${esc(c.value)}</th>`).join('') ?? '';
  const runtimeHeads = runs.map((r) => `<th>${esc(r.runtime)}</th>`).join('');
  const rows = e.tableBody.map((row) => {
    const outcomes = view.pickles.find((p) => p.line === row.location.line)?.outcomes ?? [];
    const cells = row.cells.map((c) => `<td>${esc(c.value)}</td>`).join('');
    const status = outcomes.map((o) => `<td><span class="${statusClass(o.status)}">${esc(o.status)}</span></td>`).join('');
    return `<tr id="${esc(view.entry.file.anchor)}-L${row.location.line}">${cells}${status}</tr>`;
  });
  return (
    `<section class="examples"><h4><span class="keyword">${esc(e.keyword)}:</span> ${esc(e.name)}</h4>` +
    `<table class="data-table"><thead><tr>${head}${runtimeHeads}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function scenario(s: Scenario, view: ScenarioView, runs: readonly RuntimeRun[], known: ReadonlySet<string>): string {
  const runtimes = runs.map((r) => r.runtime);
  return `<article class="scenario" id="${esc(view.entry.anchor)}">
<h3><span class="keyword">${esc(s.keyword)}:</span> ${esc(s.name)} <a class="line" href="#${esc(view.entry.anchor)}">${esc(view.entry.file.uri)}:${s.location.line}</a></h3>
${tagList(names(s.tags), known)}
<p class="statuses">${badges(runtimes, view.statuses)}</p>
${failures(view, runs)}${description(s.description)}${steps(s.steps)}${s.examples.map((e) => examples(e, view, runs)).join('')}
</article>`;
}

interface Children {
  children: readonly { background?: Background; scenario?: Scenario; rule?: Rule }[];
}

function children(node: Children, views: Map<Scenario, ScenarioView>, runs: readonly RuntimeRun[], known: ReadonlySet<string>): string {
  return node.children
    .map((c) => {
      if (c.background) return background(c.background);
      if (c.scenario) return scenario(c.scenario, views.get(c.scenario)!, runs, known);
      if (c.rule) {
        const r = c.rule;
        return `<section class="rule"><h3><span class="keyword">${esc(r.keyword)}:</span> ${esc(r.name)}</h3>${tagList(names(r.tags), known)}${description(r.description)}${children(r, views, runs, known)}</section>`;
      }
      return '';
    })
    .join('\n');
}

function feature(f: Feature, uri: string, anchor: string, views: Map<Scenario, ScenarioView>, runs: readonly RuntimeRun[], known: ReadonlySet<string>): string {
  return `<section class="feature" id="${esc(anchor)}">
<h2><span class="keyword">${esc(f.keyword)}:</span> ${esc(f.name)}</h2>
<p class="file">${esc(uri)}</p>
${tagList(names(f.tags), known)}${description(f.description)}
${children(f, views, runs, known)}
</section>`;
}

function countsLine(area: AreaView, runs: readonly RuntimeRun[]): string {
  const total = area.scenarios.reduce((n, s) => n + s.pickles.length, 0);
  const perRuntime = runs.map((r, i) => {
    const counts = countStatuses(area.scenarios, i).map(([status, n]) => countBadge(status, n));
    return `<li>${esc(r.runtime)}: ${counts.join(' ')}</li>`;
  });
  return `<p>${area.features.length} feature(s), ${total} scenario(s) (an Examples row counts as one).</p>` +
    (perRuntime.length > 0 ? `<ul class="counts">${perRuntime.join('')}</ul>` : '<p>No results: the features have not been run.</p>');
}

export function renderAreaPage(area: AreaView, model: SiteModel): string {
  const known = new Set(model.behaviors.map((b) => b.behavior.id));
  const runtimes = model.runs.map((r) => r.runtime);
  const views = new Map(area.scenarios.map((s) => [s.entry.scenario, s]));
  const behaviors = model.behaviors.filter((b) => area.behaviorIds.includes(b.behavior.id));
  const behaviorItems = behaviors.map(
    (b) =>
      `<li><a href="${ROOT}${esc(b.href)}">${esc(b.behavior.id)}</a> ${esc(b.behavior.summary)} ${badges(runtimes, b.results)}</li>`,
  );
  const toc = area.features.map(
    (f) => `<li><a href="#${esc(f.anchor)}">${esc(f.feature?.name ?? f.uri)}</a> <span class="file">${esc(f.uri)}</span></li>`,
  );
  const body = area.features.map((f) =>
    f.feature
      ? feature(f.feature, f.uri, f.anchor, views, model.runs, known)
      : `<section class="feature" id="${esc(f.anchor)}"><h2>${esc(f.uri)}</h2><p class="failure">Not parsed: ${esc(f.error ?? 'empty file')}</p></section>`,
  );
  return page({
    title: area.name,
    root: ROOT,
    areas: model.areas.map((a) => a.name),
    current: area.href,
    body: `<h1>Area: ${esc(area.name)}</h1>
<p class="file">features/${esc(area.name)}/</p>
${countsLine(area, model.runs)}
<section class="area-behaviors"><h2>Behaviors</h2>${behaviorItems.length > 0 ? `<ul>${behaviorItems.join('')}</ul>` : '<p>None of the catalog.</p>'}</section>
<nav class="toc" aria-label="Features"><h2>Features</h2><ul>${toc.join('')}</ul></nav>
${body.join('\n')}`,
  });
}
