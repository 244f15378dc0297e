/**
 * What the site shows, computed once from the features, the catalog, the seeds and the runs:
 * areas with their scenarios and statuses, behaviors with their sources and scenarios. Links are
 * relative to the site's root folder; a page prefixes them with its way back to the root.
 */
import type { Behavior, BehaviorCatalog } from '../../specs/behaviors.ts';
import { behaviorResult, BEHAVIOR_TAG, type BehaviorResult } from '../reports/coverage.ts';
import { scenariosOf, type FeatureFile, type ScenarioEntry } from './features.ts';
import { indexResults, worstStatus, type Outcome, type RuntimeRun, type Status } from './results.ts';
import type { SeedDocument } from './sources.ts';

export interface SiteInput {
  features: FeatureFile[];
  catalog: BehaviorCatalog;
  /** By document number; a document whose seed is missing is shown without its text. */
  seeds: Map<string, SeedDocument>;
  runs: RuntimeRun[];
}

export interface PickleView {
  line: number;
  /** One per runtime, in run order. */
  outcomes: Outcome[];
}

export interface ScenarioView {
  entry: ScenarioEntry;
  href: string;
  /** Catalog IDs among its tags. */
  behaviorIds: string[];
  pickles: PickleView[];
  /** Per runtime: the worst of its pickles. */
  statuses: Status[];
}

export interface SourceLink {
  document: string;
  title: string;
  section: string;
  /** sources/NNN.html#anchor; without the anchor when the seed has no such heading. */
  href?: string;
  found: boolean;
}

export interface BehaviorView {
  behavior: Behavior;
  href: string;
  sources: SourceLink[];
  scenarios: ScenarioView[];
  /** Per runtime. */
  results: BehaviorResult[];
}

export interface AreaView {
  name: string;
  href: string;
  features: FeatureFile[];
  scenarios: ScenarioView[];
  /** Catalog order: behaviors of this area, and others that its scenarios are tagged with. */
  behaviorIds: string[];
}

export interface DocumentView {
  number: string;
  title: string;
  topic?: string;
  href?: string;
  seed?: SeedDocument;
}

export interface SiteModel {
  runs: RuntimeRun[];
  areas: AreaView[];
  behaviors: BehaviorView[];
  documents: DocumentView[];
}

export const BEHAVIORS_PAGE = 'behaviors.html';
export const areaHref = (area: string): string => `features/${area}.html`;
const sourceHref = (document: string): string => `sources/${document}.html`;

/** Areas of the catalog first, in catalog order, then the other feature folders by name. */
function areaOrder(catalog: BehaviorCatalog, features: readonly FeatureFile[]): string[] {
  const fromCatalog: string[] = [...new Set(catalog.behaviors.map((b) => b.area))];
  const others = [...new Set(features.map((f) => f.area))].filter((a) => !fromCatalog.includes(a)).sort();
  return [...fromCatalog, ...others];
}

export function buildSite(input: SiteInput): SiteModel {
  const { catalog, seeds, runs } = input;
  const results = indexResults(runs);
  const known = new Set(catalog.behaviors.map((b) => b.id));
  const features = [...input.features].sort((a, b) => a.uri.localeCompare(b.uri));

  const scenarios: ScenarioView[] = features.flatMap(scenariosOf).map((entry) => {
    const pickles = entry.pickleLines.map((line) => ({ line, outcomes: results.outcomes(entry.file.uri, line) }));
    return {
      entry,
      href: `${areaHref(entry.file.area)}#${entry.anchor}`,
      behaviorIds: entry.tags
        .filter((t) => BEHAVIOR_TAG.test(t) && known.has(t.slice(1)))
        .map((t) => t.slice(1)),
      pickles,
      statuses: runs.map((_, i) => worstStatus(pickles.map((p) => p.outcomes[i].status))),
    };
  });

  const behaviors: BehaviorView[] = catalog.behaviors.map((behavior) => {
    const tagged = scenarios.filter((s) => s.behaviorIds.includes(behavior.id));
    return {
      behavior,
      href: `${BEHAVIORS_PAGE}#${behavior.id}`,
      sources: behavior.sources.map((s): SourceLink => {
        const seed = seeds.get(s.document);
        const anchor = seed?.anchors.get(s.section);
        const href = seed ? `${sourceHref(s.document)}${anchor ? `#${anchor}` : ''}` : undefined;
        return { document: s.document, title: s.title, section: s.section, found: anchor !== undefined, ...(href ? { href } : {}) };
      }),
      scenarios: tagged,
      results: runs.map((_, i) => behaviorResult(tagged.flatMap((s) => s.pickles.map((p) => p.outcomes[i])))),
    };
  });

  const areas: AreaView[] = areaOrder(catalog, features).map((name) => {
    const own = scenarios.filter((s) => s.entry.file.area === name);
    const ids = new Set(own.flatMap((s) => s.behaviorIds));
    return {
      name,
      href: areaHref(name),
      features: features.filter((f) => f.area === name),
      scenarios: own,
      behaviorIds: catalog.behaviors.filter((b) => b.area === name || ids.has(b.id)).map((b) => b.id),
    };
  });

  const documents: DocumentView[] = Object.entries(catalog.documents)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([number, d]) => {
      const seed = seeds.get(number);
      return { number, title: d.title, ...(d.topic ? { topic: d.topic } : {}), ...(seed ? { seed, href: sourceHref(number) } : {}) };
    });

  return { runs, areas, behaviors, documents };
}

const STATUS_ORDER: readonly Status[] = ['passed', 'failed', 'undefined', 'pending', 'skipped', 'not run'];

/** Pickles by status on one runtime (an index into the runs), in a fixed order, zeros left out. */
export function countStatuses(scenarios: readonly ScenarioView[], runtime: number): [Status, number][] {
  const counts = new Map<Status, number>();
  for (const s of scenarios) {
    for (const p of s.pickles) {
      const status = p.outcomes[runtime].status;
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  }
  return STATUS_ORDER.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

const RESULT_ORDER: readonly BehaviorResult[] = ['passed', 'failed', 'not run', 'not covered'];

/** Behaviors by result on one runtime, in a fixed order, zeros left out. */
export function countResults(behaviors: readonly BehaviorView[], runtime: number): [BehaviorResult, number][] {
  return RESULT_ORDER.map((r): [BehaviorResult, number] => [r, behaviors.filter((b) => b.results[runtime] === r).length]).filter(
    ([, n]) => n > 0,
  );
}
