// The reference converter's known defects (shared/research/sigma-conversion.md §6), as functions
// that turn a reference query into what it would be with the defect fixed. A difference between
// detctl and the reference counts as a documented deviation only if the corrected reference then
// equals detctl's output exactly — so each deviation is checked, not just claimed.
import { luceneRegex } from '../../src/compile/lucene-regex.js';

export interface Correction {
  id: string;
  reason: string;
  languages: string[];
  apply(query: string): string;
}

/** `field:/regex/` terms of a Lucene query, with the reference's `(?i)` prefix as a flag. */
function rewriteLuceneRegexes(query: string): string {
  return query.replace(/:\/((?:\\.|[^\\/])*)\//g, (_m, body: string) => {
    const ignoreCase = body.startsWith('(?i)');
    const pattern = (ignoreCase ? body.slice(4) : body).replace(/\\\//g, '/');
    return `:/${luceneRegex({ kind: 'regex', pattern, flags: { i: ignoreCase, m: false, s: false } })}/`;
  });
}

export const CORRECTIONS: Correction[] = [
  {
    id: 'lucene-regex-anchoring',
    reason:
      "Lucene regexes match the whole term, Sigma's |re searches: the reference passes unanchored patterns through, so they only match values that are exactly the pattern. detctl adds .* to open ends, drops ^/$ anchors, and writes |i as [aA] classes since Lucene has no (?i).",
    languages: ['lucene'],
    apply: rewriteLuceneRegexes,
  },
];
