// Events as JSON: SigmaHQ's converted EVTX files hold one object per record, written one after
// another (not an array, as evtx_dump writes them), and detctl's JSONL files one object per line.
// Every value keeps its line and column, and a malformed one is that value's error, not the file's.
import { diagnostic, offsetLocation, type Diagnostic, type SourceLocation } from '../diagnostics.js';

export interface JsonValue {
  value: unknown;
  loc: SourceLocation;
}

/**
 * JSON.parse says where it stopped as "at position N" for some errors (V8); for an unexpected
 * token it does not, and the value's start is all we know.
 */
function parseAt(source: string, locate: (offset: number) => SourceLocation): { value?: unknown; problem?: Diagnostic } {
  try {
    return { value: JSON.parse(source) };
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const loc = locate(at ? Number(at[1]) : 0);
    // V8 quotes the whole text after the reason ('Unexpected token }, "{…}" is not valid JSON'): the location says which.
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    return { problem: diagnostic('test-json', `not valid JSON: ${reason}`, loc) };
  }
}

/**
 * The JSON values of a text holding one or more of them one after another. A text that is one
 * array gives its elements. Values are split at the brace or bracket that closes them (strings
 * skipped), then each is parsed on its own.
 */
export function readJsonValues(text: string, file: string): { values: JsonValue[]; diagnostics: Diagnostic[] } {
  const values: JsonValue[] = [];
  const diagnostics: Diagnostic[] = [];
  let depth = 0;
  let start = -1;
  let startLoc: SourceLocation = { file, line: 1, column: 1 };
  let inString = false;
  // Lines counted in the one pass, so each value's place costs nothing more (files hold thousands).
  let line = 1;
  let lineStart = 0;
  const here = (i: number): SourceLocation => ({ file, line, column: i - lineStart + 1 });
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) {
        start = i;
        startLoc = here(i);
      }
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        const { value, problem } = parseAt(text.slice(start, i + 1), (offset) => offsetLocation(text, file, start + offset));
        if (problem) diagnostics.push(problem);
        else values.push({ value, loc: startLoc });
      }
      if (depth < 0) {
        diagnostics.push(diagnostic('test-json', `unexpected '${c}'`, here(i)));
        return { values, diagnostics };
      }
    } else if (depth === 0 && !/\s/.test(c)) {
      diagnostics.push(diagnostic('test-json', 'expected a JSON object', here(i), 'each event is a JSON object; several may follow one another'));
      return { values, diagnostics };
    }
  }
  if (depth > 0) diagnostics.push(diagnostic('test-json', 'the last JSON value is not closed', startLoc));
  if (values.length === 1 && Array.isArray(values[0].value)) {
    const { loc } = values[0];
    return { values: (values[0].value as unknown[]).map((value) => ({ value, loc })), diagnostics };
  }
  return { values, diagnostics };
}

/** One JSON value per line (blank lines skipped), each an error of its own line. */
export function readJsonLines(text: string, file: string): { values: JsonValue[]; diagnostics: Diagnostic[] } {
  const values: JsonValue[] = [];
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const { value, problem } = parseAt(line, (offset) => ({ file, line: i + 1, column: offset + 1 }));
    if (problem) diagnostics.push(problem);
    else values.push({ value, loc: { file, line: i + 1, column: 1 } });
  });
  return { values, diagnostics };
}
