// The one walk over the Query AST that every text query language shares. A language only says how
// it writes terms and which tokens and precedence it has (query-language.ts).
import type { QueryNode, MatchNode } from '../rules/sigma/model.js';
import type { BooleanKind, CompileOptions, QueryLanguage } from './query-language.js';

/** OR nodes that languages build from expansions carry this, so they are never turned into lists. */
export const NO_LIST = Symbol('no-list');
type OrNode = Extract<QueryNode, { kind: 'or' }> & { [NO_LIST]?: true };

export function renderQuery(language: QueryLanguage, query: QueryNode, options: CompileOptions): string {
  const render = (node: QueryNode): string => renderNode(language, node, options);
  return language.compile ? language.compile(query, render, options) : render(query);
}

function renderNode(language: QueryLanguage, node: QueryNode, options: CompileOptions): string {
  const child = (parent: BooleanKind, arg: QueryNode): string => {
    const text = renderNode(language, arg, options);
    return needsGroup(language, parent, arg, options) ? language.group(text) : text;
  };
  switch (node.kind) {
    case 'and':
      return node.args.map((arg) => child('and', arg)).join(language.tokens.and);
    case 'or': {
      const list = asList(language, node, options);
      if (list !== undefined) return list;
      return node.args.map((arg) => child('or', arg)).join(language.tokens.or);
    }
    case 'not':
      return language.not?.(node.arg) ?? language.tokens.not + child('not', node.arg);
    case 'match':
      return language.term(node, options);
    case 'expansion': {
      const expanded = language.expansion(node, options);
      return typeof expanded === 'string' ? expanded : renderNode(language, expanded, options);
    }
  }
}

/** An OR of plain values of one field becomes one list term, where the language has one. */
function asList(language: QueryLanguage, node: OrNode, options: CompileOptions): string | undefined {
  if (node[NO_LIST]) return undefined;
  const first = node.args[0];
  if (first.kind !== 'match' || first.field === null) return undefined;
  const field = first.field;
  const listable = node.args.every(
    (arg): arg is MatchNode =>
      arg.kind === 'match' && arg.field === field && !arg.cased && (arg.value.kind === 'string' || arg.value.kind === 'number'),
  );
  if (!listable) return undefined;
  return language.inList(field, (node.args as MatchNode[]).map((arg) => arg.value), options);
}

/** The boolean kind a node renders as, or undefined for a term. */
function booleanKind(language: QueryLanguage, node: QueryNode, options: CompileOptions): BooleanKind | undefined {
  if (node.kind === 'match') return undefined;
  if (node.kind === 'expansion') {
    const expanded = language.expansion(node, options);
    return typeof expanded === 'string' ? undefined : booleanKind(language, expanded, options);
  }
  if (node.kind === 'not' && language.not?.(node.arg) !== undefined) return undefined;
  return node.kind;
}

function needsGroup(language: QueryLanguage, parent: BooleanKind, node: QueryNode, options: CompileOptions): boolean {
  if (node.kind === 'match') return language.termNeedsGroup?.(node) ?? false;
  const kind = booleanKind(language, node, options);
  if (kind === undefined) return false;
  if (language.groupAlways) return true;
  return language.precedence.indexOf(kind) > language.precedence.indexOf(parent);
}
