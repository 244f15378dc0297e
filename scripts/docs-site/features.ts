/**
 * The feature files, parsed with cucumber's own Gherkin parser, and their scenarios flattened
 * with the tags they inherit (feature, rule, scenario, and every Examples table's), which is
 * how cucumber tags a pickle and so how a behavior ID reaches a scenario.
 */
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import type { Examples, Feature, GherkinDocument, Rule, Scenario } from '@cucumber/messages';
import { areaOf } from '../reports/summary.ts';

export interface FeatureFile {
  /** "features/batch-endpoints/timeouts.feature", as cucumber reports it. */
  uri: string;
  area: string;
  /** Anchor of the feature on its area page: the file name without .feature. */
  anchor: string;
  feature?: Feature;
  /** Why the file could not be parsed (cucumber fails on it too). */
  error?: string;
}

export interface ScenarioEntry {
  file: FeatureFile;
  rule?: Rule;
  scenario: Scenario;
  /** Anchor on the area page: "timeouts-L17". */
  anchor: string;
  /** Inherited and own tags, Examples tags included, without duplicates. */
  tags: string[];
  /** Source lines of the scenario's pickles: the scenario's, or one per Examples row. */
  pickleLines: number[];
}

export function parseFeature(uri: string, text: string): FeatureFile {
  const file: FeatureFile = { uri, area: areaOf(uri), anchor: uri.replace(/^.*\//, '').replace(/\.feature$/, '') };
  let n = 0;
  const parser = new Parser(new AstBuilder(() => String(n++)), new GherkinClassicTokenMatcher());
  try {
    const doc: GherkinDocument = parser.parse(text);
    file.feature = doc.feature;
  } catch (err) {
    file.error = (err as Error).message;
  }
  return file;
}

function scenarioAnchor(file: FeatureFile, scenario: Scenario): string {
  return `${file.anchor}-L${scenario.location.line}`;
}

function pickleLines(scenario: Scenario): number[] {
  const rows = scenario.examples.flatMap((e: Examples) => e.tableBody.map((r) => r.location.line));
  return scenario.examples.length > 0 ? rows : [scenario.location.line];
}

/** Every scenario of a feature file, in source order. */
export function scenariosOf(file: FeatureFile): ScenarioEntry[] {
  const feature = file.feature;
  if (!feature) return [];
  const entries: ScenarioEntry[] = [];
  const visit = (children: readonly { scenario?: Scenario; rule?: Rule }[], inherited: string[], rule?: Rule): void => {
    for (const child of children) {
      if (child.rule) visit(child.rule.children, [...inherited, ...child.rule.tags.map((t) => t.name)], child.rule);
      const scenario = child.scenario;
      if (!scenario) continue;
      const own = [...scenario.tags, ...scenario.examples.flatMap((e) => e.tags)].map((t) => t.name);
      entries.push({
        file,
        rule,
        scenario,
        anchor: scenarioAnchor(file, scenario),
        tags: [...new Set([...inherited, ...own])],
        pickleLines: pickleLines(scenario),
      });
    }
  };
  visit(feature.children, feature.tags.map((t) => t.name));
  return entries;
}

