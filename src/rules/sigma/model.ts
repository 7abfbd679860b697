// The validated Sigma rule and the Query AST its conditions become. Every node keeps where it
// came from, so a compiler error can still point at the rule's line.
import type { SourceLocation } from '../../diagnostics.js';
import type { SigmaString } from './sigma-string.js';

export type CompareOperator = 'lt' | 'lte' | 'gt' | 'gte';

export type SigmaValue =
  | SigmaString
  | { kind: 'number'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'regex'; pattern: string; flags: { i: boolean; m: boolean; s: boolean } }
  | { kind: 'cidr'; network: string; prefix: number; version: 4 | 6 }
  | { kind: 'compare'; op: CompareOperator; value: number; text: string }
  | { kind: 'exists'; value: boolean }
  | { kind: 'fieldref'; field: string };

/**
 * The Query AST: what a rule's condition means, independent of any query language.
 * `match` is one field compared with one value (`field: null` = a keyword anywhere in the event);
 * `expansion` is one field against the variants a modifier produced (windash, base64offset),
 * which languages render as one term.
 */
export type QueryNode =
  | { kind: 'and'; args: QueryNode[] }
  | { kind: 'or'; args: QueryNode[] }
  | { kind: 'not'; arg: QueryNode }
  | MatchNode
  | ExpansionNode;

/** The detection item (one `field|modifiers: values` line) that terms came from. Terms of one item
 * share this object: field mappings decide per item, e.g. "unless any of its values is null". */
export interface DetectionItem {
  values: SigmaValue[];
  /** Mapping steps that renamed this item's field (a later step may depend on it). */
  renamedBy: string[];
}

interface TermBase {
  field: string | null;
  /** `|cased`: match with case, where a language can say so. */
  cased?: boolean;
  item: DetectionItem;
  loc: SourceLocation;
}

export interface MatchNode extends TermBase {
  kind: 'match';
  value: SigmaValue;
}

export interface ExpansionNode extends TermBase {
  kind: 'expansion';
  values: SigmaValue[];
}

export type TermNode = MatchNode | ExpansionNode;

export interface Logsource {
  category?: string;
  product?: string;
  service?: string;
  definition?: string;
}

export interface RelatedRule {
  id: string;
  type: string;
}

/** What every Sigma document (a rule, a correlation) says of itself, and where it is. */
export interface SigmaDocument {
  /** The path as given on the command line joined with the file's path below it. */
  path: string;
  title: string;
  id?: string;
  name?: string;
  status?: string;
  description?: string;
  author?: string;
  date?: string;
  modified?: string;
  level?: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  fields: string[];
  /** The `custom:` block and any attribute Sigma does not define, kept as plain data. */
  custom: Record<string, unknown>;
  /** Where each top-level key is, for errors found after loading (render options, duplicates). */
  keyLocations: Record<string, SourceLocation>;
  loc: SourceLocation;
}

export interface SigmaRule extends SigmaDocument {
  kind: 'sigma';
  license?: string;
  logsource: Logsource;
  related: RelatedRule[];
  /** `detection.timeframe`, when given. */
  timeframe?: string;
  /** One Query AST per condition (a condition list gives several queries). */
  conditions: QueryNode[];
  /**
   * Named by a correlation with `generate: false` (Sigma's default): the rule is meant to deploy
   * only as part of the correlation, so targets may leave it out (src/rules/resolve-correlations.ts).
   */
  correlationOnly?: true;
}
