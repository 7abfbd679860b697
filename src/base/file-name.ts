// A file name from any text (a watch id, a saved search's name): what `detctl import` and `detctl
// build` name files after. Ids and names are the servers' and may hold anything — `/`, `..`,
// control characters — so they never become a path as they are.

/**
 * Letters, digits, `.`, `_` and `-` kept, every other run of characters one `_` (so no `/`, `\`,
 * `..` path segment or control character reaches the path), no leading dot, at most 100
 * characters; `_` when nothing is left.
 */
export function safeFileName(text: string): string {
  const name = text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return name === '' ? '_' : name;
}
