// Splunk's regular expressions are PCRE (Search Reference, "regex": "must be a Perl Compatible
// Regular Expression supported by the PCRE library"; "rex" likewise). This turns the PCRE
// spellings detctl emits into a JavaScript RegExp: inline flags `(?ims)` that hold for the whole
// pattern become flags, `(?P<name>` is `(?<name>`, `\A` and `\z` anchor the text. Knowing
// differences: PCRE's `$` also matches before a final newline (JavaScript's does not), and
// constructs JavaScript lacks (possessive quantifiers, atomic groups, inline flags for part of a
// pattern) are refused as a syntax error rather than approximated.
import { pcreAsJavaScript } from '../../base/pcre.js';
import { QuerySyntaxError } from '../types.js';

const INLINE_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's' };

/** The group depth before each character of a pattern, skipping escapes and character classes. */
function depths(pattern: string): number[] {
  const result: number[] = [];
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    result[i] = depth;
    const c = pattern[i];
    if (c === '\\') result[++i] = depth;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  result[pattern.length] = depth;
  return result;
}

/**
 * PCRE inline flags `(?i)` hold to the end of their group. JavaScript has no inline flags, but where
 * only group openings precede them and their groups close at the very end (as in detctl's
 * `rex "(?<XMatch>(?i)…)"`), they hold for the whole match and become the RegExp's flags.
 */
function hoistInlineFlags(pattern: string): { flags: string; body: string } | undefined {
  const found = /^(?:\((?:\?:|\?P?<[A-Za-z_]\w*>)?)*\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (!found) return undefined;
  const opener = found[0].length - found[1].length - 3;
  const body = pattern.slice(0, opener) + pattern.slice(found[0].length);
  const level = depths(body);
  const enclosing = level[opener];
  // The enclosing groups must not close before the last `enclosing` characters.
  const lastCloser = body.length - enclosing;
  if (level.slice(opener, lastCloser + 1).some((d) => d < enclosing)) return undefined;
  return { flags: found[1], body };
}

/** `pattern` is the regex text after SPL's string unescaping; `offset` where it starts in the search. */
export function pcreToRegExp(pattern: string, offset: number): RegExp {
  let flags = '';
  let body = pattern;
  const hoisted = hoistInlineFlags(body);
  if (hoisted) {
    for (const f of hoisted.flags) {
      if (!INLINE_FLAGS[f]) throw new QuerySyntaxError(`the inline regex flag '${f}' is not supported`, offset);
      if (!flags.includes(INLINE_FLAGS[f])) flags += INLINE_FLAGS[f];
    }
    body = hoisted.body;
  }
  const js = pcreAsJavaScript(body, (piece) => {
    throw new QuerySyntaxError(`'${piece}': inline flags for part of the pattern, atomic groups and possessive quantifiers are not supported`, offset);
  });
  try {
    return new RegExp(js, flags);
  } catch (error) {
    throw new QuerySyntaxError(`invalid regular expression: ${(error as Error).message}`, offset);
  }
}
