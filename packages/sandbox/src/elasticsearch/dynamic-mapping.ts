// Field mappings, as ES's default dynamic mapping makes them: the first document that brings a
// field decides its type (a string becomes `text` with a `.keyword` sub-field, or `date` when it
// looks like one; integers `long`; other numbers `float`), and later documents must fit or are
// refused. This is what makes `term` on a dynamically mapped string behave like the real thing:
// it matches tokens, so `term: {"metadata.rule_id": "96b9f619-aa91-…"}` finds nothing and
// `metadata.rule_id.keyword` is the field to use. The `.watches` index maps `metadata` this way.
import { isObject, type Json, type JsonObject } from '../json.js';
import { cause, EsHttpError } from './es-errors.js';
import { parseIp } from './search/ip-address.js';

// `ip` only comes from an explicit mapping: dynamic mapping never infers it.
export type FieldType = 'text' | 'keyword' | 'long' | 'integer' | 'float' | 'double' | 'boolean' | 'date' | 'ip' | 'object' | 'disabled';

export interface MappedField {
  type: FieldType;
  /** A `text` field made by dynamic mapping also has `<field>.keyword` (ignore_above 256). */
  keywordSubfield?: boolean;
}

/** Field path → mapping. Object paths are present too, so a concrete value cannot replace one. */
export type Mapping = Record<string, MappedField>;

export const KEYWORD_IGNORE_ABOVE = 256;
const NUMERIC: FieldType[] = ['long', 'integer', 'float', 'double'];

/**
 * Maps the new fields of `source`, or throws the document_parsing_exception ES answers with.
 * `mapping` is only changed when the whole document fits.
 */
export function applyDynamicMapping(mapping: Mapping, source: JsonObject, docId: string, strictRoot: boolean): void {
  const added: Mapping = {};
  const lookup = (path: string) => added[path] ?? mapping[path];
  const walk = (object: JsonObject, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (lookup(path)?.type === 'disabled') continue;
      if (!lookup(path) && prefix === '' && strictRoot) {
        throw parsingError('strict_dynamic_mapping_exception', `mapping set to strict, dynamic introduction of [${key}] within [_doc] is not allowed`);
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === null || Array.isArray(item)) continue;
        const existing = lookup(path);
        if (isObject(item)) {
          if (existing && existing.type !== 'object') throw valueError(path, existing.type, docId, item);
          if (!existing) added[path] = { type: 'object' };
          walk(item, path);
          continue;
        }
        if (existing?.type === 'object') {
          throw parsingError('document_parsing_exception', `object mapping for [${path}] tried to parse field [${key}] as object, but found a concrete value`);
        }
        const type = existing?.type ?? inferType(item);
        if (!fits(type, item)) throw valueError(path, type, docId, item);
        if (!existing) added[path] = type === 'text' ? { type, keywordSubfield: true } : { type };
      }
    }
  };
  walk(source, '');
  Object.assign(mapping, added);
}

function inferType(value: Exclude<Json, null | Json[] | JsonObject>): FieldType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'float';
  return looksLikeDate(value) ? 'date' : 'text';
}

function fits(type: FieldType, value: string | number | boolean): boolean {
  if (type === 'text' || type === 'keyword') return true;
  if (type === 'boolean') return typeof value === 'boolean' || value === 'true' || value === 'false' || value === '';
  if (type === 'date') return parseDate(value) !== undefined;
  if (type === 'ip') return typeof value === 'string' && parseIp(value) !== undefined;
  // Numbers coerce: "12" and 12.7 go into a long field (truncated), "abc" and true do not.
  if (NUMERIC.includes(type)) return typeof value !== 'boolean' && value !== '' && Number.isFinite(Number(value));
  return true;
}

/** strict_date_optional_time, the default dynamic date format (plus epoch millis for `date` fields). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export function looksLikeDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

/** Epoch millis for a value stored in or compared with a `date` field. */
export function parseDate(value: Json): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (/^-?\d+$/.test(value)) return Number(value);
  if (!ISO_DATE.test(value)) return undefined;
  const hasZone = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(value) && value.length > 10;
  const millis = Date.parse(value.replace(' ', 'T') + (hasZone || value.length === 10 ? '' : 'Z'));
  return Number.isNaN(millis) ? undefined : millis;
}

function valueError(path: string, type: FieldType, docId: string, value: Json): EsHttpError {
  const preview = isObject(value) ? `{${Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(', ')}}` : String(value);
  return parsingError('document_parsing_exception', `failed to parse field [${path}] of type [${type}] in document with id '${docId}'. Preview of field's value: '${preview}'`);
}

// ES prefixes these reasons with the field's [line:col] in the document; the sandbox has no
// positions after parsing and leaves the prefix out rather than invent one.
function parsingError(type: string, reason: string): EsHttpError {
  return new EsHttpError(400, cause(type, reason));
}
