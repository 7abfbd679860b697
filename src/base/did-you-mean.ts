// "Did you mean …?" for names a user typed: the closest known name by edit distance (insertions,
// deletions, substitutions and swaps of two neighbouring letters each count 1, so `contians` is
// one step from `contains`). Used for modifiers, environment names and schema keys.

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // d[i][j]: distance between the first i characters of a and the first j of b.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known name closest to `typed` (case ignored), when it is close enough to be a typo: at most
 * a third of the typed length away (at least 1, at most 3). Ties go to the earlier candidate;
 * undefined when nothing is that close or `typed` itself is known.
 */
export function closestMatch(typed: string, known: Iterable<string>): string | undefined {
  const word = typed.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name === typed) return undefined;
    const distance = editDistance(word, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `; did you mean 'contains'?` or '' when nothing is close: appended to an "unknown …" message. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const match = closestMatch(typed, known);
  return match === undefined ? '' : `; did you mean '${match}'?`;
}
