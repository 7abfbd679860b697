// Comparison of our queries with the reference converter's, as shared/research/sigma-conversion.md
// §7 defines a fair one: whitespace runs outside double quotes collapse to one space, then trim.

export function collapseWhitespace(query: string): string {
  let out = '';
  let inQuote = false;
  let pendingSpace = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '\\' && i + 1 < query.length) {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      out += c + query[i + 1];
      i++;
      continue;
    }
    if (c === '"') inQuote = !inQuote;
    if (!inQuote && /\s/.test(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += c;
  }
  return out;
}

export function sameQueries(ours: string[], reference: string[]): boolean {
  return ours.length === reference.length && ours.every((q, i) => collapseWhitespace(q) === collapseWhitespace(reference[i]));
}
