// Sigma value modifiers as one table: each entry says what value types it takes and what it makes.
// The detection loader applies a chain of them left to right; a wrong type is a per-rule error.
//
// The value types are pySigma's (sigma/modifiers.py): each modifier declares the type its
// `modify(self, val: …)` takes, and `SigmaModifier.apply` raises SigmaTypeError "Modifier …
// incompatible to value type of '…'" for any other. A YAML number is a SigmaNumber there
// (sigma/types.py `sigma_type`), not a string, so `|base64: 5`, `|contains: 5` or `|windash: 5`
// cannot be converted; detctl reports the same values, rather than quietly matching the text '5'.
import type { SigmaValue, CompareOperator } from './model.js';
import { pyYamlReadsAsNumber } from './pyyaml-scalars.js';
import { ipVersion } from './ip-text.js';
import { didYouMean } from '../../base/did-you-mean.js';
import { pcreAsJavaScript } from '../../base/pcre.js';
import {
  type SigmaString,
  hasWildcards,
  isWildcard,
  literalString,
  mapLiterals,
  parseSigmaString,
  plainText,
  withWildcards,
} from './sigma-string.js';

/**
 * A value on its way through the chain: one value, or the variants an expanding modifier made.
 * A value read from YAML can tell how it was written (`written`), for numbers PyYAML reads otherwise.
 */
export type ModValue = { value: SigmaValue; raw: string; written?: () => string } | { expansion: SigmaValue[]; raw: string };

/** What a chain leaves besides the values: how the values link, and flags that change the match. */
export interface ItemFlags {
  linkAll: boolean;
  negate: boolean;
  cased: boolean;
}

export class ModifierError extends Error {
  constructor(
    message: string,
    /** Which of the item's values the problem is about, when it is about one. */
    readonly valueIndex?: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

type ValueKind = SigmaValue['kind'] | 'expansion';

interface Modifier {
  /** Value kinds this modifier accepts (pySigma's type hint); empty: any, as for list modifiers. */
  accepts: readonly ValueKind[];
  apply?: (value: SigmaValue, raw: string) => SigmaValue | SigmaValue[];
  /** Modifiers that change the item instead of each value. */
  flag?: (flags: ItemFlags) => void;
  /** Must directly follow one of these (the regex flags follow `re`). */
  after?: readonly string[];
}

const STRINGISH: readonly ValueKind[] = ['string'];

function str(value: SigmaValue): SigmaString {
  return value as SigmaString;
}

function encodeText(value: SigmaString, encode: (text: string) => Buffer): SigmaString {
  // Encodings work on bytes; a binary string holds one byte per character.
  return mapLiterals(value, (text) => encode(text).toString('latin1'), true);
}

function bytesOf(value: SigmaString): Buffer {
  return Buffer.from(plainText(value), value.binary ? 'latin1' : 'utf8');
}

function base64Offsets(value: SigmaString): SigmaValue[] {
  // The three alignments a value can have inside a longer base64 text; the characters that depend
  // on the unknown neighbouring bytes are cut off (as the Sigma specification defines it).
  const bytes = bytesOf(value);
  const startCut = [0, 2, 3];
  const endCut = [0, 3, 2];
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const end = endCut[(bytes.length + shift) % 3];
    return literalString(encoded.slice(startCut[shift], end ? encoded.length - end : undefined));
  });
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** A `-` or `/` that starts a word: not after a letter, digit or `_`, and before one. */
export const WORD_DASH = /(?<![\p{L}\p{N}_])([-/])(?=[\p{L}\p{N}_])/u;
/**
 * WORD_DASH for text that is all ASCII, where the Unicode letters and digits are A–Z, a–z and
 * 0–9: the same splits, without compiling the Unicode classes (~1.5 ms, once per process).
 */
export const WORD_DASH_ASCII = /(?<![A-Za-z0-9_])([-/])(?=[A-Za-z0-9_])/;
const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

function windash(value: SigmaString): SigmaValue[] {
  // Every `-` or `/` that starts a word (not preceded by a word character, followed by one) can be
  // written with any of the dash characters Windows accepts; all combinations are produced.
  let variants: SigmaString[] = [{ kind: 'string', parts: [] }];
  for (const part of value.parts) {
    if (isWildcard(part)) {
      variants = variants.map((v) => ({ ...v, parts: [...v.parts, part] }));
      continue;
    }
    const pieces = part.split(isAscii(part) ? WORD_DASH_ASCII : WORD_DASH);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      const choices = i % 2 === 1 ? DASHES : [piece];
      variants = variants.flatMap((v) => choices.map((c) => appendLiteral(v, c)));
    }
  }
  return variants;
}

