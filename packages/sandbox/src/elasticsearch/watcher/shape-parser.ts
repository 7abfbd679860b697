// The mechanism behind the watch grammar. ES parses a watch into objects and serialises them
// again, so what GET returns is the serialiser's output: its key order, its defaults, durations
// in millis. Here each part of a watch is described as data — a Shape (the keys an object may
// have, the parser for each, the order and defaults of the output) or a Registry (an object with
// exactly one "type" key, like {"search": {...}} inputs) — and one walker does both the
// validation and the re-serialisation.
import { isObject, tokenName, type Json, type JsonObject } from '../../json.js';
import { cause, EsHttpError, parseError } from '../es-errors.js';
import { parseTimeValue } from '../time-value.js';

export interface ParseContext {
  watchId: string;
  actionId?: string;
  /** A versioned update may send back "::es_redacted::"; the stored secret is then kept. */
  allowRedacted: boolean;
  /** GET and query watches show secrets as "::es_redacted::". */
  hideSecrets: boolean;
}

/** Parses one value; `undefined` leaves the key out of the output. */
export type ValueParser = (value: Json, ctx: ParseContext, key: string) => Json | undefined;

export interface Rule {
  /** The key in the normalised output. */
  out: string;
  /** The input keys that feed it (a duration has a human and a millis spelling), with their parsers. */
  from: Record<string, ValueParser>;
  /** Added when no input key is present. */
  fallback?: () => Json;
  /** The error when no input key is present and there is no fallback. */
  required?: (ctx: ParseContext) => EsHttpError;
}

export interface Shape {
  /** In the order ES writes the keys. */
  rules: Rule[];
  /** Input keys that fill several output keys at once (a webhook's `url`). */
  spreads?: Record<string, (value: Json, ctx: ParseContext) => JsonObject>;
  /** Accepted and dropped. */
  ignored?: string[];
  notObject: (value: Json, ctx: ParseContext) => EsHttpError;
  unexpected: (key: string, value: Json, ctx: ParseContext) => EsHttpError;
}

export interface Registry {
  types: Record<string, ValueParser>;
  notObject: (value: Json, ctx: ParseContext) => EsHttpError;
  unknownType: (type: string, ctx: ParseContext) => EsHttpError;
  empty: (ctx: ParseContext) => EsHttpError;
  /** Some registries insist the body of a type is itself an object. */
  bodyNotObject?: (type: string, value: Json, ctx: ParseContext) => EsHttpError;
}

export const REDACTED = '::es_redacted::';

export function parseShape(shape: Shape, value: Json, ctx: ParseContext): JsonObject {
  if (!isObject(value)) throw shape.notObject(value, ctx);
  const parsed = new Map<string, Json>();
  for (const [key, item] of Object.entries(value)) {
    if (shape.ignored?.includes(key)) continue;
    const spread = shape.spreads?.[key];
    if (spread) {
      for (const [out, v] of Object.entries(spread(item, ctx))) parsed.set(out, v);
      continue;
    }
    const rule = shape.rules.find((r) => key in r.from);
    if (!rule) throw shape.unexpected(key, item, ctx);
    const result = rule.from[key](item, ctx, key);
    // Later keys win, as ES's sequential parsers overwrite the field.
    if (result === undefined) parsed.delete(rule.out);
    else parsed.set(rule.out, result);
  }
  const out: JsonObject = {};
  for (const rule of shape.rules) {
    const present = parsed.get(rule.out);
    if (present !== undefined) out[rule.out] = present;
    else if (rule.fallback) out[rule.out] = rule.fallback();
    else if (rule.required) throw rule.required(ctx);
  }
  return out;
}

/** `{"<type>": <body>}` → `{"<type>": <normalised body>}`; with several type keys the last wins, as in ES. */
export function parseRegistry(registry: Registry, value: Json, ctx: ParseContext): JsonObject {
  if (!isObject(value)) throw registry.notObject(value, ctx);
  let result: JsonObject | undefined;
  for (const [type, body] of Object.entries(value)) {
    const parser = registry.types[type];
    if (!parser) throw registry.unknownType(type, ctx);
    if (registry.bodyNotObject && !isObject(body)) throw registry.bodyNotObject(type, body, ctx);
    const parsed = parser(body, ctx, type);
    if (parsed !== undefined) result = { [type]: parsed };
  }
  if (!result) throw registry.empty(ctx);
  return result;
}

// ---- value parsers ----------------------------------------------------------------------------

type Describe = (ctx: ParseContext) => string;

function mismatch(describe: Describe, key: string, expected: string, value: Json, ctx: ParseContext): EsHttpError {
  return parseError(`${describe(ctx)}. expected ${expected} for field [${key}], but found [${tokenName(value)}] instead`);
}

export const string = (describe: Describe): ValueParser => (value, ctx, key) => {
  if (typeof value !== 'string') throw mismatch(describe, key, 'a string value', value, ctx);
  return value;
};

export const integer = (describe: Describe): ValueParser => (value, ctx, key) => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw mismatch(describe, key, 'a numeric value', value, ctx);
};

