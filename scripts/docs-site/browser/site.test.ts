/**
 * The living documentation in a real browser: renders the site from the project's features,
 * catalog and seeds with a fixture run on two runtimes (one scenario failing, with markup in its
 * message), serves it on 127.0.0.1, and drives Debian's Chromium through playwright-core.
 *
 * Run: bash scripts/docs-site/browser/chromium.sh && node --import tsx --test scripts/docs-site/browser/site.test.ts
 * (npm run test:site does both; npm test runs it.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ScenarioResult } from '../../reports/messages.ts';
import { parseFeature, scenariosOf, type ScenarioEntry } from '../features.ts';
import { renderSite } from '../render.ts';
import type { RuntimeRun } from '../results.ts';
import { serve, type Served } from './serve.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
// The flags this machine's Chromium needs (no sandbox as root, no GPU, and no background
// traffic, which the closed network would refuse); playwright gives it a fresh --user-data-dir.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'specs', 'behaviors.json'), 'utf8')) as {
  behaviors: { id: string; area: string; sources: { document: string; section: string }[] }[];
};
const featureFiles = (fs.readdirSync(path.join(ROOT, 'features'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.feature'))
  .sort()
  .map((f) => parseFeature(`features/${f.split(path.sep).join('/')}`, fs.readFileSync(path.join(ROOT, 'features', f), 'utf8')));
const scenarios: ScenarioEntry[] = featureFiles.flatMap(scenariosOf);
const areas = [...new Set([...catalog.behaviors.map((b) => b.area), ...featureFiles.map((f) => f.area)])];
const failing = scenarios.find((s) => s.tags.includes('@BE-13'))!;

/** Every pickle passed, but the first BE-13 scenario failed in-process. */
function fixtureRun(runtime: string): RuntimeRun {
  const results: ScenarioResult[] = scenarios.flatMap((s) =>
    s.pickleLines.map((line) => {
      const fails = runtime === 'in-process' && s === failing;
      return {
        pickleId: `${s.file.uri}:${line}`,
        uri: s.file.uri,
        line,
        name: s.scenario.name,
        featureName: s.file.feature?.name ?? '',
        tags: s.tags,
        executed: true,
        attempts: 1,
        status: fails ? 'failed' : 'passed',
        ...(fails ? { failure: { step: 'Then the job completes', status: 'FAILED' as const, message: HOSTILE } } : {}),
      };
    }),
  );
  return { runtime, results: { scenarios: results, warnings: [] } };
}

let dir: string;
let served: Served;
let browser: Browser;
let page: Page;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-site-'));
  const site = renderSite({ root: ROOT, runs: [fixtureRun('in-process'), fixtureRun('container')], outDir: dir });
  assert.ok(site.ms < 1000, `rendering took ${Math.round(site.ms)} ms`);
  served = await serve(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  page = await browser.newPage();
  page.on('dialog', (d) => void d.dismiss());
});

after(async () => {
  await browser?.close();
  await served?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Types into the search box and returns the result links (href as written, text). */
async function search(query: string): Promise<{ href: string; text: string }[]> {
  await page.fill('#search', query);
  await page.waitForSelector('#search-results li');
  return page.$$eval('#search-results a', (links) =>
    links.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })),
  );
}

test('the index lists every area, with a link to its page', async () => {
  await page.goto(served.url);
  const links = await page.$$eval('table.areas a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(links.map(([text]) => text).sort(), [...areas].sort());
  for (const [text, href] of links) assert.equal(href, `features/${text}.html`);
});

test('from the index to an area page and to the behaviors page', async () => {
  await page.goto(served.url);
  await page.click('table.areas a:text-is("batch-endpoints")');
  await page.waitForURL(/features\/batch-endpoints\.html$/);
  assert.equal(await page.textContent('h1'), 'Area: batch-endpoints');
  assert.ok((await page.$$('article.scenario')).length > 0, 'the area page shows its scenarios');

  await page.click('header nav a:text-is("Behaviors")');
  await page.waitForURL(/\/behaviors\.html$/);
  assert.equal(await page.textContent('h1'), 'Behaviors');

  await page.click('header nav a:text-is("azureml-batch-sim")');
  await page.waitForURL(/\/index\.html$/);
});

test('every behavior ID of specs/behaviors.json is on the behaviors page', async () => {
  await page.goto(`${served.url}behaviors.html`);
  const ids = await page.$$eval('section.behavior', (sections) => sections.map((s) => s.id));
  assert.deepEqual(ids, catalog.behaviors.map((b) => b.id));
  for (const id of ids) {
    assert.ok(await page.isVisible(`section.behavior[id="${id}"] h2`), `${id} is shown`);
  }
});

test('a behavior links to its source section, which shows the cited heading', async (t) => {
  if (!fs.existsSync(path.join(ROOT, '..', 'shared', 'seeds'))) {
    t.skip('shared/seeds is not beside the repo: the site has no source pages');
    return;
  }
  const source = catalog.behaviors.find((b) => b.id === 'BE-13')!.sources[0];
  await page.goto(`${served.url}behaviors.html#BE-13`);
  await page.click('section#BE-13 a.source');
  await page.waitForURL(new RegExp(`sources/${source.document}\\.html#.+`));
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  assert.equal((await page.textContent(`[id="${anchor}"]`))?.trim(), source.section);
});

test('searching a behavior ID finds it first, and its link opens it on the behaviors page', async () => {
  await page.goto(served.url);
  const hits = await search('BE-13');
  assert.equal(hits[0]?.href, 'behaviors.html#BE-13', JSON.stringify(hits.slice(0, 3)));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/behaviors\.html#BE-13$/);
  assert.ok(await page.isVisible('section#BE-13'));
});

test('searching a phrase of a scenario finds it, and the link goes to its area page', async () => {
  // A phrase from the middle of a scenario name, and a phrase from one of its steps, searched
  // from an area page (links there start with ../).
  const target = failing;
  const words = target.scenario.name.split(' ');
  const phrase = words.slice(1, 5).join(' ');
  const step = target.scenario.steps.at(-1)!.text;
  const expected = `features/${target.file.area}.html#${target.anchor}`;
  for (const query of [phrase, step]) {
    await page.goto(`${served.url}features/pipelines.html`);
    const hits = await search(query);
    const hit = hits.find((h) => h.href === `../${expected}`);
    assert.ok(hit, `"${query}" finds ${expected}: ${JSON.stringify(hits.slice(0, 5))}`);
    await page.click(`#search-results a[href="../${expected}"]`);
    await page.waitForURL(new RegExp(`${expected.replace(/[.#]/g, '\\$&')}$`));
    assert.ok(((await page.textContent(`article[id="${target.anchor}"] h3`)) ?? '').includes(target.scenario.name));
  }
});

test('statuses per runtime are shown, and a failure message is text, not markup', async () => {
  await page.goto(`${served.url}features/${failing.file.area}.html#${failing.anchor}`);
  const article = `article[id="${failing.anchor}"]`;
  const statuses = await page.$$eval(`${article} .statuses .status`, (s) => s.map((e) => e.textContent));
  assert.deepEqual(statuses, ['in-process: failed', 'container: passed']);
  assert.ok(((await page.textContent(`${article} .failures`)) ?? '').includes(HOSTILE));
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
});
