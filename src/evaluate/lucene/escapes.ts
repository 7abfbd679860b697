// A term's backslash escapes removed, as Lucene's QueryParserBase.discardEscapeChar does before a
// plain, prefix, phrase or range term reaches the field (wildcard and regexp terms keep theirs:
// WildcardQuery and RegExp read them). `\uXXXX` is a unicode escape there too.
import { QuerySyntaxError } from '../types.js';

/** `offset` is where the text starts in the query, for errors. */
export function discardEscapeChar(text: string, offset: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= text.length) throw new QuerySyntaxError('a term cannot end with the escape character', offset + i);
    const next = text[++i];
    if (next !== 'u') {
      out += next;
      continue;
    }
    const hex = text.slice(i + 1, i + 5);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new QuerySyntaxError('truncated or invalid unicode escape (\\uXXXX)', offset + i - 1);
    out += String.fromCharCode(parseInt(hex, 16));
    i += 4;
  }
  return out;
}
