// Lucene's WildcardQuery.toAutomaton as a JavaScript RegExp: `*` any string, `?` any one code
// point, a backslash makes the next character literal (a trailing one is itself), everything else
// literal; the whole value must match. Flags: `u` for code points, `s` so `?`/`*` cross newlines.
export function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') source += '[^]*';
    else if (c === '?') source += '.';
    else if (c === '\\' && i + 1 < chars.length) source += literal(chars[++i]);
    else source += literal(c);
  }
  return new RegExp(`^${source}$`, 'su');
}

function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}
