// Splunk SPL as a table for the shared walk. Values are always quoted; AND is a space and binds
// looser than OR. What the search command cannot express (regex, field-to-field comparison)
// moves into stages after it: `| regex` / `| where` for plain conjuncts, and where such a term
// sits under OR or NOT-of-AND, a `| rex`/`| eval` pair per term and a final `| search`.
import { fail } from '../diagnostics.js';
import type { MatchNode, QueryNode, SigmaValue } from '../rules/sigma/model.js';
import { isWildcard, type SigmaString } from '../rules/sigma/sigma-string.js';
import type { QueryLanguage } from './query-language.js';
import { NO_LIST } from './text-compiler.js';

function field(name: string): string {
  return /^[\p{L}\p{N}_.]+$/u.test(name) ? name : `"${name}"`;
}

function quoted(s: SigmaString): string {
  const body = s.parts
    .map((p) => (isWildcard(p) ? '*' : p.replace(/[\\"*]/g, (c) => `\\${c}`)))
    .join('');
  return `"${body}"`;
}

function listValue(value: SigmaValue): string {
  if (value.kind === 'string') return quoted(value);
  if (value.kind === 'number') return value.text;
  throw new Error(`unexpected ${value.kind} value in a list`);
}

/** Regex text inside a double-quoted SPL argument. */
function regexText(value: Extract<SigmaValue, { kind: 'regex' }>): string {
  const flags = (['i', 'm', 's'] as const).filter((f) => value.flags[f]).join('');
  const pattern = (flags ? `(?${flags})` : '') + value.pattern;
  return pattern.replace(/[\\"]/g, (c) => `\\${c}`);
}

function fieldrefText(a: string, b: string): string {
  return `'${a}'='${b}'`;
}

function term(node: MatchNode): string {
  const { value } = node;
  if (node.field === null) {
    switch (value.kind) {
      case 'string':
        return node.cased ? `CASE(${quoted(value)})` : quoted(value);
      case 'number':
        return value.text;
      case 'bool':
        return String(value.value);
      default:
        return fail('compile-spl', `a ${value.kind} value needs a field`, node.loc);
    }
  }
  const f = field(node.field);
  switch (value.kind) {
    case 'string':
      return node.cased ? `${f}=CASE(${quoted(value)})` : `${f}=${quoted(value)}`;
    case 'number':
      return `${f}=${value.text}`;
    case 'bool':
      return `${f}=${value.value}`;
    case 'null':
      return `NOT ${f}=*`;
    case 'exists':
      return value.value ? `${f}=*` : `NOT ${f}=*`;
    case 'cidr':
      return `${f}="${value.network}/${value.prefix}"`;
    case 'compare': {
      const op = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[value.op];
      return `${f}${op}${value.text}`;
    }
    case 'regex':
    case 'fieldref':
      // Staged terms are replaced before rendering (see compile below).
      throw new Error(`unstaged ${value.kind} term`);
  }
}

function isStaged(node: QueryNode): node is MatchNode {
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
function filterStage(node: MatchNode, negated: boolean): string {
  const op = negated ? '!=' : '=';
  const value = node.value;
  if (value.kind === 'regex') return `regex ${node.field ?? '_raw'}${op}"${regexText(value)}"`;
  if (value.kind === 'fieldref') return `where '${node.field}'${op}'${value.field}'`;
  throw new Error('not a staged term');
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
        stages.evals.push(`rex field=${node.field ?? '_raw'} "(?<${match}>${regexText(value)})"`);
        stages.evals.push(`eval ${condition}=if(isnotnull(${match}), "true", "false")`);
      } else if (value.kind === 'fieldref') {
        stages.evals.push(`eval ${condition}=if(${fieldrefText(node.field!, value.field)}, "true", "false")`);
      }
      return { kind: 'match', field: condition, value: { kind: 'string', parts: ['true'] }, item: node.item, loc: node.loc };
    }
  }
}

function compile(query: QueryNode, render: (q: QueryNode) => string): string {
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
  if (searched.length > 0) parts.push(`search ${render(and(searched))}`);
  return parts.join('\n| ');
}

/** The conjuncts of nested ANDs (as a field mapping's added condition makes them). */
function flattenAnd(node: QueryNode): QueryNode[] {
  return node.kind === 'and' ? node.args.flatMap(flattenAnd) : [node];
}

function and(args: QueryNode[]): QueryNode {
  return args.length === 1 ? args[0] : { kind: 'and', args };
}

export const spl: QueryLanguage = {
  name: 'spl',
  tokens: { and: ' ', or: ' OR ', not: 'NOT ' },
  precedence: ['not', 'or', 'and'],
  groupAlways: false,
  group: (expression) => `(${expression})`,
  term,
  inList: (f, values) => `${field(f)} IN (${values.map(listValue).join(', ')})`,
  // Splunk has no list term for expanded variants; they are ORed terms (never an IN list).
  expansion: (node) =>
    ({
      kind: 'or',
      args: node.values.map((value) => ({ kind: 'match', field: node.field, value, item: node.item, loc: node.loc, ...(node.cased ? { cased: true } : {}) })),
      [NO_LIST]: true,
    }) as QueryNode,
  compile,
};
