// Sigma regexes search (PCRE, unanchored); Lucene regexes must match the whole term and know no
// inline flags. So an open end gets `.*`, an anchor is dropped, and `i` becomes [aA] classes.
//
// And the dialect differs. Elasticsearch's query_string reads `/…/` with Lucene's RegExp and every
// optional operator on (QueryStringQueryParser.getRegexpQuerySingle: RegExp.ALL |
// RegExp.DEPRECATED_COMPLEMENT), so `@ & ~ # < > "` are operators there and are escaped when the
// PCRE means the character; `(?:` and named groups become `(`; `\n` `\t` `\r` `\xHH` become the
// character; an empty alternative becomes `()` (RegExp has no empty branch); a `-` at the edge of
// a class is escaped (RegExp reads `[+-]` as a range). What RegExp cannot say at all — word
// boundaries, lookaround, back-references, an anchor inside the pattern — makes the rule an error
// for Lucene instead of a query that silently means something else.
import type { SigmaValue } from '../rules/sigma/model.js';
import type { Unsupported } from './query-language.js';

type Regex = Extract<SigmaValue, { kind: 'regex' }>;

/** Characters RegExp.ALL makes operators, which PCRE reads as themselves outside a class. */
const LUCENE_ONLY_OPERATORS = new Set(['@', '&', '~', '#', '<', '>', '"']);
/** Escapes both dialects read alike: the predefined classes. */
const SHARED_CLASS_ESCAPES = new Set(['d', 'D', 's', 'S', 'w', 'W']);
const CONTROL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };

class Untranslatable extends Error {}

export function luceneRegex(regex: Regex): string | Unsupported {
  let pattern = regex.pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  let ignoreCase = regex.flags.i;
  if (inline) {
    ignoreCase ||= inline[1].includes('i');
    pattern = pattern.slice(inline[0].length);
  }
  try {
    const branches = topLevelBranches(pattern).flatMap(distributeAnchors).map(anchor);
    let body = branches.length > 1 ? `(${branches.join('|')})` : branches[0];
    if (ignoreCase) body = caseInsensitive(body);
    return escapeSlashes(body);
  } catch (error) {
    if (!(error instanceof Untranslatable)) throw error;
    return { unsupported: `Lucene regular expressions cannot express ${error.message} (field {field})`, hint: 'rewrite the regex without it, or use wildcards (|contains, |startswith, |endswith)' };
  }
}

/** A literal character as RegExp reads it (escaped when RegExp would read an operator). */
function literal(c: string): string {
  return LUCENE_ONLY_OPERATORS.has(c) || '.?+*|{}[]()\\/'.includes(c) ? `\\${c}` : c;
}

/** The PCRE escape at `pattern[i]` (a backslash) in RegExp's spelling, and its length. */
function translateEscape(pattern: string, i: number): [string, number] {
  const c = pattern[i + 1];
  if (c === undefined) throw new Untranslatable('a trailing backslash');
  if (SHARED_CLASS_ESCAPES.has(c)) return [`\\${c}`, 2];
  if (c in CONTROL_ESCAPES) return [CONTROL_ESCAPES[c], 2];
  if (c === 'x') {
    const hex = /^x(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/.exec(pattern.slice(i + 1));
    if (!hex) throw new Untranslatable('`\\x` without hex digits');
    return [literal(String.fromCodePoint(parseInt(hex[1] ?? hex[2], 16))), 1 + hex[0].length];
  }
  if (/[A-Za-z0-9]/.test(c)) throw new Untranslatable(c === 'b' || c === 'B' ? 'a word boundary (`\\b`)' : `\`\\${c}\``);
  return [literal(c), 2];
}

/** A branch's body, anchors already taken off its ends, from PCRE into RegExp's dialect. */
function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '\\') {
      const [text, length] = translateEscape(pattern, i);
      out += text;
      i += length;
    } else if (c === '[') {
      const [text, length] = translateClass(pattern, i);
      out += text;
      i += length;
    } else if (c === '(') {
      const group = /^\((?:\?:|\?<([A-Za-z_]\w*)>|\?P<([A-Za-z_]\w*)>|\?'([A-Za-z_]\w*)')?/.exec(pattern.slice(i))!;
      if (group[0] === '(' && pattern[i + 1] === '?') throw new Untranslatable(`\`${pattern.slice(i, i + 3)}\` (lookaround or inline flags inside the pattern)`);
      out += '(';
      i += group[0].length;
      if (pattern[i] === '|' || pattern[i] === ')') out += '()';
    } else if (c === '|') {
      out += '|';
      i++;
      if (pattern[i] === '|' || pattern[i] === ')' || i === pattern.length) out += '()';
    } else if (c === '^' || c === '$') {
      throw new Untranslatable(`an anchor (\`${c}\`) inside the pattern`);
    } else {
      out += LUCENE_ONLY_OPERATORS.has(c) ? literal(c) : c;
      i++;
    }
  }
  return out;
}

