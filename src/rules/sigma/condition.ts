// The Sigma condition grammar, by recursive descent:
//   or  := and ('or' and)*          and := not ('and' not)*
//   not := 'not' not | atom         atom := '(' or ')' | ('1' | 'all') 'of' (pattern | 'them') | name
// Identifiers are replaced by their detections' Query AST; `x*` patterns select several.
import { DiagnosticError, diagnostic, type SourceLocation } from '../../diagnostics.js';
import type { QueryNode } from './model.js';
import type { Detection } from './detection.js';
import { shiftColumn } from '../../yaml-tree.js';
import { andOf, orOf } from './detection.js';

interface Token {
  text: string;
  offset: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all']);

/**
 * The tokens of `/\s*([()|]|[^\s()|]+)/gy` (spaces between them skipped), scanned by hand: a
 * regex match, its array and its capture per token cost more than the scan, for every rule.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) return tokens;
    const start = i;
    if (isPunctuation(text.charCodeAt(i))) i++;
    else while (i < text.length && !isSpace(text.charCodeAt(i)) && !isPunctuation(text.charCodeAt(i))) i++;
    tokens.push({ text: text.slice(start, i), offset: start });
  }
}

/** `(`, `)` or `|`. */
function isPunctuation(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x7c;
}

/** What `\s` matches (ECMAScript WhiteSpace and LineTerminator): test/unit/sigma-condition-tokens.test.ts checks every code unit. */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Parses one condition string into a Query AST over the rule's detections. */
export function parseCondition(
  text: string,
  detections: Map<string, Detection>,
  loc: SourceLocation,
): QueryNode {
  const tokens = tokenize(text);
  let position = 0;
  const at = (offset: number): SourceLocation => shiftColumn(loc, offset);
  const fail = (message: string, offset: number, hint?: string): never => {
    throw new DiagnosticError(diagnostic('sigma-condition', message, at(offset), hint));
  };
  const peek = () => tokens[position];
  const isWord = (token: Token | undefined, word: string) => token !== undefined && token.text.toLowerCase() === word;
  const endOffset = text.length;

  function parseOr(): QueryNode {
    const args = [parseAnd()];
    while (isWord(peek(), 'or')) {
      position++;
      args.push(parseAnd());
    }
    return orOf(args);
  }

  function parseAnd(): QueryNode {
    const args = [parseNot()];
    while (isWord(peek(), 'and')) {
      position++;
      args.push(parseNot());
    }
    return andOf(args);
  }

  function parseNot(): QueryNode {
    if (isWord(peek(), 'not')) {
      position++;
      return { kind: 'not', arg: parseNot() };
    }
    return parseAtom();
  }

  function parseAtom(): QueryNode {
    const token = peek();
    if (!token) return fail('condition ends where an identifier was expected', endOffset);
    if (token.text === '(') {
      position++;
      const inner = parseOr();
      const close = peek();
      if (!close || close.text !== ')') fail("missing ')'", close?.offset ?? endOffset);
      position++;
      return inner;
    }
    if (token.text === '|') {
      return fail('aggregation conditions (`| count() ...`) are not supported; use a Sigma correlation rule or a target-specific search', token.offset);
    }
    if (isWord(tokens[position + 1], 'of')) return parseQuantifier(token);
    if (token.text === ')' || KEYWORDS.has(token.text.toLowerCase())) {
      return fail(`unexpected '${token.text}' where an identifier was expected`, token.offset);
    }
    position++;
    const detection = detections.get(token.text);
    if (!detection) {
      return fail(`condition names unknown detection '${token.text}'`, token.offset, `defined detections: ${[...detections.keys()].join(', ') || 'none'}`);
    }
    return detection.query;
  }

  function parseQuantifier(count: Token): QueryNode {
    position += 2;
    const target = peek();
    if (!target) return fail("'of' must be followed by a name pattern or 'them'", endOffset);
    position++;
    const quantity = count.text.toLowerCase();
    if (quantity !== '1' && quantity !== 'all' && quantity !== 'any') {
      return fail(`'${count.text} of' is not supported; use '1 of' or 'all of'`, count.offset);
    }
    const selected = select(target.text);
    if (selected.length === 0) {
      return fail(`'${target.text}' matches no detection`, target.offset, `defined detections: ${[...detections.keys()].join(', ')}`);
    }
    const queries = selected.map((d) => d.query);
    return quantity === 'all' ? andOf(queries) : orOf(queries);
  }

  function select(pattern: string): Detection[] {
    const all = [...detections.values()];
    if (pattern.toLowerCase() === 'them') return all.filter((d) => !d.name.startsWith('_'));
    return all.filter((d) => globMatches(pattern, d.name));
  }

  if (tokens.length === 0) fail('condition is empty', 0);
  const query = parseOr();
  const rest = peek();
  if (rest) {
    if (rest.text === '|') {
      fail('aggregation conditions (`| count() ...`) are not supported; use a Sigma correlation rule or a target-specific search', rest.offset);
    }
    fail(`unexpected '${rest.text}' after the end of the condition`, rest.offset);
  }
  return query;
}

const STAR = 0x2a;
const QUESTION = 0x3f;

/**
 * Whether `name` is `pattern`, where `*` stands for any run of characters and `?` for one, and
 * every other character for itself: what the regex `^…$` with `*` as `.*`, `?` as `.` and the rest
 * escaped says, matched by hand (a RegExp built per `1 of x*` was compiled per rule). A regex's `.`
 * matches no line terminator; a pattern holds none (it is a token between spaces, and \s takes
 * them all), so a name with one cannot match.
 */
export function globMatches(pattern: string, name: string): boolean {
  if (/[\n\r\u2028\u2029]/.test(name)) return false;
  // The classic scan: on a mismatch, the last `*` takes one character more.
  let p = 0;
  let n = 0;
  let star = -1;
  let starAt = 0;
  while (n < name.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && c !== STAR && (c === QUESTION || c === name.charCodeAt(n))) {
      p++;
      n++;
    } else if (c === STAR) {
      star = p++;
      starAt = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++starAt;
    } else {
      return false;
    }
  }
  while (pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}
