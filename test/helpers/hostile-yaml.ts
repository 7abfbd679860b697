// Hostile YAML (issue 11, "Bounded input"): what the input limits must stop, as rule and
// environment file texts. Used by the tests (the error and zero requests) and by the bench (the
// time and peak memory of refusing them).

/** Ten nested anchors of nine aliases each: 9^9 copies of a nine-item list if expanded. */
export function aliasBomb(indent = '    '): string {
  const lines = [`${indent}a0: &a0 [x, x, x, x, x, x, x, x, x]`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

const HEAD = (name: string, id: string) => `title: ${name}
id: ${id}
status: test
level: medium
logsource: {category: process_creation, product: windows}
`;

/** A Sigma rule whose detection holds the alias bomb (line 7 holds a0, line 16 a9). */
export const aliasBombRule = HEAD('Alias bomb', 'b0000000-0000-4000-8000-000000000001') + 'detection:\n' + aliasBomb() + '    condition: a9\n';

/** A Sigma rule with 100,000 nested `[` in its detection (line 6). */
export const deepRule = HEAD('Deep', 'b0000000-0000-4000-8000-000000000002') + 'detection: ' + '['.repeat(100_000) + '\n';

/** A valid-looking Sigma rule of about 5 MB (the default file size limit is 1 MB). */
export function bigRule(bytes = 5 * 1024 * 1024): string {
  const head = HEAD('Big', 'b0000000-0000-4000-8000-000000000003') + 'detection:\n    selection:\n        CommandLine|contains:\n';
  const item = (i: number) => `            - 'padding value number ${String(i).padStart(8, '0')} of a rule far too big'\n`;
  const count = Math.ceil((bytes - head.length) / item(0).length);
  return head + Array.from({ length: count }, (_, i) => item(i)).join('') + '    condition: selection\n';
}

/** An environment file (for the sandbox's targets) with the alias bomb in a key of its own. */
export function aliasBombEnvironment(environment: string): string {
  return environment + 'x-bomb:\n' + aliasBomb('  ');
}

/** An environment file nested 100,000 deep under one key. */
export function deepEnvironment(environment: string): string {
  return environment + 'x-deep: ' + '['.repeat(100_000) + '\n';
}

/** An environment file padded with a comment to about `bytes`. */
export function bigEnvironment(environment: string, bytes = 5 * 1024 * 1024): string {
  return environment + ('# ' + 'padding '.repeat(12) + '\n').repeat(Math.ceil(bytes / 100));
}
