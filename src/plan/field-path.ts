// The notation for a field's place in a canonical object, as plans print and store it.
//
// Segments are object keys. A key is written bare when it holds no character the notation uses
// (`.`, `[`, `]`, `"`, `\`) and no whitespace; bare keys are joined with `.`. Any other key —
// above all the dotted keys both servers use as single keys (Splunk's `action.email.to`,
// Watcher's `ctx.payload.hits.total`) — is written as `["…"]`, the key as a JSON string:
//
//   trigger.schedule.interval                   trigger → schedule → interval
//   ["action.email.to"]                         one key, `action.email.to`
//   condition.compare["ctx.payload.hits.total"].gt
//
// Arrays are compared as whole values, so a segment is never an array index and `a.0` names
// the key "0". Every path parses back to exactly one list of keys (parseFieldPath).

const BARE_KEY = /^[^.[\]"\\\s]+$/;

export function formatFieldPath(segments: readonly string[]): string {
  let path = '';
  for (const key of segments) {
    if (BARE_KEY.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}

/** The keys a path names; throws on text that formatFieldPath cannot have written. */
export function parseFieldPath(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const end = closingQuote(path, i + 1);
      if (end < 0 || path[end + 1] !== ']') throw new Error(`malformed field path ${JSON.stringify(path)} at ${i}`);
      segments.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
      i = end + 2;
    } else {
      if (segments.length > 0) {
        if (path[i] !== '.') throw new Error(`malformed field path ${JSON.stringify(path)} at ${i}`);
        i += 1;
      }
      const match = /^[^.[\]"\\\s]+/.exec(path.slice(i));
      if (!match) throw new Error(`malformed field path ${JSON.stringify(path)} at ${i}`);
      segments.push(match[0]);
      i += match[0].length;
    }
  }
  return segments;
}

/** Index of the quote that closes the JSON string opening at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  if (text[start] !== '"') return -1;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
