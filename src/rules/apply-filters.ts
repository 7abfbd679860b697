// Sigma filters (sigma-filters-specification.md) onto the rules of one environment. pySigma's
// SigmaFilter.apply_on_rule is the reference: a filter applies to a rule when its log source
// contains the rule's (SigmaLogSource.__contains__: every attribute the filter gives — category,
// product, service — equals the rule's) and it names the rule (or names `any`); then every
// condition of the rule becomes `(<condition>) and (<filter condition>)`. Filters never apply to
// correlations (`_should_apply_on_rule`), but a correlation counts the matches of its rules as
// filtered, since it reads them (pySigma test_basic_filter_application_against_correlation_rule).
//
// Stricter than pySigma, which skips silently: a filter naming a rule that does not exist, a
// correlation, or a rule of another log source is an error at the name: an exclusion that
// applies to nothing is a mistake the author should hear of before deploying.
//
// The conditions are combined as Query ASTs, so the filtered rule flows through every compiler,
// mapping and evaluator like any rule (no target knows about filters).
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { entry } from '../yaml-tree.js';
import { didYouMean } from '../base/did-you-mean.js';
import type { Rule } from './load-rules.js';
import { readYamlDocuments } from './read-yaml-document.js';
import type { RuleFile } from './discover.js';
import type { SigmaCorrelation } from './sigma/correlation-model.js';
import type { SigmaFilter } from './sigma/filter-model.js';
import { isSigmaFilter, loadSigmaFilter } from './sigma/load-filter.js';
import type { Logsource, SigmaRule } from './sigma/model.js';

const CODE = 'sigma-filter-rules';

/** Every filter of these files; any other document is an error (a filter file holds filters only). */
export function loadFilterFiles(files: RuleFile[]): { filters: SigmaFilter[]; diagnostics: Diagnostic[] } {
  const filters: SigmaFilter[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const read = readYamlDocuments(file);
    diagnostics.push(...read.diagnostics);
    for (const doc of read.docs) {
      // A rule or a correlation here is misplaced; anything else is read as a filter, so that a
      // misspelt key is answered as one ("unknown key 'filters'; did you mean 'filter'?").
      const other = doc.kind === 'map' && !isSigmaFilter(doc) ? (['detection', 'correlation'] as const).find((key) => entry(doc, key)) : undefined;
      if (other) {
        diagnostics.push(diagnostic('sigma-filter', `not a Sigma filter but a ${other === 'detection' ? 'rule' : 'correlation'}: a filter document has a 'filter' key and no '${other}'`, doc.loc, "the environment's 'filters:' names files of Sigma filters; rules and correlations belong under 'rules:'"));
        continue;
      }
      const loaded = loadSigmaFilter(doc, file.path);
      diagnostics.push(...loaded.diagnostics);
      if (loaded.filter) filters.push(loaded.filter);
    }
  }
  return { filters, diagnostics };
}

/** pySigma SigmaLogSource.__contains__: each of category, product and service the filter gives is the rule's. */
function logsourceContains(filter: Logsource, rule: Logsource): boolean {
  return (['category', 'product', 'service'] as const).every((key) => filter[key] === undefined || filter[key] === rule[key]);
}

const showLogsource = (l: Logsource) => {
  const parts = (['category', 'product', 'service'] as const).filter((k) => l[k] !== undefined).map((k) => `${k}: ${l[k]}`);
  return parts.length > 0 ? `{${parts.join(', ')}}` : '{}';
};

/**
 * The rules with every filter applied (new rule objects for the filtered ones; correlations are
 * re-pointed at them), or the problems of the filters' references.
 */
export function applyFilters(rules: Rule[], filters: SigmaFilter[]): { rules: Rule[]; diagnostics: Diagnostic[] } {
  if (filters.length === 0) return { rules, diagnostics: [] };
  const byName = new Map<string, Rule[]>();
  for (const rule of rules) {
    if (rule.kind === 'escu') continue;
    for (const key of new Set([rule.id, rule.name])) if (key !== undefined) byName.set(key, [...(byName.get(key) ?? []), rule]);
  }

  const diagnostics: Diagnostic[] = [];
  const applied = new Map<SigmaRule, SigmaFilter[]>();
  const add = (rule: SigmaRule, filter: SigmaFilter) => applied.set(rule, [...(applied.get(rule) ?? []), filter]);
  for (const filter of filters) {
    if (filter.rules === 'any') {
      for (const rule of rules) if (rule.kind === 'sigma' && logsourceContains(filter.logsource, rule.logsource)) add(rule, filter);
      continue;
    }
    for (const ref of filter.rules) {
      const found = byName.get(ref.ref) ?? [];
      const rule = found[0];
      if (!rule) diagnostics.push(diagnostic(CODE, `filter '${filter.title}' names '${ref.ref}', but no rule of this environment has that id or name${didYouMean(ref.ref, byName.keys())}`, ref.loc, 'a filter names rules by their id or their name attribute, among the rules the environment loads'));
      else if (found.length > 1) diagnostics.push(diagnostic(CODE, `'${ref.ref}' names ${found.length} rules (${found.map((r) => r.path).join(', ')})`, ref.loc, 'name the rule by its id'));
      else if (rule.kind !== 'sigma') diagnostics.push(diagnostic(CODE, `filter '${filter.title}' names the correlation '${ref.ref}'; filters apply to Sigma rules only`, ref.loc, 'name the rules the correlation counts: it counts their filtered matches'));
      else if (!logsourceContains(filter.logsource, rule.logsource)) diagnostics.push(diagnostic(CODE, `filter '${filter.title}' is for log source ${showLogsource(filter.logsource)}, which does not contain the log source ${showLogsource(rule.logsource)} of '${ref.ref}' (${rule.path}): it would not apply`, ref.loc, "a filter applies to a rule only when each of its logsource's category, product and service is the rule's"));
      else add(rule, filter);
    }
  }
  if (diagnostics.length > 0) return { rules, diagnostics };

  // Filtered rules are new objects (the loaded ones may be shared); correlations that count them
  // are copied to point at the new ones, through chains of correlations.
  const replaced = new Map<Rule, Rule>();
  const filtered = (rule: SigmaRule, list: SigmaFilter[]): SigmaRule => ({
    ...rule,
    conditions: rule.conditions.map((condition) => ({ kind: 'and', args: [condition, ...list.map((f) => f.condition)] })),
  });
  const resolve = (rule: Rule): Rule => {
    const done = replaced.get(rule);
    if (done) return done;
    let next: Rule = rule;
    if (rule.kind === 'sigma' && applied.has(rule)) next = filtered(rule, applied.get(rule)!);
    else if (rule.kind === 'sigma-correlation') {
      // No cycle reaches here: resolve-correlations.ts drops correlations that lead back to themselves.
      const resolved = rule.resolved.map((r) => resolve(r) as SigmaRule | SigmaCorrelation);
      if (resolved.some((r, i) => r !== rule.resolved[i])) next = { ...rule, resolved };
    }
    replaced.set(rule, next);
    return next;
  };
  return { rules: rules.map(resolve), diagnostics: [] };
}