/** A character class from `pattern[start]` (`[`) to its `]`, in RegExp's spelling, and its length. */
function translateClass(pattern: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  const first = i;
  for (; i < pattern.length && (pattern[i] !== ']' || i === first); ) {
    const c = pattern[i];
    if (c === '\\') {
      const [text, length] = translateEscape(pattern, i);
      out += text;
      i += length;
    } else if (c === '-' && (i === first || pattern[i + 1] === ']')) {
      out += '\\-'; // a literal `-` at the edge: RegExp would read a range
      i++;
    } else if (c === '[' && pattern[i + 1] === ':') {
      throw new Untranslatable('a POSIX class (`[:…:]`)');
    } else {
      out += c === '-' ? c : literal(c); // a `-` between two characters is a range in both
      i++;
    }
  }
  if (pattern[i] !== ']') throw new Untranslatable('an unclosed character class');
  return [out + ']', i + 1 - start];
}

/** Splits on `|` outside groups and classes. */
function topLevelBranches(pattern: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(pattern.slice(start));
  return branches;
}

/** The index of the `)` closing the group that opens at `pattern[open]`, or -1. */
function groupEnd(pattern: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Whether an unescaped `^` or `$` outside a class occurs in the text. */
function hasAnchor(text: string): boolean {
  let inClass = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '^' || c === '$') return true;
  }
  return false;
}

/**
 * Anchors inside a group at a branch's edge, as SigmaHQ writes them (`(^|\/)\.x`, `(^a$)|(^b$)`),
 * are brought to the branch's ends by distributing: `(A|B)R` is `AR|BR`, `L(A|B)` is `LA|LB`, so
 * anchor() can take them off. A group with a quantifier after it, or lookaround, stays as it is.
 */
function distributeAnchors(branch: string): string[] {
  if (!hasAnchor(branch)) return [branch];
  const simpleGroup = /^\((?:\?:)?(?!\?)/;
  if (simpleGroup.test(branch)) {
    const close = groupEnd(branch, 0);
    const inner = branch.slice(branch.indexOf('(') + (branch.startsWith('(?:') ? 3 : 1), close);
    const rest = branch.slice(close + 1);
    if (close > 0 && !/^[*+?{]/.test(rest) && hasAnchor(inner)) return topLevelBranches(inner).flatMap((alt) => distributeAnchors(alt + rest));
  }
  if (branch.endsWith(')') && !branch.endsWith('\\)')) {
    for (let open = branch.lastIndexOf('('); open >= 0; open = branch.lastIndexOf('(', open - 1)) {
      if (groupEnd(branch, open) !== branch.length - 1 || (open > 0 && branch[open - 1] === '\\')) continue;
      const head = branch.slice(0, open);
      const group = branch.slice(open);
      if (!simpleGroup.test(group)) break;
      const inner = group.slice(group.startsWith('(?:') ? 3 : 1, -1);
      if (hasAnchor(inner)) return topLevelBranches(inner).flatMap((alt) => distributeAnchors(head + alt));
      break;
    }
  }
  return [branch];
}

function endsWithAnchor(branch: string): boolean {
  if (!branch.endsWith('$')) return false;
  let backslashes = 0;
  for (let i = branch.length - 2; i >= 0 && branch[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

function anchor(branch: string): string {
  let body = branch;
  const anchoredStart = body.startsWith('^');
  if (anchoredStart) body = body.slice(1);
  const anchoredEnd = endsWithAnchor(body);
  if (anchoredEnd) body = body.slice(0, -1);
  const open = (end: boolean) => (end ? '' : '.*');
  const startsOpen = body.startsWith('.*');
  const endsOpen = body.endsWith('.*') && !body.endsWith('\\.*');
  return `${open(anchoredStart || startsOpen)}${translate(body)}${open(anchoredEnd || endsOpen)}`;
}

/** Letters become `[xX]`; inside classes the other case is added. Escapes stay as they are. */
function caseInsensitive(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        out += c;
      } else if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
        const from = c;
        const to = pattern[i + 2];
        out += `${from}-${to}${otherCaseRange(from, to)}`;
        i += 2;
      } else {
        out += c + (otherCase(c) ?? '');
      }
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    const other = otherCase(c);
    // A quantifier brace like {1,3} contains no letters, so letters here are literals.
    out += other ? `[${c}${other}]` : c;
  }
  return out;
}

function otherCase(c: string): string | undefined {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  if (lower === upper) return undefined;
  return c === lower ? upper : lower;
}

function otherCaseRange(from: string, to: string): string {
  const a = otherCase(from);
  const b = otherCase(to);
  return a && b && (from === from.toLowerCase()) === (to === to.toLowerCase()) ? `${a}-${b}` : '';
}

/** `/` ends a Lucene regex; escape it unless it already is. */
function escapeSlashes(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else out += c === '/' ? '\\/' : c;
  }
  return out;
}
