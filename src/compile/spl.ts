// Splunk SPL as a table for the shared walk. Values are always quoted; AND is a space and binds
// looser than OR. What the search command cannot express (regex, field-to-field comparison, a
// literal `*`) is deferred to stages after it: `| regex` / `| where` for plain conjuncts, and where
// such a term sits under OR or NOT-of-AND, a `| rex`/`| eval` pair per term and a final `| search`.
import type { MatchNode, QueryNode } from '../rules/sigma/model.js';
import { isWildcard, literalString, type SigmaString } from '../rules/sigma/sigma-string.js';
import { DEFERRED, type QueryLanguage, type RegexValue } from './query-language.js';
import { stringTermsAsRegex } from './string-regex.js';
import { fill } from './template.js';

/** Regex text inside a double-quoted SPL argument, flags written inline as PCRE has them. */
function regexText(value: RegexValue): string {
  const flags = (['i', 'm', 's'] as const).filter((f) => value.flags[f]).join('');
  const pattern = (flags ? `(?${flags})` : '') + value.pattern;
  return pattern.replace(/[\\"]/g, (c) => `\\${c}`);
}

export const spl: QueryLanguage = {
  name: 'spl',
  tokens: { and: ' ', or: ' OR ', not: 'NOT ' },
  precedence: ['not', 'or', 'and'],
  groupAlways: false,
  group: '({expr})',

  fields: { quote: { char: '"', unless: /^[\p{L}\p{N}_.]+$/u } },
  // The search command has no single-character wildcard; `?` widens to `*`.
  strings: { escape: { char: '\\', chars: /[\\"*]/g }, quote: { char: '"' }, wildcards: { '*': '*', '?': '*' } },
  booleans: { true: 'true', false: 'false' },
  compareOperators: { lt: '<', lte: '<=', gt: '>', gte: '>=' },
  regex: regexText,
  patternsOnKeywordField: false,
  casedStrings: false, // the search command ignores case in values

  fieldTerms: {
    eq: '{field}={value}',
    null: 'NOT {field}=*',
    exists: '{field}=*',
    notExists: 'NOT {field}=*',
    cidr: '{field}={value}',
    compare: '{field}{op}{value}',
    regex: DEFERRED,
    fieldref: DEFERRED,
  },
  unboundTerms: { string: '{value}', number: '{value}', bool: '{value}', regex: DEFERRED },
  cased: 'CASE({value})',
  inList: { template: '{field} IN ({list})', separator: ', ' },
  // Splunk has no list term for expanded variants; they are ORed terms (never an IN list).
  expansion: 'terms',
  compile,
};

/** The deferred stages, after `| `. Fields are written as the rule has them: these are not search terms. */
const STAGE = {
  start: '\n| ',
  regexFilter: 'regex {field}{op}"{regex}"',
  fieldrefFilter: "where '{field}'{op}'{other}'",
  regexMatch: 'rex field={field} "(?<{match}>{regex})"',
  regexCondition: 'eval {condition}=if(isnotnull({match}), "true", "false")',
  fieldrefCondition: `eval {condition}=if('{field}'='{other}', "true", "false")`,
  search: 'search {query}',
  /** The field a regex keyword is matched against. */
  keywordField: '_raw',
} as const;

type StagedTerm = MatchNode & { value: RegexValue | { kind: 'fieldref'; field: string } };

function isStaged(node: QueryNode): node is StagedTerm {
  return node.kind === 'match' && (node.value.kind === 'regex' || node.value.kind === 'fieldref');
}

function containsStaged(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.args.some(containsStaged);
    case 'not':
      return containsStaged(node.arg);
    default:
      return isStaged(node);
  }
}

/** A plain conjunct: `| regex F="…"` / `| where 'A'='B'`, negated with `!=`. */
function filterStage(node: StagedTerm, negated: boolean): string {
  const op = negated ? '!=' : '=';
  const value = node.value;
  if (value.kind === 'regex') return fill(STAGE.regexFilter, { field: node.field ?? STAGE.keywordField, op, regex: regexText(value) });
  return fill(STAGE.fieldrefFilter, { field: String(node.field), op, other: value.field });
}

interface Stages {
  filters: string[];
  evals: string[];
  counters: Map<string, number>;
}

/**
 * Replaces each staged term below an OR (or a NOT of more than one term) by a test of a field that
 * a `| rex`/`| eval` pair computes, e.g. `ImagePathCondition="true"`.
 */
function viaConditionField(node: QueryNode, stages: Stages): QueryNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, args: node.args.map((a) => viaConditionField(a, stages)) };
    case 'not':
      return { ...node, arg: viaConditionField(node.arg, stages) };
    case 'expansion':
      return node;
    case 'match': {
      if (!isStaged(node)) return node;
      const base = (node.field ?? 'raw').replace(/[^\p{L}\p{N}_]/gu, '_');
      const n = (stages.counters.get(base) ?? 0) + 1;
      stages.counters.set(base, n);
      const suffix = n === 1 ? '' : String(n);
      const condition = `${base}Condition${suffix}`;
      const value = node.value;
      if (value.kind === 'regex') {
        const match = `${base}Match${suffix}`;
        stages.evals.push(fill(STAGE.regexMatch, { field: node.field ?? STAGE.keywordField, match, regex: regexText(value) }));
        stages.evals.push(fill(STAGE.regexCondition, { condition, match }));
      } else {
        stages.evals.push(fill(STAGE.fieldrefCondition, { condition, field: String(node.field), other: value.field }));
      }
      return { kind: 'match', field: condition, value: literalString('true'), item: node.item, loc: node.loc };
    }
  }
}

/**
 * A literal `*` is said by a regex stage: the search command cannot — "The backslash symbol can't
 * be used to escape the asterisk in search strings" (Splunk Search Manual, Search primer,
 * Backslashes).
 */
function hasLiteralAsterisk(value: SigmaString): boolean {
  return value.parts.some((p) => !isWildcard(p) && p.includes('*'));
}

function compile(original: QueryNode, render: (q: QueryNode) => string): string {
  const query = stringTermsAsRegex(original, hasLiteralAsterisk);
  if (!containsStaged(query)) return render(query);
  const stages: Stages = { filters: [], evals: [], counters: new Map() };
  const conjuncts = flattenAnd(query);
  const main: QueryNode[] = [];
  const rest: QueryNode[] = [];
  for (const c of conjuncts) {
    if (isStaged(c)) stages.filters.push(filterStage(c, false));
    else if (c.kind === 'not' && isStaged(c.arg)) stages.filters.push(filterStage(c.arg, true));
    else if (containsStaged(c)) rest.push(c);
    else main.push(c); // AND commutes: plain conjuncts narrow the search itself, the fastest place
  }
  const searched = rest.map((c) => viaConditionField(c, stages));
  const parts = [main.length > 0 ? render(and(main)) : '*', ...stages.filters, ...stages.evals];
  if (searched.length > 0) parts.push(fill(STAGE.search, { query: render(and(searched)) }));
  return parts.join(STAGE.start);
}

/** The conjuncts of nested ANDs (as a field mapping's added condition makes them). */
function flattenAnd(node: QueryNode): QueryNode[] {
  return node.kind === 'and' ? node.args.flatMap(flattenAnd) : [node];
}

function and(args: QueryNode[]): QueryNode {
  return args.length === 1 ? args[0] : { kind: 'and', args };
}
