/**
 * The home page: the last results per runtime, every area with its totals, the behaviors and
 * the source documents. The search box is in every page's header.
 */
import { countBadge, esc, page } from './html.ts';
import { BEHAVIORS_PAGE, countResults, countStatuses, type SiteModel } from './model.ts';

export function renderIndexPage(model: SiteModel): string {
  const runtimes = model.runs.map((r) => r.runtime);
  const all = model.areas.flatMap((a) => a.scenarios);
  const runs = model.runs.map((r, i) => {
    return `<tr><th scope="row">${esc(r.runtime)}</th>` +
      `<td>${countStatuses(all, i).map(([s, n]) => countBadge(s, n)).join(' ')}</td>` +
      `<td>${countResults(model.behaviors, i).map(([s, n]) => countBadge(s, n)).join(' ')}</td>` +
      `<td>${esc(r.note ?? '')}</td></tr>`;
  });
  const areas = model.areas.map((a) => {
    const pickles = a.scenarios.reduce((n, s) => n + s.pickles.length, 0);
    const statuses = model.runs.map(
      (_, i) => `<td>${countStatuses(a.scenarios, i).map(([s, n]) => countBadge(s, n)).join(' ')}</td>`,
    );
    return `<tr><th scope="row"><a href="${esc(a.href)}">${esc(a.name)}</a></th><td>${a.features.length}</td>` +
      `<td>${pickles}</td><td>${a.behaviorIds.length}</td>${statuses.join('')}</tr>`;
  });
  const documents = model.documents.map(
    (d) =>
      `<li>${d.href ? `<a href="${esc(d.href)}" lang="fr">${esc(d.number)} · ${esc(d.title)}</a>` : `${esc(d.number)} · ${esc(d.title)} <em>(seed not found)</em>`}` +
      `${d.topic ? ` — ${esc(d.topic)}` : ''}</li>`,
  );
  return page({
    title: 'Living documentation',
    root: '',
    areas: model.areas.map((a) => a.name),
    current: 'index.html',
    body: `<h1>Living documentation</h1>
<p>The Gherkin features of <span class="file">features/&lt;area&gt;/</span>, the behavior catalog of
<span class="file">specs/behaviors.json</span> and the French Azure ML pages it comes from, with the results of the last
feature run. Search any behavior ID, title, scenario or step with the box above.</p>
<h2>Last results</h2>
${runs.length > 0
      ? `<table class="runs"><thead><tr><th>Runtime</th><th>Scenarios</th><th>Behaviors</th><th>Note</th></tr></thead><tbody>${runs.join('')}</tbody></table>`
      : '<p>No results: the features have not been run (<code>npm start</code> runs them).</p>'}
<h2>Areas</h2>
<table class="areas"><thead><tr><th>Area</th><th>Features</th><th>Scenarios</th><th>Behaviors</th>${runtimes.map((rt) => `<th>${esc(rt)}</th>`).join('')}</tr></thead>
<tbody>${areas.join('')}</tbody></table>
<h2>Behaviors</h2>
<p><a href="${BEHAVIORS_PAGE}">All ${model.behaviors.length} behaviors</a>: title, documented message, source section, scenarios and status.</p>
<h2>Source documents</h2>
<ul class="documents">${documents.join('')}</ul>`,
  });
}
