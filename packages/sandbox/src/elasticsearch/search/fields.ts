// How a search sees a field: through the index mapping. `_id` is a keyword on the document id,
// `<text>.keyword` is the exact string of a dynamically mapped text field, a field under a
// disabled object (the whole watch definition in `.watches`) is not searchable at all.
import { isObject, type Json, type JsonObject } from '../../json.js';
import { KEYWORD_IGNORE_ABOVE, type FieldType, type Mapping } from '../dynamic-mapping.js';

export type ResolvedField =
  | { kind: 'id' }
  | { kind: 'field'; type: FieldType; sourcePath: string; keywordOfText?: boolean }
  | { kind: 'unmapped' };

export interface SearchDoc {
  id: string;
  source: JsonObject;
  /** Write order: the tie-breaker ES's doc ids give. */
  seqNo: number;
}

export function resolveField(mapping: Mapping, path: string): ResolvedField {
  if (path === '_id') return { kind: 'id' };
  const direct = mapping[path];
  if (direct && direct.type !== 'object' && direct.type !== 'disabled' && !insideDisabled(mapping, path)) {
    return { kind: 'field', type: direct.type, sourcePath: path };
  }
  if (path.endsWith('.keyword')) {
    const base = path.slice(0, -'.keyword'.length);
    if (mapping[base]?.keywordSubfield && !insideDisabled(mapping, base)) return { kind: 'field', type: 'keyword', sourcePath: base, keywordOfText: true };
  }
  return { kind: 'unmapped' };
}

function insideDisabled(mapping: Mapping, path: string): boolean {
  const parts = path.split('.');
  for (let i = 1; i < parts.length; i++) {
    if (mapping[parts.slice(0, i).join('.')]?.type === 'disabled') return true;
  }
  return false;
}

/** The scalar values a document holds for a field, flattening arrays at every level. */
export function fieldValues(doc: SearchDoc, field: ResolvedField): Json[] {
  if (field.kind === 'id') return [doc.id];
  if (field.kind === 'unmapped') return [];
  const values = valuesAt(doc.source, field.sourcePath.split('.'));
  // A keyword sub-field does not index strings longer than ignore_above.
  return field.keywordOfText ? values.filter((v) => typeof v !== 'string' || v.length <= KEYWORD_IGNORE_ABOVE) : values;
}

function valuesAt(value: Json, path: string[]): Json[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return value === null || isObject(value) ? [] : [value];
  if (!isObject(value)) return [];
  // Keys may themselves contain dots ("a.b": 1 is the field a.b), so try every split.
  const out: Json[] = [];
  for (let i = 1; i <= path.length; i++) {
    const key = path.slice(0, i).join('.');
    if (Object.prototype.hasOwnProperty.call(value, key)) out.push(...valuesAt(value[key], path.slice(i)));
  }
  return out;
}

/** The standard analyzer, roughly: lower-cased runs of letters, digits and underscores. */
export function analyze(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.'][\p{L}\p{N}_]+)*/gu) ?? [];
}
