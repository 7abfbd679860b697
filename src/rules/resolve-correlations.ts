// What each correlation names, resolved across every loaded file (Sigma 2: a correlation names
// rules by id or by `name`, in its own file or any other; pySigma SigmaRuleReference.resolve).
// A correlation that names a rule that does not exist, that did not load, or that leads back to
// itself through other correlations is an error at the name, and is dropped like any invalid rule.
// A correlation that names another correlation groups and aggregates that one's groups, whose only
// fields are the ones it groups by: a `group-by` field, alias field or `condition.field` the named
// correlation does not group by is unknown (an error at it). The fields of plain rules' events are
// not checked: the specification says they "must not necessarily appear in the Sigma rules, but in
// the events matched by the Sigma rules" (sigma-correlation-rules-specification.md, "Field Name
// Aliases"), and pySigma checks none.
// Rules named by a correlation with `generate: false` (the default) are marked `correlationOnly`:
// they stay loaded, and targets may leave them out of the objects they deploy.
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { didYouMean } from '../base/did-you-mean.js';
import type { LoadedFile } from './load-rules.js';
import { ruleLabel as label, type RuleReference, type SigmaCorrelation } from './sigma/correlation-model.js';
import type { SigmaRule } from './sigma/model.js';

const CODE = 'sigma-correlation-rules';
type Named = SigmaRule | SigmaCorrelation;

export function resolveCorrelations(loaded: LoadedFile[]): void {
  // Every document that has an id or a name is indexed, loaded or not, so that a name of a broken
  // rule is reported as such rather than as unknown.
  const byName = new Map<string, LoadedFile[]>();
  const index = (key: string | undefined, l: LoadedFile) => {
    if (key === undefined) return;
    const list = byName.get(key) ?? [];
    if (!list.includes(l)) list.push(l);
    byName.set(key, list);
  };
  for (const l of loaded) {
    if (l.rule?.kind === 'escu') continue;
    index(l.rule?.id ?? l.id, l);
    index(l.rule ? l.rule.name : l.name, l);
  }

  // Each correlation's own names first, all against the graph as loaded (so both ends of a cycle
  // report it); then dropping a correlation breaks those that name it, until nothing more is dropped.
  const problems = new Map<LoadedFile, Diagnostic[]>();
  for (const l of loaded) {
    if (l.rule?.kind !== 'sigma-correlation') continue;
    const correlation = l.rule;
    const found = referenceDiagnostics(correlation, byName);
    if (found.length === 0) found.push(...fieldDiagnostics(correlation, byName));
    const cycle = found.length === 0 ? findCycle(correlation, byName) : undefined;
    if (cycle) found.push(diagnostic(CODE, `correlation '${label(correlation)}' leads back to itself: ${cycle.path.join(' → ')}`, cycle.at.loc, 'a correlation cannot count its own matches; remove one of the references'));
    if (found.length > 0) problems.set(l, found);
  }
  for (const [l, found] of problems) {
    l.diagnostics.push(...found);
    delete l.rule;
  }
  for (let changed = problems.size > 0; changed; ) {
    changed = false;
    for (const l of loaded) {
      if (l.rule?.kind !== 'sigma-correlation') continue;
      const found = referenceDiagnostics(l.rule, byName);
      if (found.length === 0) continue;
      l.diagnostics.push(...found);
      delete l.rule;
      changed = true;
    }
  }

  for (const l of loaded) {
    if (l.rule?.kind !== 'sigma-correlation') continue;
    const correlation = l.rule;
    correlation.resolved = correlation.rules.map((ref) => byName.get(ref.ref)![0].rule as Named);
    if (!correlation.generate) for (const rule of correlation.resolved) if (rule.kind === 'sigma') rule.correlationOnly = true;
  }
}

function referenceDiagnostics(correlation: SigmaCorrelation, byName: Map<string, LoadedFile[]>): Diagnostic[] {
  return correlation.rules.flatMap((ref) => {
    const problem = referenceProblem(ref, byName);
    return problem ? [diagnostic(CODE, problem.message, ref.loc, problem.hint)] : [];
  });
}

function referenceProblem(ref: RuleReference, byName: Map<string, LoadedFile[]>): { message: string; hint?: string } | undefined {
  const found = byName.get(ref.ref);
  if (!found) return { message: `no rule has the id or name '${ref.ref}'${didYouMean(ref.ref, byName.keys())}`, hint: 'a correlation names rules by their id or their name attribute' };
  if (found.length > 1) return { message: `'${ref.ref}' names ${found.length} rules (${found.map((f) => f.file.path).join(', ')})`, hint: 'give each rule its own name, or name the rule by its id' };
  if (!found[0].rule) return { message: `'${ref.ref}' is a rule that did not load (see its errors in ${found[0].file.path})` };
  return undefined;
}

/** The fields this correlation reads from the groups of the correlations it names, where they are not among those groups' fields. */
function fieldDiagnostics(correlation: SigmaCorrelation, byName: Map<string, LoadedFile[]>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const ref of correlation.rules) {
    const named = byName.get(ref.ref)![0].rule;
    if (named?.kind !== 'sigma-correlation') continue;
    const known = named.groupBy;
    const check = (field: string, loc: SourceLocation, what: string) => {
      if (known.includes(field)) return;
      const groups = known.length > 0 ? `it groups by ${known.join(', ')}` : 'it groups by nothing';
      problems.push(diagnostic(CODE, `${what} '${field}' is not a field of the correlation '${ref.ref}', whose results carry only the fields it groups by (${groups})${didYouMean(field, known)}`, loc, `add '${field}' to the group-by of '${ref.ref}', or map it with an alias`));
    };
    correlation.groupBy.forEach((entry, i) => {
      const alias = correlation.aliases.find((a) => a.alias === entry);
      const mapped = alias?.fields.find((f) => f.rule.ref === ref.ref);
      if (mapped) check(mapped.field, mapped.rule.loc, `alias '${entry}' maps to the field`);
      else check(entry, correlation.groupByLocs[i]!, 'the group-by field');
    });
    if (correlation.condition.field !== undefined) check(correlation.condition.field, correlation.condition.loc, 'the condition field');
  }
  return problems;
}

/** The first path of correlations from `start` back to itself, if any. */
function findCycle(start: SigmaCorrelation, byName: Map<string, LoadedFile[]>): { path: string[]; at: RuleReference } | undefined {
  const visit = (current: SigmaCorrelation, path: string[], seen: Set<SigmaCorrelation>): { path: string[]; at: RuleReference } | undefined => {
    for (const ref of current.rules) {
      const target = byName.get(ref.ref)?.[0]?.rule;
      if (target?.kind !== 'sigma-correlation') continue;
      if (target === start) return { path: [...path, ref.ref], at: start.rules.find((r) => r.ref === path[1]) ?? ref };
      if (seen.has(target)) continue;
      seen.add(target);
      const found = visit(target, [...path, ref.ref], seen);
      if (found) return found;
    }
    return undefined;
  };
  return visit(start, [label(start)], new Set());
}
