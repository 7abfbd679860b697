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
  const values = valuesAt(doc.source, pathOf(field.sourcePath), 0);
  // A keyword sub-field does not index strings longer than ignore_above.
  return field.keywordOfText ? values.filter((v) => typeof v !== 'string' || v.length <= KEYWORD_IGNORE_ABOVE) : values;
}

/** A field's path split at its dots, once per field name: a search reads it for every document. */
const paths = new Map<string, string[]>();
function pathOf(sourcePath: string): string[] {
  let path = paths.get(sourcePath);
  if (!path) {
    if (paths.size >= 10_000) paths.clear();
    paths.set(sourcePath, (path = sourcePath.split('.')));
  }
  return path;
}

/** The values at `path` from its step `from` on. */
function valuesAt(value: Json, path: readonly string[], from: number): Json[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path, from));
  if (from === path.length) return value === null || isObject(value) ? [] : [value];
  if (!isObject(value)) return [];
  // Keys may themselves contain dots ("a.b": 1 is the field a.b), so try every split.
  const out: Json[] = [];
  let key = '';
  for (let i = from; i < path.length; i++) {
    key = i === from ? path[i]! : `${key}.${path[i]}`;
    if (Object.prototype.hasOwnProperty.call(value, key)) out.push(...valuesAt(value[key], path, i + 1));
  }
  return out;
}

/** The standard analyzer, roughly: lower-cased runs of letters, digits and underscores. */
export function analyze(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.'][\p{L}\p{N}_]+)*/gu) ?? [];
}
