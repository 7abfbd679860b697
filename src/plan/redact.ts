// The last guard before text leaves the process: rendered and listed objects already hold
// references (`${VAR}`) instead of values from the environment, but a value can still arrive
// inside a message (a server's error text, a URL). Plans end up in PR comments and CI artefacts,
// so the CLI passes every rendering here: each value becomes its reference, as written, inside a
// JSON string, and as base64 (`${VAR:base64}`) — the same reverse interpolation as everywhere else.
import { hideInText, MIN_SECRET_LENGTH, type References } from '../base/references.js';

export { MIN_SECRET_LENGTH };

/** `text` with every value from the environment replaced by its reference (longest values first). */
export function redact(text: string, secrets: References): string {
  return hideInText(text, secrets);
}
