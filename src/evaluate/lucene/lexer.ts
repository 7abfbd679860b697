// The tokens of Lucene's classic query parser (QueryParser.jj, apache/lucene
// lucene/queryparser/.../classic/QueryParser.jj), which Elasticsearch's query_string extends
// (QueryStringQueryParser). JavaCC takes the longest token at each point, and among equally long
// ones the first declared; so each kind below says how long a token of its kind would be here,
// and the longest wins in declaration order. Three lexical states, as in the grammar: DEFAULT,
// Boost (after `^`, only a number) and Range (inside `[ .. ]` / `{ .. }`).
import { QuerySyntaxError } from '../types.js';

export type TokenKind =
  | 'AND' | 'OR' | 'NOT' | 'PLUS' | 'MINUS' | 'BAREOPER' | 'LPAREN' | 'RPAREN' | 'COLON' | 'STAR' | 'CARAT'
  | 'QUOTED' | 'TERM' | 'FUZZY_SLOP' | 'PREFIXTERM' | 'WILDTERM' | 'REGEXPTERM' | 'RANGEIN_START' | 'RANGEEX_START'
  | 'NUMBER'
  | 'RANGE_TO' | 'RANGEIN_END' | 'RANGEEX_END' | 'RANGE_QUOTED' | 'RANGE_GOOP'
  | 'EOF';

export interface Token {
  kind: TokenKind;
  image: string;
  start: number;
  end: number;
}

type State = 'DEFAULT' | 'Boost' | 'Range';

/** `_WHITESPACE` of the grammar (SKIP in DEFAULT and Range). */
const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\u3000']);
/** What `_TERM_START_CHAR` excludes unless escaped. */
const NOT_TERM_START = new Set([...WHITESPACE, '+', '-', '!', '(', ')', ':', '^', '[', ']', '"', '{', '}', '~', '*', '?', '\\', '/']);

/** Length of a `_TERM_START_CHAR` at i: a plain character or a backslash and any character. */
function termStartChar(text: string, i: number): number {
  if (i >= text.length) return 0;
  if (text[i] === '\\') return i + 1 < text.length ? 2 : 0;
  return NOT_TERM_START.has(text[i]) ? 0 : 1;
}

/** `_TERM_CHAR`: a term start character, `-` or `+`. */
function termChar(text: string, i: number): number {
  if (text[i] === '-' || text[i] === '+') return 1;
  return termStartChar(text, i);
}

function runOf(text: string, i: number, step: (text: string, i: number) => number): number {
  let j = i;
  for (let n = step(text, j); n > 0; n = step(text, j)) j += n;
  return j - i;
}

const wildChar = (text: string, i: number) => (text[i] === '*' || text[i] === '?' ? 1 : termChar(text, i));
const literal = (word: string) => (text: string, i: number) => (text.startsWith(word, i) ? word.length : 0);
const either = (...words: string[]) => (text: string, i: number) => Math.max(...words.map((w) => literal(w)(text, i)));

/**
 * A delimited token whose closing delimiter may also appear escaped inside (`"\"..."` in ranges,
 * `/..\/../` regexps): at an escaped delimiter the token could end or go on, and JavaCC's longest
 * match goes on as long as it can, ending at the last place it could. `minInterior` is 1 where
 * the grammar says `+`.
 */
function delimited(delimiter: string, minInterior: 0 | 1) {
  return (text: string, i: number): number => {
    if (text[i] !== delimiter) return 0;
    let longest = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] !== delimiter) continue;
      const escaped = text[j - 1] === '\\' && j - 1 > i;
      if (j - i - 1 >= minInterior) longest = j + 1 - i;
      if (!escaped) break;
    }
    return longest;
  };
}

/** QUOTED: `"` then characters other than `"` and `\`, or escaped pairs, then `"`. */
function quoted(text: string, i: number): number {
  if (text[i] !== '"') return 0;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1 - i;
  }
  return 0;
}

function term(text: string, i: number): number {
  const start = termStartChar(text, i);
  return start ? start + runOf(text, i + start, termChar) : 0;
}

/** FUZZY_SLOP: `~` and a run of term characters (its numeric form is a run of term characters too). */
const fuzzySlop = (text: string, i: number) => (text[i] === '~' ? 1 + runOf(text, i + 1, termChar) : 0);

function prefixTerm(text: string, i: number): number {
  if (text[i] === '*') return 1;
  const length = term(text, i);
  return length && text[i + length] === '*' ? length + 1 : 0;
}

function wildTerm(text: string, i: number): number {
  const first = text[i] === '*' || text[i] === '?' ? 1 : termStartChar(text, i);
  return first ? first + runOf(text, i + first, wildChar) : 0;
}

const bareOper = (text: string, i: number) => ('+-!'.includes(text[i]) && WHITESPACE.has(text[i + 1] ?? '') ? 2 : 0);

/** The token kinds of each state in declaration order (ties go to the earlier), with their length at i. */
const KINDS: Record<State, [TokenKind, (text: string, i: number) => number, State?][]> = {
  DEFAULT: [
    ['AND', either('AND', '&&')],
    ['OR', either('OR', '||')],
    ['NOT', either('NOT', '!')],
    ['PLUS', literal('+')],
    ['MINUS', literal('-')],
    ['BAREOPER', bareOper],
    ['LPAREN', literal('(')],
    ['RPAREN', literal(')')],
    ['COLON', literal(':')],
    ['STAR', literal('*')],
    ['CARAT', literal('^'), 'Boost'],
    ['QUOTED', quoted],
    ['TERM', term],
    ['FUZZY_SLOP', fuzzySlop],
    ['PREFIXTERM', prefixTerm],
    ['WILDTERM', wildTerm],
    ['REGEXPTERM', delimited('/', 0)],
    ['RANGEIN_START', literal('['), 'Range'],
    ['RANGEEX_START', literal('{'), 'Range'],
  ],
  Boost: [['NUMBER', (text, i) => /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))?.[0].length ?? 0, 'DEFAULT']],
  Range: [
    ['RANGE_TO', literal('TO')],
    ['RANGEIN_END', literal(']'), 'DEFAULT'],
    ['RANGEEX_END', literal('}'), 'DEFAULT'],
    ['RANGE_QUOTED', delimited('"', 1)],
    ['RANGE_GOOP', (text, i) => /^[^ \]}]+/.exec(text.slice(i))?.[0].length ?? 0],
  ],
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let state: State = 'DEFAULT';
  let i = 0;
  for (;;) {
    if (state !== 'Boost') while (i < text.length && WHITESPACE.has(text[i])) i++;
    if (i >= text.length) break;
    let best: { kind: TokenKind; length: number; next?: State } | undefined;
    for (const [kind, length, next] of KINDS[state]) {
      const n = length(text, i);
      if (n > (best?.length ?? 0)) best = { kind, length: n, next };
    }
    if (!best) throw new QuerySyntaxError(`unexpected character '${text[i]}'`, i);
    tokens.push({ kind: best.kind, image: text.slice(i, i + best.length), start: i, end: i + best.length });
    i += best.length;
    if (best.next) state = best.next;
  }
  tokens.push({ kind: 'EOF', image: '', start: text.length, end: text.length });
  return tokens;
}
