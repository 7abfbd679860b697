// A Sigma string value: literal text interleaved with wildcards. Escapes are resolved once here
// (`\*` `\?` `\\`), so every later stage sees literal characters and wildcards as distinct things.

export type Wildcard = { wildcard: '*' | '?' };
export type StringPart = string | Wildcard;

export const ANY: Wildcard = { wildcard: '*' };
export const ONE: Wildcard = { wildcard: '?' };

export interface SigmaString {
  kind: 'string';
  parts: StringPart[];
  /** Set by the encoding modifiers (wide, utf16*): each character holds one byte. */
  binary?: boolean;
}

/** Parses Sigma's string syntax: `*` and `?` are wildcards; `\*`, `\?`, `\\` are literals; a lone `\` is itself. */
export function parseSigmaString(text: string): SigmaString {
  const parts: StringPart[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push(literal);
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        i++;
      } else {
        literal += c;
      }
    } else if (c === '*' || c === '?') {
      flush();
      parts.push(c === '*' ? ANY : ONE);
    } else {
      literal += c;
    }
  }
  flush();
  return { kind: 'string', parts };
}

/** A string of literal text only, no wildcards. */
export function literalString(text: string): SigmaString {
  return { kind: 'string', parts: text ? [text] : [] };
}

export function isWildcard(part: StringPart): part is Wildcard {
  return typeof part !== 'string';
}

export function hasWildcards(s: SigmaString): boolean {
  return s.parts.some(isWildcard);
}

export function startsWithAny(s: SigmaString): boolean {
  const first = s.parts[0];
  return first !== undefined && isWildcard(first) && first.wildcard === '*';
}

export function endsWithAny(s: SigmaString): boolean {
  const last = s.parts[s.parts.length - 1];
  return last !== undefined && isWildcard(last) && last.wildcard === '*';
}

/** `*value*`, `value*` or `*value`, never doubling a wildcard that is already there. */
export function withWildcards(s: SigmaString, leading: boolean, trailing: boolean): SigmaString {
  const parts = [...s.parts];
  if (leading && !startsWithAny(s)) parts.unshift(ANY);
  if (trailing && !endsWithAny({ ...s, parts })) parts.push(ANY);
  return { ...s, parts };
}

/** The literal text; wildcards written as the characters themselves (for messages and encodings). */
export function plainText(s: SigmaString): string {
  return s.parts.map((p) => (isWildcard(p) ? p.wildcard : p)).join('');
}

/** Maps each literal segment, keeping wildcards in place. */
export function mapLiterals(s: SigmaString, f: (text: string) => string, binary = s.binary): SigmaString {
  return { kind: 'string', parts: s.parts.map((p) => (isWildcard(p) ? p : f(p))), ...(binary ? { binary } : {}) };
}