function appendLiteral(s: SigmaString, text: string): SigmaString {
  if (!text) return s;
  const parts = [...s.parts];
  const last = parts[parts.length - 1];
  if (typeof last === 'string') parts[parts.length - 1] = last + text;
  else parts.push(text);
  return { ...s, parts };
}

function compare(op: CompareOperator): Modifier {
  return {
    accepts: ['number'],
    apply: (value) => {
      const n = value as Extract<SigmaValue, { kind: 'number' }>;
      return { kind: 'compare', op, value: n.value, text: n.text };
    },
  };
}

function parseCidr(text: string): SigmaValue {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  // node:net's isIP, by hand (ip-text.ts says why).
  const version = match ? ipVersion(match[1]) : 0;
  const prefix = match ? Number(match[2]) : NaN;
  if (!match || version === 0 || prefix > (version === 4 ? 32 : 128)) {
    throw new ModifierError(`invalid CIDR network '${text}' (expected e.g. 10.0.0.0/8 or fe80::/10)`);
  }
  return { kind: 'cidr', network: match[1], prefix, version: version as 4 | 6 };
}

function checkRegex(pattern: string): void {
  // Sigma regexes are PCRE-like; JavaScript's parser is the judge of well-formedness once the
  // PCRE-only spellings it lacks (inline flags, \A \Z, (?P<name>)) are rewritten.
  const jsPattern = pcreAsJavaScript(pattern, (piece) => (/^\(\?[imsx]+\)$/.test(piece) ? '' : piece));
  try {
    new RegExp(jsPattern);
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    throw new ModifierError(`invalid regular expression '${pattern}': ${reason}`);
  }
}

const regexFlag = (flag: 'i' | 'm' | 's'): Modifier => ({
  accepts: ['regex'],
  after: ['re', 'i', 'm', 's', 'ignorecase', 'multiline', 'dotall'],
  apply: (value) => {
    const re = value as Extract<SigmaValue, { kind: 'regex' }>;
    return { ...re, flags: { ...re.flags, [flag]: true } };
  },
});

