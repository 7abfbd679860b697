// One term (a field, or none, compared with values) written through a language's table: the
// field and values escaped and quoted as the table says, then put into the term kind's template.
import { fail } from '../diagnostics.js';
import type { MatchNode, SigmaValue } from '../rules/sigma/model.js';
import { hasWildcards, literalString, type SigmaString } from '../rules/sigma/sigma-string.js';
import type { CompileOptions, Escaping, FieldTermKind, QueryLanguage, Quoting, TermTemplate, Unsupported } from './query-language.js';
import { fill } from './template.js';

/**
 * Which characters an Escaping escapes, for a scan by hand: the escaping runs for every value and
 * field of every rule, and most have nothing to escape, which a replace() with a regex still pays
 * for (a match attempt per character, a new string). Built once per table, by asking the table's
 * own regex about each ASCII character; other characters ask it one at a time (rare in rules).
 */
interface EscapeScan {
  ascii: Uint8Array;
  /** The regex without `g` (no lastIndex to keep), for one character at a time. */
  one: RegExp;
  /** The regex with `g`, for replace(). */
  every: RegExp;
  /** `$` in the escape character written `$$`, then the match: replace()'s replacement. */
  replacement: string;
  /** Whether `chars` is one character class without the `u`/`v` flag, so that it matches exactly one UTF-16 code unit, which the scan relies on. */
  single: boolean;
}

const scans = new WeakMap<Escaping, EscapeScan>();

function scanOf(escape: Escaping): EscapeScan {
  let scan = scans.get(escape);
  if (scan) return scan;
  const flags = escape.chars.flags.replace(/[gy]/g, '');
  const one = new RegExp(escape.chars.source, flags);
  const single = /^\[(?:[^\]\\]|\\.)*\]$/.test(escape.chars.source) && !/[uv]/.test(flags);
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = one.test(String.fromCharCode(c)) ? 1 : 0;
  scans.set(escape, (scan = { ascii, one, every: new RegExp(escape.chars.source, `${flags}g`), replacement: escape.char.replaceAll('$', '$$$$') + '$&', single }));
  return scan;
}

/** `text` with `escape.char` before each character `escape.chars` matches; `text` itself when none does. */
function escaped(text: string, escape: Escaping): string {
  const scan = scanOf(escape);
  if (!scan.single) return text.replace(scan.every, scan.replacement);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 ? scan.ascii[c] === 0 : !scan.one.test(text[i]!)) continue;
    // Something to escape: the regex engine builds the result as one flat string (pieces joined
    // here would make a rope of two strings per character escaped, for the output to flatten).
    return text.replace(scan.every, scan.replacement);
  }
  return text;
}

function quoted(text: string, quote: Quoting | undefined): string {
  if (!quote || (quote.when && !quote.when.test(text)) || (quote.unless && quote.unless.test(text))) return text;
  return quote.char + text + quote.char;
}

function stringValue(language: QueryLanguage, s: SigmaString): string {
  const { escape, quote, wildcards } = language.strings;
  // A loop, not map/join: no array per value.
  let text = '';
  for (const p of s.parts) text += typeof p === 'string' ? escaped(p, escape) : wildcards[p.wildcard];
  return quoted(text, quote);
}

function isPattern(value: SigmaValue): boolean {
  return (value.kind === 'string' && hasWildcards(value)) || value.kind === 'regex';
}

/** The field as written in a term about these values (one value: no array to make per term). */
export function fieldText(language: QueryLanguage, field: string, values: SigmaValue | SigmaValue[], options: CompileOptions): string {
  const pattern = Array.isArray(values) ? values.some(isPattern) : isPattern(values);
  const suffix = language.patternsOnKeywordField && pattern ? (options.keywordSuffix ?? '') : '';
  return writtenField(language, field) + suffix;
}

/** Fields written per language: rules name the same few hundred fields over and over. */
const writtenFields = new WeakMap<QueryLanguage, Map<string, string>>();

function writtenField(language: QueryLanguage, field: string): string {
  let written = writtenFields.get(language);
  if (!written) writtenFields.set(language, (written = new Map()));
  let text = written.get(field);
  if (text === undefined) {
    const { escape, quote } = language.fields;
    written.set(field, (text = quoted(escape ? escaped(field, escape) : field, quote)));
  }
  return text;
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
  if (node.field !== null) placeholders.field = fieldText(language, node.field, value, options);
  return fill(entry, placeholders);
}

/** Several plain values of one field as the language's list term, or undefined where it has none. */
export function renderList(language: QueryLanguage, field: string, values: SigmaValue[], node: Pick<MatchNode, 'loc'>, options: CompileOptions): string | undefined {
  if (!language.inList) return undefined;
  let list = values.length === 0 ? '' : plainValue(language, values[0]!, node);
  for (let i = 1; i < values.length; i++) list += language.inList.separator + plainValue(language, values[i]!, node);
  return fill(language.inList.template, { field: fieldText(language, field, values, options), list });
}
