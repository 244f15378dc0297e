/**
 * Reads the features, the catalog, the seeds and the given runs, and writes the site:
 *
 *   <outDir>/index.html               areas, totals, last results
 *   <outDir>/behaviors.html           every behavior: title, message, source, scenarios, status
 *   <outDir>/features/<area>.html     one page per features/<area>/ folder
 *   <outDir>/sources/<NNN>.html       the seed documents, headings anchored
 *   <outDir>/search-index.js          the search entries (see search.ts)
 *   <outDir>/assets/site.css|site.js  copied from scripts/docs-site/assets/
 *
 * The folder is emptied first, so a page of a removed area does not linger.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BehaviorCatalog } from '../../specs/behaviors.ts';
import { renderAreaPage } from './area-page.ts';
import { renderBehaviorsPage } from './behaviors-page.ts';
import { parseFeature, type FeatureFile } from './features.ts';
import { renderIndexPage } from './index-page.ts';
import { BEHAVIORS_PAGE, buildSite } from './model.ts';
import type { RuntimeRun } from './results.ts';
import { buildSearchIndex, searchIndexScript } from './search.ts';
import { renderSourcePage } from './source-page.ts';
import { parseSeed, type SeedDocument } from './sources.ts';

export interface RenderOptions {
  /** The project root: features/, specs/ and reports/ are under it. */
  root: string;
  runs: RuntimeRun[];
  /** Default <root>/reports/site. */
  outDir?: string;
  /** Default <root>/../shared/seeds, where the seeds sit beside the repo (as in CI). */
  seedsDir?: string;
}

export interface RenderedSite {
  dir: string;
  index: string;
  pages: number;
  ms: number;
}

const ASSETS = new URL('./assets/', import.meta.url);

function loadFeatures(root: string): FeatureFile[] {
  const dir = path.join(root, 'features');
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.feature'))
    .sort()
    .map((f) => {
      const uri = path.relative(root, path.join(dir, f)).split(path.sep).join('/');
      return parseFeature(uri, fs.readFileSync(path.join(dir, f), 'utf8'));
    });
}

/** Seeds by document number ("000_4f31....txt" -> "000"), parsed with the sections cited. */
function loadSeeds(dir: string, catalog: BehaviorCatalog): Map<string, SeedDocument> {
  const seeds = new Map<string, SeedDocument>();
  if (!fs.existsSync(dir)) return seeds;
  for (const file of fs.readdirSync(dir).filter((f) => /^\d{3}_.*\.txt$/.test(f)).sort()) {
    const number = file.slice(0, 3);
    const cited = catalog.behaviors.flatMap((b) => b.sources.filter((s) => s.document === number).map((s) => s.section));
    seeds.set(number, parseSeed(number, fs.readFileSync(path.join(dir, file), 'utf8'), cited));
  }
  return seeds;
}

export function renderSite(options: RenderOptions): RenderedSite {
  const started = performance.now();
  const { root } = options;
  const dir = options.outDir ?? path.join(root, 'reports', 'site');
  const catalog = JSON.parse(fs.readFileSync(path.join(root, 'specs', 'behaviors.json'), 'utf8')) as BehaviorCatalog;
  const model = buildSite({
    features: loadFeatures(root),
    catalog,
    seeds: loadSeeds(options.seedsDir ?? path.join(root, '..', 'shared', 'seeds'), catalog),
    runs: options.runs,
  });

  const files = new Map<string, string>([
    ['index.html', renderIndexPage(model)],
    [BEHAVIORS_PAGE, renderBehaviorsPage(model)],
    ['search-index.js', searchIndexScript(buildSearchIndex(model))],
  ]);
  for (const area of model.areas) files.set(area.href, renderAreaPage(area, model));
  for (const doc of model.documents) if (doc.href) files.set(doc.href, renderSourcePage(doc, model));
  for (const asset of fs.readdirSync(ASSETS)) files.set(`assets/${asset}`, fs.readFileSync(new URL(asset, ASSETS), 'utf8'));

  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const pages = [...files.keys()].filter((f) => f.endsWith('.html')).length;
  return { dir, index: path.join(dir, 'index.html'), pages, ms: performance.now() - started };
}
