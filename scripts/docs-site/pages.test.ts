/**
 * The pages of the fixture project: what each shows, and that no text from a feature, the
 * catalog, a seed or a result ever reaches the HTML as markup.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderAreaPage } from './area-page.ts';
import { renderBehaviorsPage } from './behaviors-page.ts';
import { esc } from './html.ts';
import { renderIndexPage } from './index-page.ts';
import { buildSite } from './model.ts';
import { renderSourcePage } from './source-page.ts';
import { fixtureInput, HOSTILE } from './testdata.ts';

const model = buildSite(fixtureInput());
const index = renderIndexPage(model);
const behaviors = renderBehaviorsPage(model);
const area = renderAreaPage(model.areas[0], model);
const source = renderSourcePage(model.documents[0], model);
const pages = { index, behaviors, area, source };

test('esc escapes the five HTML specials', () => {
  assert.equal(esc(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});

test('no page lets markup through', () => {
  for (const [name, html] of Object.entries(pages)) {
    assert.ok(!html.includes('<script>alert'), `${name}: a script element from the data`);
    assert.ok(!html.includes('<b>markup</b>'), `${name}: markup from a scenario name`);
  }
  assert.ok(behaviors.includes(esc(HOSTILE)), 'shown as text');
});

test('every page has the frame: its way back to the root, the search box and the scripts', () => {
  assert.match(area, /<html lang="en" data-root="..\/">/);
  assert.match(area, /<input id="search" type="search"/);
  assert.match(area, /<script src="..\/search-index.js"><\/script>\s*<script src="..\/assets\/site.js"><\/script>/);
  assert.match(area, /<a href="..\/features\/batch-endpoints.html" aria-current="page">batch-endpoints<\/a>/);
  assert.match(source, /<html lang="fr" data-root="..\/">/);
  assert.match(index, /<html lang="en" data-root="">/);
});

test('the index lists the areas with their totals per runtime, and the run notes', () => {
  assert.match(index, /<a href="features\/batch-endpoints.html">batch-endpoints<\/a><\/th><td>1<\/td><td>4<\/td><td>2<\/td>/);
  assert.match(index, /<a href="features\/auth.html">auth<\/a>/);
  assert.ok(index.includes('cucumber-js exited with code 1'));
  assert.ok(index.includes('<a href="sources/000.html" lang="fr">000 · Document markdown</a>'));
  assert.ok(index.includes('002 · Document absent <em>(seed not found)</em>'));
});

test('the behaviors page has every ID with its message, sources, scenarios and results', () => {
  for (const id of ['BE-01', 'BE-02', 'BE-20']) assert.ok(behaviors.includes(`<section class="behavior" id="${id}">`), id);
  assert.ok(behaviors.includes(`<blockquote class="message"><code>${esc(`No module named 'azureml' ${HOSTILE}`)}</code></blockquote>`));
  assert.ok(behaviors.includes('<a class="source" href="sources/000.html#scoring-script-requirements">'));
  assert.ok(behaviors.includes('(section not found in the seed)'));
  assert.ok(behaviors.includes('(seed not found)'));
  assert.ok(behaviors.includes('<a href="features/batch-endpoints.html#invoke-L18">'));
  assert.ok(behaviors.includes('<span class="status status-failed">container: failed</span>'));
});

test('an area page shows each scenario with its steps, tags, statuses, Examples and failures', () => {
  assert.ok(area.includes('<article class="scenario" id="invoke-L9">'));
  assert.ok(area.includes('<a class="tag behavior-tag" href="../behaviors.html#BE-02">@BE-02</a>'));
  assert.ok(area.includes('<span class="tag">@BE-99</span>'), 'an ID the catalog lacks is not linked');
  assert.ok(area.includes('<div class="description">A description line,\n  indented further.</div>'));
  assert.ok(area.includes(`<pre class="doc-string">${esc(HOSTILE)}</pre>`));
  assert.ok(area.includes('<td>fixtures/a.png</td>'));
  assert.ok(area.includes('<tr id="invoke-L23"><td>2</td><td><span class="status status-passed">passed</span></td><td><span class="status status-not-run">not run</span></td></tr>'));
  assert.ok(area.includes(`<li><strong>container</strong>, line 9: Then the job fails with: (line 12): ${esc(HOSTILE)}</li>`));
  assert.ok(area.includes('<section class="rule"><h3><span class="keyword">Rule:</span> a rule</h3>'));
});

test('a source page anchors its headings and names the behaviors citing them', () => {
  assert.ok(source.includes('<h3 id="scoring-script-requirements"><a href="#scoring-script-requirements">Exigences liées au script</a></h3>'));
  assert.ok(source.includes('Behaviors: <a href="../behaviors.html#BE-01">BE-01</a>'));
  assert.ok(source.includes('<pre class="seed-code"># Get logging_level\nimport argparse</pre>'));
  assert.ok(source.includes('<p class="seed-text">Intro &#60;with&#62; markup.</p>'));
});
