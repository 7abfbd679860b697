// A Sigma `|re` value as a JavaScript RegExp that searches (Sigma regexes are unanchored: they
// match anywhere in the value, as Splunk's `regex` command and pySigma's backends apply them).
// The Sigma modifiers appendix (sigma-appendix-modifiers.md, "Regular Expression") defines the
// flavour as PCRE, case-sensitive unless `|i`, with the sub-modifiers i, m, s. The PCRE spellings
// JavaScript lacks are rewritten as the loader checks them (base/pcre.ts); inline flags become
// the RegExp's.
import { pcreAsJavaScript } from '../../base/pcre.js';
import type { SigmaValue } from '../../rules/sigma/model.js';

export type RegexValue = Extract<SigmaValue, { kind: 'regex' }>;

/** Inline flag groups JavaScript cannot hold (before Node 23 it knows no `(?i)` at all). */
const INLINE_FLAGS = /^\(\?([imsx]+)\)$/;

/**
 * Known difference: PCRE scopes an inline `(?i)` from where it stands to the end of its group;
 * here it applies to the whole pattern. SigmaHQ's rules write it only at the very start, where the
 * two readings agree. `x` (extended) is dropped: JavaScript has no such mode.
 */
export function sigmaRegExp(regex: RegexValue): RegExp {
  const flags = new Set<string>(['i', 'm', 's'].filter((f) => regex.flags[f as 'i' | 'm' | 's']));
  const pattern = pcreAsJavaScript(regex.pattern, (piece) => {
    const inline = INLINE_FLAGS.exec(piece);
    if (!inline) return piece;
    for (const f of inline[1]) if (f !== 'x') flags.add(f);
    return '';
  });
  return new RegExp(pattern, [...flags].join(''));
}
