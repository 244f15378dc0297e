/**
 * The behavior catalog (specs/behaviors.json): the machine-readable copy of shared/behaviors.md.
 * Its shape is checked by specs/schemas/behavior-catalog.schema.json (see behaviors.test.ts).
 */
import catalog from './behaviors.json' with { type: 'json' };

export type BehaviorArea = 'batch-endpoints' | 'parallel-run' | 'pipelines' | 'online-endpoints' | 'auth';

/** Seed document number, '000'..'004'. */
export type DocumentNumber = string;

export interface SourceDocument {
  /** French title of the seed. */
  title: string;
  /** What the document covers, in English. */
  topic?: string;
  /** Service profile the document describes, where the project can select between profiles. */
  profile?: 'preview-2021' | 'current';
}

export interface BehaviorSource {
  document: DocumentNumber;
  title: string;
  /** French section heading, exactly as written in the seed. */
  section: string;
}

export interface Behavior {
  /** e.g. "BE-13" */
  id: string;
  area: BehaviorArea;
  sources: BehaviorSource[];
  /** One line, in English. */
  summary: string;
  /** Documented messages, verbatim; empty when none is documented. */
  messages: string[];
}

export interface BehaviorCatalog {
  documents: Record<DocumentNumber, SourceDocument>;
  behaviors: Behavior[];
}

const typed = catalog as unknown as BehaviorCatalog;

export const documents: Readonly<Record<DocumentNumber, SourceDocument>> = typed.documents;
export const behaviors: readonly Behavior[] = typed.behaviors;

const byId = new Map(behaviors.map((b) => [b.id, b]));

/** The behavior with this ID, or undefined when the catalog has none. */
export function behaviorById(id: string): Behavior | undefined {
  return byId.get(id);
}
