// Elasticsearch query_string (Lucene) as a table for the shared walk. Values are escaped, not
// quoted; every nested boolean group is parenthesised (query_string's precedence is surprising).
import { fail } from '../diagnostics.js';
import type { MatchNode, ExpansionNode, QueryNode, SigmaValue } from '../rules/sigma/model.js';
import { NO_LIST } from './text-compiler.js';
import { hasWildcards, isWildcard, type SigmaString } from '../rules/sigma/sigma-string.js';
import type { CompileOptions, QueryLanguage } from './query-language.js';
import { luceneRegex } from './lucene-regex.js';

/** query_string's reserved characters (and space), escaped with a backslash in values. */
const RESERVED = /[+\-=&|!(){}[\]<>^"~*?:\\/ ]/g;

function escapeField(field: string): string {
  return field.replace(/[\s*]/g, (c) => `\\${c}`);
}

function stringValue(s: SigmaString): string {
  if (s.parts.length === 0) return '""';
  return s.parts
    .map((p) => (isWildcard(p) ? p.wildcard : p.replace(RESERVED, '\\$&')))
    .join('');
}

function plainValue(value: SigmaValue, node?: MatchNode | ExpansionNode): string {
  switch (value.kind) {
    case 'string':
      return stringValue(value);
    case 'number':
      return value.text;
    case 'bool':
      return String(value.value);
    default:
      return fail('compile-lucene', `a ${value.kind} value cannot be part of a value list`, node?.loc);
  }
}

/** `.keyword` (or the configured suffix) goes on fields matched by wildcard or regex. */
function fieldFor(field: string, values: SigmaValue[], options: CompileOptions): string {
  const suffix = options.keywordSuffix ?? '';
  const patterned = values.some((v) => (v.kind === 'string' && hasWildcards(v)) || v.kind === 'regex');
  return escapeField(field) + (patterned && suffix ? suffix : '');
}

function isNullMatch(node: MatchNode): boolean {
  return node.value.kind === 'null';
}

function term(node: MatchNode, options: CompileOptions): string {
  const { value } = node;
  if (node.cased) {
    fail('compile-lucene', 'query_string cannot match case-sensitively (|cased)', node.loc, 'drop |cased for this target, or match a keyword field, which is case-sensitive');
  }
  if (node.field === null) return keyword(node);
  const field = fieldFor(node.field, [value], options);
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return `${field}:${plainValue(value, node)}`;
    case 'null':
      return `NOT _exists_:${field}`;
    case 'exists':
      return value.value ? `_exists_:${field}` : `NOT _exists_:${field}`;
    case 'regex':
      return `${field}:/${luceneRegex(value)}/`;
    case 'cidr': {
      // IPv6 colons are query_string syntax and must be escaped.
      const network = value.version === 6 ? value.network.replace(/:/g, '\\:') : value.network;
      return `${field}:${network}\\/${value.prefix}`;
    }
    case 'compare': {
      const op = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[value.op];
      return `${field}:${op}${value.text}`;
    }
    case 'fieldref':
      return fail('compile-lucene', `query_string cannot compare two fields (${node.field} with ${value.field})`, node.loc, 'Lucene has no field-to-field comparison; use the SPL target or an ES|QL/painless rule');
  }
}

function keyword(node: MatchNode): string {
  const { value } = node;
  switch (value.kind) {
    case 'string':
      return `*${stringValue(value)}*`;
    case 'number':
      return value.text;
    case 'bool':
      return String(value.value);
    case 'regex':
      return `/${luceneRegex(value)}/`;
    default:
      return fail('compile-lucene', `a ${value.kind} value needs a field`, node.loc);
  }
}

function keywordAlternatives(node: ExpansionNode): QueryNode {
  const args: QueryNode[] = node.values.map((value) => ({ kind: 'match', field: null, value, item: node.item, loc: node.loc }));
  return { kind: 'or', args, [NO_LIST]: true } as QueryNode;
}

export const lucene: QueryLanguage = {
  name: 'lucene',
  tokens: { and: ' AND ', or: ' OR ', not: 'NOT ' },
  precedence: ['not', 'or', 'and'],
  groupAlways: true,
  group: (expression) => `(${expression})`,
  term,
  inList(field, values, options) {
    return `${fieldFor(field, values, options)}:(${values.map((v) => plainValue(v)).join(' OR ')})`;
  },
  expansion(node, options) {
    if (node.field === null) return keywordAlternatives(node);
    return lucene.inList(node.field, node.values, options)!;
  },
  // `NOT _exists_:F` is a negation in disguise: keep it apart from its neighbours.
  termNeedsGroup: isNullMatch,
  // NOT of "field is null" is "field exists".
  not: (arg) => (arg.kind === 'match' && arg.field !== null && isNullMatch(arg) ? `_exists_:${escapeField(arg.field)}` : undefined),
};