export const MODIFIERS: Record<string, Modifier> = {
  contains: { accepts: STRINGISH, apply: (v) => withWildcards(str(v), true, true) },
  startswith: { accepts: STRINGISH, apply: (v) => withWildcards(str(v), false, true) },
  endswith: { accepts: STRINGISH, apply: (v) => withWildcards(str(v), true, false) },
  all: { accepts: [], flag: (f) => void (f.linkAll = true) },
  base64: {
    accepts: STRINGISH,
    apply: (v) => {
      if (hasWildcards(str(v))) throw new ModifierError('base64 cannot encode a value with wildcards');
      return literalString(bytesOf(str(v)).toString('base64'));
    },
  },
  base64offset: {
    accepts: STRINGISH,
    apply: (v) => {
      if (hasWildcards(str(v))) throw new ModifierError('base64offset cannot encode a value with wildcards');
      return base64Offsets(str(v));
    },
  },
  utf16le: { accepts: STRINGISH, apply: (v) => encodeText(str(v), (t) => Buffer.from(t, 'utf16le')) },
  wide: { accepts: STRINGISH, apply: (v) => encodeText(str(v), (t) => Buffer.from(t, 'utf16le')) },
  utf16be: { accepts: STRINGISH, apply: (v) => encodeText(str(v), (t) => Buffer.from(t, 'utf16le').swap16()) },
  utf16: {
    accepts: STRINGISH,
    // A byte-order mark in front of the whole value, then little-endian code units.
    apply: (v) => {
      const encoded = encodeText(str(v), (t) => Buffer.from(t, 'utf16le'));
      return { ...encoded, parts: ['\xff\xfe', ...encoded.parts] };
    },
  },
  windash: { accepts: STRINGISH, apply: (v) => windash(str(v)) },
  re: {
    accepts: STRINGISH,
    apply: (_v, raw) => {
      checkRegex(raw);
      return { kind: 'regex', pattern: raw, flags: { i: false, m: false, s: false } };
    },
  },
  i: regexFlag('i'),
  ignorecase: regexFlag('i'),
  m: regexFlag('m'),
  multiline: regexFlag('m'),
  s: regexFlag('s'),
  dotall: regexFlag('s'),
  cidr: { accepts: STRINGISH, apply: (_v, raw) => parseCidr(raw) },
  exists: {
    accepts: ['bool'],
    apply: (v) => ({ kind: 'exists', value: (v as Extract<SigmaValue, { kind: 'bool' }>).value }),
  },
  lt: compare('lt'),
  lte: compare('lte'),
  gt: compare('gt'),
  gte: compare('gte'),
  neq: { accepts: [], flag: (f) => void (f.negate = true) },
  fieldref: { accepts: STRINGISH, apply: (_v, raw) => ({ kind: 'fieldref', field: raw }) },
  // pySigma's SigmaCaseSensitiveModifier turns each SigmaString into a cased string, so its values
  // must be strings, although detctl keeps it as a flag on the item.
  cased: { accepts: STRINGISH, flag: (f) => void (f.cased = true) },
};

/** Modifiers Sigma defines that detctl refuses with a reason, rather than calling them unknown. */
const REFUSED: Record<string, string> = {
  expand: 'the expand modifier needs placeholder values, which detctl does not take yet; replace %placeholders% with the values',
  minute: 'timestamp part modifiers are not supported by the Lucene and SPL targets',
  hour: 'timestamp part modifiers are not supported by the Lucene and SPL targets',
  day: 'timestamp part modifiers are not supported by the Lucene and SPL targets',
  week: 'timestamp part modifiers are not supported by the Lucene and SPL targets',
  month: 'timestamp part modifiers are not supported by the Lucene and SPL targets',
  year: 'timestamp part modifiers are not supported by the Lucene and SPL targets',
};

function kindName(kind: ValueKind): string {
  return kind === 'bool' ? 'boolean' : kind;
}

/** The modifiers that take strings and not numbers, found once (asPySigmaReadsThem asks for every item). */
const STRINGS_ONLY = new Set(Object.keys(MODIFIERS).filter((name) => MODIFIERS[name]!.accepts.includes('string') && !MODIFIERS[name]!.accepts.includes('number')));
const takesStringsOnly = (name: string) => STRINGS_ONLY.has(name);

/**
 * The item's numbers as pySigma has them, where that decides the outcome, i.e. when a modifier of
 * the chain takes strings only (elsewhere a number stays a number, and its text is not read, which
 * would parse the file a second time):
 * - a number PyYAML reads as a string (`00000429`) is that string (pyyaml-scalars.ts);
 * - with `re` anywhere in the chain, pySigma reads every value as a string
 *   (`SigmaDetectionItem.from_mapping`: `SigmaString.from_str(v)` instead of `sigma_type(v)`), so
 *   `|re: 5` is the regex 5.
 * Any other number meets the modifiers' type check as a number.
 */
function asPySigmaReadsThem(names: string[], values: ModValue[]): ModValue[] {
  if (!names.some(takesStringsOnly)) return values;
  return values.map((item) => {
    if (!('value' in item) || item.value.kind !== 'number') return item;
    const written = item.written?.();
    if (written !== undefined && !pyYamlReadsAsNumber(written)) return { value: parseSigmaString(written), raw: written };
    return names.includes('re') ? { value: literalString(item.value.text), raw: item.raw } : item;
  });
}