export const boolean = (describe: Describe): ValueParser => (value, ctx, key) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw mismatch(describe, key, 'a boolean value', value, ctx);
};

/** A string from a fixed set, written back lower-cased as ES's enums are. */
export const oneOf = (describe: Describe, values: string[]): ValueParser => (value, ctx, key) => {
  const text = typeof value === 'string' ? value.toLowerCase() : typeof value === 'boolean' ? String(value) : undefined;
  if (text === undefined || !values.includes(text)) {
    throw parseError(`${describe(ctx)}. unknown value [${String(value)}] for field [${key}], expected one of [${values.join(', ')}]`);
  }
  return text;
};

/** Copied as is (metadata, a search body, a simple input's payload). */
export const raw: ValueParser = (value) => structuredClone(value);

export const rawObject = (describe: Describe): ValueParser => (value, ctx, key) => {
  if (!isObject(value)) throw mismatch(describe, key, 'an object', value, ctx);
  return structuredClone(value);
};

/** A string or an array of strings; always written as an array. */
export const stringList = (describe: Describe): ValueParser => (value, ctx, key) => {
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((v) => typeof v === 'string')) throw mismatch(describe, key, 'string values', value, ctx);
  return items;
};

/** `<name>_in_millis`: a number of milliseconds. */
export const millis = (describe: Describe): ValueParser => (value, ctx, key) => {
  if (value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(describe, key, 'a numeric value', value, ctx);
  return value;
};

/** `<name>`: a time value ("5m") or millis, written back as `<name>_in_millis`. */
export const duration = (wrapMessage?: (ctx: ParseContext, key: string) => string): ValueParser => (value, ctx, key) => {
  try {
    if (value === null) return undefined;
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'string') return parseTimeValue(value, key);
    throw parseError(`could not parse time value [${key}]. expected either a string or a null value but found [${tokenName(value)}] instead`);
  } catch (error) {
    if (wrapMessage && error instanceof EsHttpError) throw parseError(wrapMessage(ctx, key), error.esCause);
    throw error;
  }
};

/** A password: hidden on read; "::es_redacted::" is only accepted back by a versioned update. */
export const secret: ValueParser = (value, ctx, key) => {
  if (typeof value !== 'string') throw parseError(`could not parse secret [${key}]. expected a string but found [${tokenName(value)}]`);
  if (value === REDACTED && !ctx.hideSecrets) {
    if (!ctx.allowRedacted) throw parseError(`found redacted password in field [${key}]`);
    return undefined; // left out of the update, so the stored password survives the merge
  }
  return ctx.hideSecrets ? REDACTED : value;
};

/**
 * A script: "source" alone, or {source|id, lang, params, options}. Written back as an object with
 * the default language filled in: `"return true"` becomes {"source":"return true","lang":"painless"}.
 */
export const script = (defaultLang: string): ValueParser => (value) => {
  if (typeof value === 'string') return { source: value, lang: defaultLang };
  if (!isObject(value)) throw parseError(`[script] failed to parse object: expected a string or an object, but found [${tokenName(value)}]`);
  for (const key of Object.keys(value)) {
    if (!['source', 'inline', 'id', 'lang', 'params', 'options'].includes(key)) {
      throw new EsHttpError(400, cause('x_content_parse_exception', `[script] unknown field [${key}]`));
    }
  }
  const source = value.source ?? value.inline;
  const id = value.id;
  if ((source === undefined) === (id === undefined)) {
    throw new EsHttpError(400, cause('illegal_argument_exception', 'must specify either [source] for an inline script or [id] for a stored script'));
  }
  if (id !== undefined && value.lang !== undefined) {
    throw new EsHttpError(400, cause('illegal_argument_exception', 'lang cannot be specified for stored scripts'));
  }
  const out: JsonObject = source !== undefined ? { source: typeof source === 'string' ? source : JSON.stringify(source), lang: typeof value.lang === 'string' ? value.lang : defaultLang } : { id: String(id) };
  if (isObject(value.options) && Object.keys(value.options).length > 0) out.options = value.options;
  if (isObject(value.params) && Object.keys(value.params).length > 0) out.params = value.params;
  return out;
};

/** A TextTemplate: a plain string stays a string; an object is a mustache script. */
export const template: ValueParser = (value, ctx, key) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return script('mustache')(value, ctx, key);
};

/** Several TextTemplates: a single one becomes a one-element array. */
export const templateList: ValueParser = (value, ctx, key) => (Array.isArray(value) ? value : [value]).map((v) => template(v, ctx, key) as Json);

/** An object of name → TextTemplate (webhook params and headers). */
export const templateMap = (describe: Describe): ValueParser => (value, ctx, key) => {
  if (!isObject(value)) throw mismatch(describe, key, 'an object', value, ctx);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, template(v, ctx, k) as Json]));
};

/** Wraps the errors of `parser` in `message`, as ES does for nested parsers. */
export const wrapped = (message: (ctx: ParseContext, key: string) => string, parser: ValueParser): ValueParser => (value, ctx, key) => {
  try {
    return parser(value, ctx, key);
  } catch (error) {
    if (error instanceof EsHttpError) throw parseError(message(ctx, key), error.esCause);
    throw error;
  }
};
