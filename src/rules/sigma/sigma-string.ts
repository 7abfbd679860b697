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

const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;

/** Parses Sigma's string syntax: `*` and `?` are wildcards; `\*`, `\?`, `\\` are literals; a lone `\` is itself. */
export function parseSigmaString(text: string): SigmaString {
  // One scan by character code; literal runs are taken as slices, not built a character at a
  // time: this runs for every value of every rule, and most values have no wildcard or escape.
  const parts: StringPart[] = [];
  let literal = '';
  let from = 0; // where the run not yet in `literal` starts
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === STAR || next === QUESTION || next === BACKSLASH) {
        // The escaped character starts the next run; the backslash is dropped.
        literal += text.slice(from, i);
        from = i + 1;
        i++;
      }
    } else if (c === STAR || c === QUESTION) {
      literal += text.slice(from, i);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(c === STAR ? ANY : ONE);
      from = i + 1;
    }
  }
  literal += text.slice(from);
  if (literal) parts.push(literal);
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
  const lead = leading && !startsWithAny(s);
  // An empty value given a leading `*` ends with it too.
  const trail = trailing && !endsWithAny(s) && !(lead && s.parts.length === 0);
  const parts: StringPart[] = lead ? [ANY] : [];
  for (const p of s.parts) parts.push(p);
  if (trail) parts.push(ANY);
  return s.binary === undefined ? { kind: 'string', parts } : { ...s, parts };
}

/** The literal text; wildcards written as the characters themselves (for messages and encodings). */
export function plainText(s: SigmaString): string {
  return s.parts.map((p) => (isWildcard(p) ? p.wildcard : p)).join('');
}

/** Maps each literal segment, keeping wildcards in place. */
export function mapLiterals(s: SigmaString, f: (text: string) => string, binary = s.binary): SigmaString {
  return { kind: 'string', parts: s.parts.map((p) => (isWildcard(p) ? p : f(p))), ...(binary ? { binary } : {}) };
}
