// One term (a field, or none, compared with values) written through a language's table: the
// field and values escaped and quoted as the table says, then put into the term kind's template.
import { fail } from '../diagnostics.js';
import type { MatchNode, SigmaValue } from '../rules/sigma/model.js';
import { hasWildcards, isWildcard, literalString, type SigmaString } from '../rules/sigma/sigma-string.js';
import type { CompileOptions, Escaping, FieldTermKind, QueryLanguage, Quoting, TermTemplate, Unsupported } from './query-language.js';
import { fill } from './template.js';

function escaped(text: string, escape: Escaping): string {
  const everywhere = escape.chars.global ? escape.chars : new RegExp(escape.chars.source, `${escape.chars.flags}g`);
  // A replacement pattern (`$&`: the match) rather than a function: the regex engine builds the
  // result itself, where a function is called per character escaped (escaping was a few per cent
  // of a convert over SigmaHQ). `$` in the escape character is written `$$` so it stays literal.
  return text.replace(everywhere, escape.char.replaceAll('$', '$$$$') + '$&');
}

function quoted(text: string, quote: Quoting | undefined): string {
  if (!quote || (quote.when && !quote.when.test(text)) || (quote.unless && quote.unless.test(text))) return text;
  return quote.char + text + quote.char;
}

function stringValue(language: QueryLanguage, s: SigmaString): string {
  const { escape, quote, wildcards } = language.strings;
  return quoted(s.parts.map((p) => (isWildcard(p) ? wildcards[p.wildcard] : escaped(p, escape))).join(''), quote);
}

function isPattern(value: SigmaValue): boolean {
  return (value.kind === 'string' && hasWildcards(value)) || value.kind === 'regex';
}

/** The field as written in a term about these values. */
export function fieldText(language: QueryLanguage, field: string, values: SigmaValue[], options: CompileOptions): string {
  const { escape, quote } = language.fields;
  const suffix = language.patternsOnKeywordField && values.some(isPattern) ? (options.keywordSuffix ?? '') : '';
  return quoted(escape ? escaped(field, escape) : field, quote) + suffix;
}

/** A string, number or boolean as a value of a term or list. */
function plainValue(language: QueryLanguage, value: SigmaValue, node: Pick<MatchNode, 'loc'>): string {
  switch (value.kind) {
    case 'string':
      return stringValue(language, value);
    case 'number':
      return value.text;
    case 'bool':
      return language.booleans[`${value.value}`];
    default:
      return fail(`compile-${language.name}`, `a ${value.kind} value cannot be part of a value list`, node.loc);
  }
}

export function fieldTermKind(value: SigmaValue): FieldTermKind {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return 'eq';
    case 'exists':
      return value.value ? 'exists' : 'notExists';
    default:
      return value.kind;
  }
}

/** What each term kind's template may say about the value, beside `{field}`. */
function valuePlaceholders(language: QueryLanguage, node: MatchNode): Record<string, string> {
  const { value } = node;
  switch (value.kind) {
    case 'string': {
      const text = stringValue(language, value);
      // A cased value of another kind has no case to keep.
      return { value: node.cased && typeof language.cased === 'string' ? fill(language.cased, { value: text }) : text };
    }
    case 'number':
    case 'bool':
      return { value: plainValue(language, value, node) };
    case 'regex': {
      const regex = language.regex(value);
      return { regex: typeof regex === 'string' ? regex : unsupported(language, node, regex) };
    }
    case 'cidr':
      return { value: stringValue(language, literalString(`${value.network}/${value.prefix}`)) };
    case 'compare':
      return { op: language.compareOperators[value.op], value: value.text };
    default:
      return {};
  }
}

function unsupported(language: QueryLanguage, node: MatchNode, entry: Unsupported): never {
  const other = node.value.kind === 'fieldref' ? node.value.field : '';
  return fail(`compile-${language.name}`, fill(entry.unsupported, { field: node.field ?? '', other }), node.loc, entry.hint);
}

function isUnsupported(entry: TermTemplate): entry is Unsupported {
  return typeof entry === 'object' && 'unsupported' in entry;
}

export function renderTerm(language: QueryLanguage, node: MatchNode, options: CompileOptions): string {
  const { value } = node;
  if (node.cased && isUnsupported(language.cased)) unsupported(language, node, language.cased);
  const entry = node.field === null ? language.unboundTerms[value.kind] : language.fieldTerms[fieldTermKind(value)];
  if (entry === undefined) return fail(`compile-${language.name}`, `a ${value.kind} value needs a field`, node.loc);
  if (isUnsupported(entry)) return unsupported(language, node, entry);
  if (typeof entry !== 'string') throw new Error(`unstaged ${value.kind} term`);
  const placeholders = valuePlaceholders(language, node);
  if (node.field !== null) placeholders.field = fieldText(language, node.field, [value], options);
  return fill(entry, placeholders);
}

/** Several plain values of one field as the language's list term, or undefined where it has none. */
export function renderList(language: QueryLanguage, field: string, values: SigmaValue[], node: Pick<MatchNode, 'loc'>, options: CompileOptions): string | undefined {
  if (!language.inList) return undefined;
  const list = values.map((v) => plainValue(language, v, node)).join(language.inList.separator);
  return fill(language.inList.template, { field: fieldText(language, field, values, options), list });
}
