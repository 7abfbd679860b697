// A validated Sigma filter (Sigma Filters specification 2.0.0, SigmaHQ/sigma-specification
// specification/sigma-filters-specification.md, read with pySigma's sigma/filters.py): a document
// with `title`, `logsource` and `filter: { rules, <selections>, condition }` that adds an
// exclusion to the rules it names. It matches no events itself and is no rule: an environment
// names the files that hold filters (`filters:`), and they change that environment's rules only.
import type { SourceLocation } from '../../diagnostics.js';
import type { RuleReference } from './correlation-model.js';
import type { Logsource, QueryNode } from './model.js';

export interface SigmaFilter {
  kind: 'sigma-filter';
  path: string;
  title: string;
  id?: string;
  name?: string;
  description?: string;
  /** Applied to a rule only when this log source contains the rule's (pySigma SigmaLogSource.__contains__). */
  logsource: Logsource;
  /**
   * The rules it names, by id or name; `any` (pySigma also reads `all`, or an empty list, as
   * `any`): every rule whose log source this one contains.
   */
  rules: RuleReference[] | 'any';
  /** Where `filter.rules` is, for problems of the whole list. */
  rulesLoc: SourceLocation;
  /** The filter's condition over its own selections (usually `not selection`). */
  condition: QueryNode;
  keyLocations: Record<string, SourceLocation>;
  loc: SourceLocation;
}
