// Sigma regexes search (PCRE, unanchored); Lucene regexes must match the whole term and know no
// inline flags. So an open end gets `.*`, an anchor is dropped, and `i` becomes [aA] classes.
import type { SigmaValue } from '../rules/sigma/model.js';

type Regex = Extract<SigmaValue, { kind: 'regex' }>;

export function luceneRegex(regex: Regex): string {
  let pattern = regex.pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  let ignoreCase = regex.flags.i;
  if (inline) {
    ignoreCase ||= inline[1].includes('i');
    pattern = pattern.slice(inline[0].length);
  }
  const branches = topLevelBranches(pattern).map(anchor);
  let body = branches.length > 1 ? `(${branches.join('|')})` : branches[0];
  if (ignoreCase) body = caseInsensitive(body);
  return escapeSlashes(body);
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
  return `${open(anchoredStart || startsOpen)}${body}${open(anchoredEnd || endsOpen)}`;
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
