/**
 * HTML building blocks: escaping, the page frame every page shares (navigation, search box)
 * and status badges. Every text that comes from a feature, the catalog, a seed or a result goes
 * through esc(): scenario names and documented messages hold quotes and angle brackets.
 */
import { areaHref, BEHAVIORS_PAGE } from './model.ts';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SITE_NAME = 'azureml-batch-sim';

export interface Frame {
  title: string;
  /** The page's way back to the site root: '' or '../'. */
  root: string;
  /** Area names, for the navigation. */
  areas: readonly string[];
  /** The current page (site-root relative), marked in the navigation. */
  current: string;
  lang?: 'en' | 'fr';
  body: string;
}

export function page(f: Frame): string {
  const link = (href: string, text: string): string =>
    `<a href="${esc(f.root + href)}"${href === f.current ? ' aria-current="page"' : ''}>${esc(text)}</a>`;
  return `<!doctype html>
<html lang="${f.lang ?? 'en'}" data-root="${esc(f.root)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(f.title)} · ${SITE_NAME}</title>
<link rel="stylesheet" href="${esc(f.root)}assets/site.css">
</head>
<body>
<header class="top">
<nav aria-label="Site">
${link('index.html', SITE_NAME)}
${link(BEHAVIORS_PAGE, 'Behaviors')}
${f.areas.map((a) => link(areaHref(a), a)).join('\n')}
</nav>
<div class="search" role="search">
<input id="search" type="search" placeholder="Search IDs, titles, scenarios, steps" autocomplete="off" aria-label="Search the documentation">
<ol id="search-results" hidden></ol>
</div>
</header>
<main>
${f.body}
</main>
<script src="${esc(f.root)}search-index.js"></script>
<script src="${esc(f.root)}assets/site.js"></script>
</body>
</html>
`;
}

/** "not run" -> "not-run", for class names. */
export const statusClass = (status: string): string => `status status-${status.replace(/\s+/g, '-')}`;

/** A status on one runtime: "in-process: passed". */
function badge(runtime: string, status: string): string {
  return `<span class="${statusClass(status)}">${esc(runtime)}: ${esc(status)}</span>`;
}

/** How many have a status: "12 passed". */
export function countBadge(status: string, n: number): string {
  return `<span class="${statusClass(status)}">${n} ${esc(status)}</span>`;
}

export function badges(runtimes: readonly string[], statuses: readonly string[]): string {
  if (runtimes.length === 0) return '<span class="status status-none">no results</span>';
  return runtimes.map((rt, i) => badge(rt, statuses[i])).join(' ');
}
