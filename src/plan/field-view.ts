// How one changed field is shown to a reviewer, shared by the text and markdown renderers: short
// values inline (`"30m" → "1h"`), long ones — queries, SPL searches, drilldown JSON, whole
// arrays — as a unified line diff, so a one-word change in a long search is visible at a glance.
import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import { canonicalJson } from '../base/canonical-json.js';
import type { FieldChange } from './model.js';

/** A value whose JSON is longer than this, or a multi-line string, is shown as a line diff. */
export const INLINE_LIMIT = 80;

export type FieldChangeKind = 'added' | 'removed' | 'changed';

export type FieldView =
  /** `before`/`after` as canonical JSON, present when the field is. */
  | { path: string; change: FieldChangeKind; style: 'inline'; before?: string; after?: string }
  /** Unified-diff lines: `@@ … @@` hunk headers, then lines starting with ` `, `-` or `+`. */
  | { path: string; change: FieldChangeKind; style: 'lines'; lines: string[]; added: number; removed: number };

/** `lines`: a line diff whatever the length (a query or search, which a reviewer reads as a diff). */
export function fieldView(field: FieldChange, options: { lines?: boolean } = {}): FieldView {
  const hasBefore = field.before !== undefined;
  const hasAfter = field.after !== undefined;
  const change: FieldChangeKind = !hasBefore ? 'added' : !hasAfter ? 'removed' : 'changed';
  const inline = {
    path: field.path,
    change,
    style: 'inline' as const,
    ...(hasBefore ? { before: canonicalJson(field.before) } : {}),
    ...(hasAfter ? { after: canonicalJson(field.after) } : {}),
  };
  const multiLine = [field.before, field.after].some((v) => typeof v === 'string' && v.includes('\n'));
  const tooLong = [inline.before, inline.after].some((t) => t !== undefined && t.length > INLINE_LIMIT);
  if (!multiLine && !tooLong && !options.lines) return inline;

  const lines = lineDiff(hasBefore ? displayText(field.before) : '', hasAfter ? displayText(field.after) : '');
  // Different values can share a display text (the string "[1]" and the array [1]); the inline
  // form still tells them apart.
  if (lines.length === 0) return inline;
  return {
    path: field.path,
    change,
    style: 'lines',
    lines,
    added: lines.filter((l) => l.startsWith('+')).length,
    removed: lines.filter((l) => l.startsWith('-')).length,
  };
}

/**
 * The text a value is line-diffed as. A string holding a JSON object or array (Splunk's
 * `action.notable.param.drilldown_searches`) is pretty-printed first: its one long line would
 * otherwise differ as a whole. Objects and arrays are pretty-printed with sorted keys.
 */
export function displayText(value: unknown): string {
  if (typeof value === 'string') {
    const json = parseJsonContainer(value);
    return json === undefined ? value : JSON.stringify(json, null, 2);
  }
  if (value !== null && typeof value === 'object') return JSON.stringify(JSON.parse(canonicalJson(value)), null, 2);
  return canonicalJson(value);
}

function parseJsonContainer(text: string): object | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function lineDiff(before: string, after: string): string[] {
  // A final newline on both sides keeps jsdiff from adding "\ No newline at end of file" markers.
  const patch = structuredPatch('before', 'after', terminated(before), terminated(after), undefined, undefined, { context: 3 });
  if (patch.hunks.length === 0) return [];
  return formatPatch(patch, OMIT_HEADERS).replace(/\n$/, '').split('\n');
}

function terminated(text: string): string {
  return text === '' ? '' : `${text}\n`;
}
