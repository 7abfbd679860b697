// PCRE (Sigma's `|re`, Splunk's regex and rex) read by JavaScript's RegExp. The spellings PCRE has
// and JavaScript lacks are rewritten in one pass over escapes and character classes, so an escaped
// backslash before `A` (`\\A`) and an `\A` inside a class stay as they are: `(?P<name>` is
// `(?<name>`, `\A` is `^`, `\Z` and `\z` are `$`. The loader checks rules with it, and the Sigma and
// SPL evaluators run it; each decides what to do with the inline flag groups JavaScript lacks.

const PCRE_ONLY: Readonly<Record<string, string>> = { '(?P<': '(?<', '\\A': '^', '\\z': '$', '\\Z': '$' };

/**
 * The pattern in JavaScript's spelling. `other` receives each remaining PCRE-only piece — an inline
 * flag group (`(?i)`, `(?-s)`), an atomic group opener (`(?>`), a possessive quantifier (`*+`) — and
 * returns its replacement, or throws; by default it is kept, for RegExp to refuse.
 */
export function pcreAsJavaScript(pattern: string, other: (piece: string) => string = (piece) => piece): string {
  return pattern.replace(/\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?P<|\(\?[a-zA-Z-]*\)|\(\?>|[*+?}]\+/gs, (piece) => {
    const rewritten = PCRE_ONLY[piece];
    if (rewritten !== undefined) return rewritten;
    if (piece.startsWith('\\') || piece.startsWith('[')) return piece;
    return other(piece);
  });
}
