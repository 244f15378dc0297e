/**
 * npm run site: renders reports/site/ again from the last feature run's results, without running
 * the features (npm start renders it after every run).
 */
import path from 'node:path';
import { lastRuns } from './last-results.ts';
import { renderSite } from './render.ts';

const root = process.cwd();
const site = renderSite({ root, runs: lastRuns(root) });
console.log(`Living documentation: ${path.relative(root, site.index)} (${site.pages} pages, ${Math.round(site.ms)} ms)`);
