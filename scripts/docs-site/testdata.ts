/**
 * A small project for the site's unit tests: two feature files (an outline, a rule, tags at
 * every level, a doc string, a data table, and names with markup in them), a catalog of three
 * behaviors citing two seeds (one markdown, one plain text), and a run on two runtimes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BehaviorCatalog } from '../../specs/behaviors.ts';
import type { ScenarioResult } from '../reports/messages.ts';
import { parseFeature } from './features.ts';
import type { SiteInput } from './model.ts';
import type { RuntimeRun } from './results.ts';
import { parseSeed } from './sources.ts';

export const HOSTILE = '<script>alert("x")</script> & \'quotes\'';

/**
 * features/batch-endpoints/invoke.feature
 *  1 @BE-01
 *  9   Scenario: a scenario with <b>markup</b>   -> passed / failed on container
 * 17   @BE-02
 * 18   Scenario Outline: row <n>                 -> rows 22, 23: passed / row 23 not run
 * 25   Rule: a rule
 * 27     @BE-99 @slow
 * 28     Scenario: unknown behavior tag           -> not run anywhere
 */
export const INVOKE_FEATURE = `@BE-01
Feature: Invoke a batch endpoint
  A description line,
    indented further.

  Background:
    Given a workspace "main"

  Scenario: a scenario with <b>markup</b>
    When I invoke "mnist-batch" with:
      | input | fixtures/a.png |
    Then the job fails with:
      """
      ${HOSTILE}
      """

  @BE-02
  Scenario Outline: row <n>
    When row <n> is scored
    Examples:
      | n |
      | 1 |
      | 2 |

  Rule: a rule

    @BE-99 @slow
    Scenario: unknown behavior tag
      When nothing happens
`;

/** features/auth/token.feature */
export const TOKEN_FEATURE = `Feature: Tokens

  @BE-20
  Scenario: a token for another audience is refused
    Given a token for "https://management.azure.com"
    Then the request is refused with 401
`;

export const CATALOG: BehaviorCatalog = {
  documents: {
    '000': { title: 'Document markdown', topic: 'Markdown seed' },
    '001': { title: 'Document texte', topic: 'Plain seed' },
    '002': { title: 'Document absent' },
  },
  behaviors: [
    {
      id: 'BE-01',
      area: 'batch-endpoints',
      sources: [{ document: '000', title: 'Document markdown', section: 'Exigences liées au script' }],
      summary: `Scoring script contract ${HOSTILE}`,
      messages: [`No module named 'azureml' ${HOSTILE}`],
    },
    {
      id: 'BE-02',
      area: 'batch-endpoints',
      sources: [
        { document: '001', title: 'Document texte', section: 'La sortie existe déjà' },
        { document: '001', title: 'Document texte', section: 'Une section qui manque' },
      ],
      summary: 'Output already exists',
      messages: [],
    },
    {
      id: 'BE-20',
      area: 'auth',
      sources: [{ document: '002', title: 'Document absent', section: 'Partout' }],
      summary: 'Token audience',
      messages: [],
    },
  ],
};

export const MARKDOWN_SEED = `---
title: Document markdown
ms.date: 05/05/2021
---
# <a name="doc"></a>Document markdown

Intro <with> markup.

##  <a name="scoring-script-requirements"></a>Exigences liées au script

\`\`\`python
# Get logging_level
import argparse
\`\`\`

## Étapes suivantes

## Étapes suivantes
`;

export const PLAIN_SEED = `Document texte

Problèmes courants

La sortie existe déjà

Motif : le fichier existe.
Solution : un autre dossier.
`;

const INVOKE = 'features/batch-endpoints/invoke.feature';
const TOKEN = 'features/auth/token.feature';

function result(uri: string, line: number, name: string, tags: string[], status?: ScenarioResult['status']): ScenarioResult {
  return {
    pickleId: `${uri}:${line}`,
    uri,
    line,
    name,
    featureName: '',
    tags,
    executed: status !== undefined,
    attempts: status ? 1 : 0,
    ...(status ? { status } : {}),
    ...(status === 'failed' ? { failure: { step: 'Then the job fails with: (line 12)', status: 'FAILED' as const, message: HOSTILE } } : {}),
  };
}

export const RUNS: RuntimeRun[] = [
  {
    runtime: 'in-process',
    results: {
      warnings: [],
      scenarios: [
        result(INVOKE, 9, 'a scenario with <b>markup</b>', ['@BE-01'], 'passed'),
        result(INVOKE, 22, 'row 1', ['@BE-01', '@BE-02'], 'passed'),
        result(INVOKE, 23, 'row 2', ['@BE-01', '@BE-02'], 'passed'),
        result(INVOKE, 28, 'unknown behavior tag', ['@BE-01', '@BE-99', '@slow']),
        result(TOKEN, 4, 'a token for another audience is refused', ['@BE-20'], 'passed'),
      ],
    },
  },
  {
    runtime: 'container',
    note: 'cucumber-js exited with code 1',
    results: {
      warnings: [],
      scenarios: [
        result(INVOKE, 9, 'a scenario with <b>markup</b>', ['@BE-01'], 'failed'),
        result(INVOKE, 22, 'row 1', ['@BE-01', '@BE-02'], 'passed'),
        result(TOKEN, 4, 'a token for another audience is refused', ['@BE-20'], 'passed'),
      ],
    },
  },
];

export const FEATURES = { [INVOKE]: INVOKE_FEATURE, [TOKEN]: TOKEN_FEATURE };

const cited = (document: string): string[] =>
  CATALOG.behaviors.flatMap((b) => b.sources.filter((s) => s.document === document).map((s) => s.section));

/** The whole fixture project; document 002 has no seed. */
export function fixtureInput(runs: RuntimeRun[] = RUNS): SiteInput {
  return {
    features: Object.entries(FEATURES).map(([uri, text]) => parseFeature(uri, text)),
    catalog: CATALOG,
    seeds: new Map([
      ['000', parseSeed('000', MARKDOWN_SEED, cited('000'))],
      ['001', parseSeed('001', PLAIN_SEED, cited('001'))],
    ]),
    runs,
  };
}

/** The fixture project as files in a new temporary folder: features/, specs/ and seeds/. */
export function writeProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-site-project-'));
  for (const [uri, text] of Object.entries(FEATURES)) {
    fs.mkdirSync(path.dirname(path.join(root, uri)), { recursive: true });
    fs.writeFileSync(path.join(root, uri), text);
  }
  fs.mkdirSync(path.join(root, 'specs'));
  fs.writeFileSync(path.join(root, 'specs', 'behaviors.json'), JSON.stringify(CATALOG));
  fs.mkdirSync(path.join(root, 'seeds'));
  fs.writeFileSync(path.join(root, 'seeds', '000_abc.txt'), MARKDOWN_SEED);
  fs.writeFileSync(path.join(root, 'seeds', '001_def.txt'), PLAIN_SEED);
  fs.writeFileSync(path.join(root, 'seeds', 'notes.md'), 'not a seed');
  return root;
}
