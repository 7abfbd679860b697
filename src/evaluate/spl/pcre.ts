// Splunk's regular expressions are PCRE (Search Reference, "regex": "must be a Perl Compatible
// Regular Expression supported by the PCRE library"; "rex" likewise). This turns the PCRE
// spellings detctl emits into a JavaScript RegExp: leading inline flags `(?ims)` become flags,
// `(?P<name>` is `(?<name>`, `\A` and `\z` anchor the text. Knowing differences: PCRE's `$`
// also matches before a final newline (JavaScript's does not), and constructs JavaScript lacks
// (possessive quantifiers, atomic groups, inline flags after the start) are refused as a
// syntax error rather than approximated.
import { QuerySyntaxError } from '../types.js';

const REWRITES: Readonly<Record<string, string>> = { '(?P<': '(?<', '\\A': '^', '\\z': '$', '\\Z': '$' };

const INLINE_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's' };

/** `pattern` is the regex text after SPL's string unescaping; `offset` where it starts in the search. */
export function pcreToRegExp(pattern: string, offset: number): RegExp {
  let flags = '';
  let body = pattern;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (leading) {
    for (const f of leading[1]) {
      if (!INLINE_FLAGS[f]) throw new QuerySyntaxError(`the inline regex flag '${f}' is not supported`, offset);
      if (!flags.includes(INLINE_FLAGS[f])) flags += INLINE_FLAGS[f];
    }
    body = body.slice(leading[0].length);
  }
  // One pass over escapes and groups, so that an escaped backslash before `A` stays two characters.
  const js = body.replace(/\\.|\(\?P<|\(\?[a-zA-Z-]*\)|\(\?>|[*+?}]\+/gs, (piece) => {
    const rewritten = REWRITES[piece];
    if (rewritten !== undefined) return rewritten;
    if (piece.startsWith('\\')) return piece;
    throw new QuerySyntaxError(`'${piece}': inline flags after the start, atomic groups and possessive quantifiers are not supported`, offset);
  });
  try {
    return new RegExp(js, flags);
  } catch (error) {
    throw new QuerySyntaxError(`invalid regular expression: ${(error as Error).message}`, offset);
  }
}
