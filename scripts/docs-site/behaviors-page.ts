/**
 * The behaviors page: every catalog ID with its title (the one-line summary), the documented
 * messages word for word, links to the source sections, and the scenarios tagged with it with
 * their status on every runtime.
 */
import { badges, countBadge, esc, page } from './html.ts';
import { areaHref, BEHAVIORS_PAGE, countResults, type BehaviorView, type SiteModel, type SourceLink } from './model.ts';

function source(s: SourceLink): string {
  const label = `${esc(s.document)} · ${esc(s.title)} › ${esc(s.section)}`;
  if (!s.href) return `<li>${label} <em>(seed not found)</em></li>`;
  return `<li><a class="source" href="${esc(s.href)}">${label}</a>${s.found ? '' : ' <em>(section not found in the seed)</em>'}</li>`;
}

function behavior(b: BehaviorView, runtimes: readonly string[]): string {
  const { id, area, summary, messages } = b.behavior;
  const messageBlock =
    messages.length > 0
      ? messages.map((m) => `<blockquote class="message"><code>${esc(m)}</code></blockquote>`).join('')
      : '<p class="none">No message documented.</p>';
  const scenarios = b.scenarios.map(
    (s) =>
      `<li><a href="${esc(s.href)}">${esc(s.entry.file.feature?.name ?? '')} › ${esc(s.entry.scenario.name)}</a> ` +
      `<span class="file">${esc(s.entry.file.uri)}:${s.entry.scenario.location.line}</span> ${badges(runtimes, s.statuses)}</li>`,
  );
  return `<section class="behavior" id="${esc(id)}">
<h2><a class="id" href="#${esc(id)}">${esc(id)}</a> ${esc(summary)}</h2>
<p>Area: <a href="${esc(areaHref(area))}">${esc(area)}</a> · Result: ${badges(runtimes, b.results)}</p>
<h3>Documented message${messages.length > 1 ? 's' : ''}</h3>
${messageBlock}
<h3>Source</h3>
<ul class="sources">${b.sources.map(source).join('')}</ul>
<h3>Scenarios</h3>
${scenarios.length > 0 ? `<ul class="scenarios">${scenarios.join('')}</ul>` : '<p class="none">No scenario is tagged with it.</p>'}
</section>`;
}

export function renderBehaviorsPage(model: SiteModel): string {
  const runtimes = model.runs.map((r) => r.runtime);
  const totals = runtimes.map(
    (rt, i) => `<li>${esc(rt)}: ${countResults(model.behaviors, i).map(([r, n]) => countBadge(r, n)).join(' ')}</li>`,
  );
  const rows = model.behaviors.map(
    (b) =>
      `<tr><td><a href="#${esc(b.behavior.id)}">${esc(b.behavior.id)}</a></td><td>${esc(b.behavior.area)}</td>` +
      `<td>${esc(b.behavior.summary)}</td><td>${badges(runtimes, b.results)}</td></tr>`,
  );
  return page({
    title: 'Behaviors',
    root: '',
    areas: model.areas.map((a) => a.name),
    current: BEHAVIORS_PAGE,
    body: `<h1>Behaviors</h1>
<p>${model.behaviors.length} behaviors of <span class="file">specs/behaviors.json</span>, each documented by a section of the French Azure ML pages.</p>
${totals.length > 0 ? `<ul class="counts">${totals.join('')}</ul>` : '<p>No results: the features have not been run.</p>'}
<table class="behavior-table"><thead><tr><th>ID</th><th>Area</th><th>Title</th><th>Result</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${model.behaviors.map((b) => behavior(b, runtimes)).join('\n')}`,
  });
}