/** Applies a modifier chain to the item's values (left to right) and collects the item flags. */
export function applyModifiers(names: string[], values: ModValue[]): { values: ModValue[]; flags: ItemFlags } {
  const flags: ItemFlags = { linkAll: false, negate: false, cased: false };
  let current = asPySigmaReadsThem(names, values);
  // Loops with the value's index at hand rather than forEach/map with a closure per value: this
  // runs for every item with modifiers of every rule.
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    if (REFUSED[name]) throw new ModifierError(REFUSED[name]);
    const modifier = MODIFIERS[name];
    if (!modifier) {
      throw new ModifierError(`unknown modifier '${name}'${didYouMean(name, [...Object.keys(MODIFIERS), ...Object.keys(REFUSED)])} (known: ${Object.keys(MODIFIERS).join(', ')})`);
    }
    if (modifier.after && !modifier.after.includes(names[index - 1] ?? '')) {
      throw new ModifierError(`modifier '${name}' must follow 're'`);
    }
    if (modifier.flag) {
      modifier.flag(flags);
      if (modifier.accepts.length > 0) {
        for (let i = 0; i < current.length; i++) {
          try {
            for (const v of valuesOf(current[i]!)) checkKind(name, modifier, v);
          } catch (error) {
            throw atValue(i, error);
          }
        }
      }
      continue;
    }
    // Each item stays at its own index (an expansion is one item), so `i` is the YAML value's index.
    const next: ModValue[] = [];
    for (let i = 0; i < current.length; i++) {
      try {
        next.push(applyOne(name, modifier, current[i]!));
      } catch (error) {
        throw atValue(i, error);
      }
    }
    current = next;
  }
  return { values: current, flags };
}

/** The error thrown about the item's value at `index`: a ModifierError not yet tied to a value is tied to it. */
function atValue(index: number, error: unknown): unknown {
  if (error instanceof ModifierError && error.valueIndex === undefined) return new ModifierError(error.message, index, error.hint);
  return error;
}

function valuesOf(item: ModValue): SigmaValue[] {
  return 'expansion' in item ? item.expansion : [item.value];
}

function applyOne(name: string, modifier: Modifier, item: ModValue): ModValue {
  if ('expansion' in item) {
    return { expansion: item.expansion.flatMap((v) => toList(applyToValue(name, modifier, v, item.raw))), raw: item.raw };
  }
  const result = applyToValue(name, modifier, item.value, item.raw);
  return Array.isArray(result) ? { expansion: result, raw: item.raw } : { value: result, raw: item.raw };
}

function applyToValue(name: string, modifier: Modifier, value: SigmaValue, raw: string): SigmaValue | SigmaValue[] {
  checkKind(name, modifier, value);
  return modifier.apply!(value, raw);
}

/** pySigma's type check (`SigmaModifier.type_check`): the value must be of a kind the modifier takes. */
function checkKind(name: string, modifier: Modifier, value: SigmaValue): void {
  if (modifier.accepts.includes(value.kind)) return;
  const expected = modifier.accepts.map(kindName).join(' or ');
  const hint =
    value.kind === 'number' && modifier.accepts.includes('string')
      ? `pySigma rejects this too (SigmaTypeError); to match the text, quote it: '${value.text}'`
      : undefined;
  throw new ModifierError(`modifier '${name}' expects a ${expected} value, got ${describe(value)}`, undefined, hint);
}

function toList(v: SigmaValue | SigmaValue[]): SigmaValue[] {
  return Array.isArray(v) ? v : [v];
}

function describe(value: SigmaValue): string {
  switch (value.kind) {
    case 'string':
      return `the string '${plainText(value)}'`;
    case 'number':
      return `the number ${value.text}`;
    case 'bool':
      return `the boolean ${value.value}`;
    case 'null':
      return 'null';
    default:
      return `a ${value.kind} value`;
  }
}
