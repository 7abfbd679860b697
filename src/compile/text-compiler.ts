// The one walk over the Query AST that every text query language shares: booleans, grouping,
// value lists and expansions. A language is a table (query-language.ts); terms are written
// through its templates (render-term.ts).
import type { ExpansionNode, MatchNode, QueryNode, SigmaValue } from '../rules/sigma/model.js';
import type { BooleanKind, CompileOptions, QueryLanguage } from './query-language.js';
import { fieldTermKind, fieldText, renderList, renderTerm } from './render-term.js';
import { fill } from './template.js';
import { hasCasedLetter, stringTermsAsRegex } from './string-regex.js';

export function renderQuery(language: QueryLanguage, original: QueryNode, options: CompileOptions): string {
  const query = options.caseInsensitive && language.casedStrings ? stringTermsAsRegex(original, hasCasedLetter) : original;
  const render = (node: QueryNode): string => renderNode(language, node, options);
  return language.compile ? language.compile(query, render, options) : render(query);
}

function renderNode(language: QueryLanguage, node: QueryNode, options: CompileOptions): string {
  switch (node.kind) {
    case 'and':
      return joined(language, 'and', node.args, options, language.tokens.and);
    case 'or':
      return asList(language, node.args, options) ?? joined(language, 'or', node.args, options, language.tokens.or);
    case 'not':
      return notAsTerm(language, node.arg, options) ?? language.tokens.not + child(language, 'not', node.arg, options);
    case 'match':
      return renderTerm(language, node, options);
    case 'expansion': {
      const list = expandsToList(language, node) ? renderList(language, node.field, node.values, node, options) : undefined;
      return list ?? joined(language, 'or', variants(language, node), options, language.tokens.or);
    }
  }
}

/** The args rendered as children of `parent`, joined by `token` (a loop: no array of texts per node). */
function joined(language: QueryLanguage, parent: BooleanKind, args: QueryNode[], options: CompileOptions, token: string): string {
  let text = child(language, parent, args[0]!, options);
  for (let i = 1; i < args.length; i++) text += token + child(language, parent, args[i]!, options);
  return text;
}

function child(language: QueryLanguage, parent: BooleanKind, arg: QueryNode, options: CompileOptions): string {
  const text = renderNode(language, arg, options);
  return needsGroup(language, parent, arg) ? fill(language.group, { expr: text }) : text;
}

/** An OR of plain values of one field becomes one list term, where the language has one. */
function asList(language: QueryLanguage, args: QueryNode[], options: CompileOptions): string | undefined {
  const first = args[0];
  if (first.kind !== 'match' || first.field === null) return undefined;
  const field = first.field;
  const values: SigmaValue[] = [];
  for (const arg of args) {
    if (arg.kind !== 'match' || arg.field !== field || arg.cased || (arg.value.kind !== 'string' && arg.value.kind !== 'number')) return undefined;
    values.push(arg.value);
  }
  return renderList(language, field, values, first, options);
}

function expandsToList(language: QueryLanguage, node: ExpansionNode): node is ExpansionNode & { field: string } {
  return language.expansion === 'list' && language.inList !== undefined && node.field !== null;
}

/**
 * An expansion's variants as terms for the walk to OR, never merged into a list term. In a language
 * that writes variants as list values, a keyword's variants (no field to list them under) are those
 * values as terms, and like list values they do not carry `|cased`.
 */
function variants(language: QueryLanguage, node: ExpansionNode): MatchNode[] {
  const cased = language.expansion === 'terms' && node.cased ? { cased: true } : {};
  return node.values.map((value) => ({ kind: 'match', field: node.field, value, item: node.item, loc: node.loc, ...cased }));
}

function isNullTerm(node: QueryNode): node is MatchNode & { field: string } {
  return node.kind === 'match' && node.field !== null && node.value.kind === 'null';
}

/** `NOT` of a null term in the language's shorter form, where it has one. */
function notAsTerm(language: QueryLanguage, arg: QueryNode, options: CompileOptions): string | undefined {
  const template = language.fieldTerms.notNull;
  if (template === undefined || !isNullTerm(arg)) return undefined;
  return fill(template, { field: fieldText(language, arg.field, arg.value, options) });
}

/** The boolean kind a node renders as, or undefined for a term. */
function booleanKind(language: QueryLanguage, node: QueryNode): BooleanKind | undefined {
  switch (node.kind) {
    case 'match':
      return undefined;
    case 'expansion':
      return expandsToList(language, node) ? undefined : 'or';
    case 'not':
      return language.fieldTerms.notNull !== undefined && isNullTerm(node.arg) ? undefined : 'not';
    default:
      return node.kind;
  }
}

function needsGroup(language: QueryLanguage, parent: BooleanKind, node: QueryNode): boolean {
  if (node.kind === 'match') return language.groupedTerms?.includes(fieldTermKind(node.value)) ?? false;
  const kind = booleanKind(language, node);
  if (kind === undefined) return false;
  if (language.groupAlways) return true;
  return language.precedence.indexOf(kind) > language.precedence.indexOf(parent);
}
