// The rule's own text for a verdict: `rules/x.yml:12: CommandLine|contains: '-urlcache'`.
// The Query AST keeps values after the modifiers ran (`|contains: x` is the pattern `*x*`), so the
// modifier is read back from the pattern's shape; the text means the same as what the rule says,
// though `Image: '*x'` and `Image|endswith: 'x'` both come back as the latter.
import type { SourceLocation } from '../../diagnostics.js';
import type { SigmaValue } from '../../rules/sigma/model.js';
import { endsWithAny, isWildcard, startsWithAny, type SigmaString, type StringPart } from '../../rules/sigma/sigma-string.js';

/** `modifiers` (each with its `|`) and the value as YAML would write it. */
interface ValueText {
  modifiers: string;
  text: string;
}

function quote(text: string): string {
  // Control characters (the bytes of |wide, |utf16…) are unreadable raw: JSON escapes them.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f-\x9f]/.test(text)) return JSON.stringify(text);
  return `'${text.replace(/'/g, "''")}'`;
}

/** Sigma's string syntax back: wildcards as `*`/`?`, literal `*`, `?` and a backslash before them escaped. */
function sigmaSyntax(parts: StringPart[]): string {
  return parts
    .map((p, i) => {
      if (isWildcard(p)) return p.wildcard;
      const next = parts[i + 1];
      const escaped = p.replace(/\\(?=[*?\\])/g, '\\\\').replace(/[*?]/g, '\\$&');
      return next !== undefined && isWildcard(next) && escaped.endsWith('\\') ? `${escaped}\\` : escaped;
    })
    .join('');
}

function stringText(value: SigmaString): ValueText {
  const leading = startsWithAny(value);
  const trailing = endsWithAny(value) && value.parts.length > 1;
  const inner = value.parts.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (inner.length === 0 || inner.every(isWildcard)) return { modifiers: '', text: quote(sigmaSyntax(value.parts)) };
  const modifiers = leading && trailing ? '|contains' : leading ? '|endswith' : trailing ? '|startswith' : '';
  return { modifiers, text: quote(sigmaSyntax(inner)) };
}

/** `raw`: a string as its pattern, without reading a modifier back (for lists of mixed shapes). */
export function valueText(value: SigmaValue, raw = false): ValueText {
  switch (value.kind) {
    case 'string':
      return raw ? { modifiers: '', text: quote(sigmaSyntax(value.parts)) } : stringText(value);
    case 'number':
      return { modifiers: '', text: value.text };
    case 'bool':
      return { modifiers: '', text: String(value.value) };
    case 'null':
      return { modifiers: '', text: 'null' };
    case 'regex': {
      const flags = (['i', 'm', 's'] as const).filter((f) => value.flags[f]).map((f) => `|${f}`).join('');
      return { modifiers: `|re${flags}`, text: quote(value.pattern) };
    }
    case 'cidr':
      return { modifiers: '|cidr', text: `${value.network}/${value.prefix}` };
    case 'compare':
      return { modifiers: `|${value.op}`, text: value.text };
    case 'exists':
      return { modifiers: '|exists', text: String(value.value) };
    case 'fieldref':
      return { modifiers: '|fieldref', text: value.field };
  }
}

export interface TermText {
  field: string | null;
  values: SigmaValue[];
  cased?: boolean;
  /** `|all`: the values link with AND. */
  all?: boolean;
  loc: SourceLocation;
  /** Said after the item, e.g. which of an expansion's variants. */
  note?: string;
}

/** One detection item as the rule writes it; several values are a YAML flow list. */
export function describeTerm({ field, values, cased, all, loc, note }: TermText): string {
  let texts = values.map((v) => valueText(v));
  if (texts.some((t) => t.modifiers !== texts[0].modifiers)) texts = values.map((v) => valueText(v, true));
  const shared = texts.every((t) => t.modifiers === texts[0].modifiers) ? texts[0].modifiers : '';
  const written = texts.map((t) => t.text);
  const modifiers = `${shared}${values.length > 1 && all ? '|all' : ''}${cased ? '|cased' : ''}`;
  const value = written.length === 1 ? written[0] : `[${written.join(', ')}]`;
  const key = field === null ? (modifiers ? `'${modifiers}'` : 'keyword') : `${field}${modifiers}`;
  return `${loc.file}:${loc.line}: ${key}: ${value}${note ? ` ${note}` : ''}`;
}
