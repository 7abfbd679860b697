// A Sigma `|re` value as a JavaScript RegExp that searches (Sigma regexes are unanchored: they
// match anywhere in the value, as Splunk's `regex` command and pySigma's backends apply them).
// The Sigma modifiers appendix (sigma-appendix-modifiers.md, "Regular Expression") defines the
// flavour as PCRE, case-sensitive unless `|i`, with the sub-modifiers i, m, s. The PCRE spellings
// JavaScript lacks are rewritten the same way the loader checks them (rules/sigma/modifiers.ts
// `checkRegex`): `(?P<name>` → `(?<name>`, `\A` → `^`, `\Z`/`\z` → `$`, and inline flags.
import type { SigmaValue } from '../../rules/sigma/model.js';

export type RegexValue = Extract<SigmaValue, { kind: 'regex' }>;

/** Inline flag groups JavaScript cannot hold (before Node 23 it knows no `(?i)` at all). */
const INLINE_FLAGS = /\(\?([imsx]+)\)/g;

/**
 * Known difference: PCRE scopes an inline `(?i)` from where it stands to the end of its group;
 * here it applies to the whole pattern. SigmaHQ's rules write it only at the very start, where the
 * two readings agree. `x` (extended) is dropped: JavaScript has no such mode.
 */
export function sigmaRegExp(regex: RegexValue): RegExp {
  const flags = new Set<string>(['i', 'm', 's'].filter((f) => regex.flags[f as 'i' | 'm' | 's']));
  const withoutInline = regex.pattern.replace(INLINE_FLAGS, (_all, inline: string) => {
    for (const f of inline) if (f !== 'x') flags.add(f);
    return '';
  });
  // One pass over escapes, so an escaped backslash before `A` (`\\A`) stays a literal.
  const pattern = withoutInline.replace(/\\[\s\S]|\(\?P</g, (token) => {
    if (token === '(?P<') return '(?<';
    if (token === '\\A') return '^';
    if (token === '\\Z' || token === '\\z') return '$';
    return token;
  });
  return new RegExp(pattern, [...flags].join(''));
}
