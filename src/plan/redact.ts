// The last guard before a plan leaves the process: desired and live objects carry no credentials,
// but a secret can still arrive inside a value (a webhook header a user typed in, a URL with a
// token), and plans end up in PR comments and CI artefacts. The CLI passes every rendering here.

export const REDACTED = '***';

/** Shorter secrets are left alone: replacing every "ab" would wreck the text and hide nothing. */
export const MIN_SECRET_LENGTH = 4;

/**
 * `text` with every occurrence of each secret replaced by `***` — as written, and as it appears
 * inside a JSON string (a secret holding `"` or `\` is escaped in the JSON plan). Longer secrets
 * go first, so one that contains another is not left half-replaced.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  let result = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) result = result.split(form).join(REDACTED);
  return result;
}
