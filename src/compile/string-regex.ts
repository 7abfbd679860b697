// A Sigma string as the regex that says it, for terms a language cannot write as a plain string:
// SPL's search cannot escape `*`, and Lucene's terms on keyword fields match with case where Sigma
// means without. The regex is PCRE (Sigma's own `|re` dialect), so each language's regex writer
// (lucene-regex.ts, spl.ts) turns it into the language's dialect as for any `|re`.
import type { QueryNode, SigmaValue } from '../rules/sigma/model.js';
import { isWildcard, type SigmaString } from '../rules/sigma/sigma-string.js';

type RegexValue = Extract<SigmaValue, { kind: 'regex' }>;

const PCRE_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

/**
 * `*` → `.*`, `?` → `.`, literals escaped. `wholeValue`: anchored at both ends (an open end needs
 * no anchor and no `.*`), as a field's value is compared; otherwise found anywhere, as a keyword.
 */
export function stringAsRegex(value: SigmaString, options: { wholeValue: boolean; ignoreCase: boolean }): RegexValue {
  const body = value.parts.map((p) => (isWildcard(p) ? (p.wildcard === '*' ? '.*' : '.') : p.replace(PCRE_SPECIAL, (c) => `\\${c}`))).join('');
  let pattern = body;
  if (options.wholeValue) {
    pattern = body.startsWith('.*') ? body.slice(2) : `^${body}`;
    pattern = pattern.endsWith('.*') && !pattern.endsWith('\\.*') ? pattern.slice(0, -2) : `${pattern}$`;
  }
  return { kind: 'regex', pattern, flags: { i: options.ignoreCase, m: false, s: false } };
}

/**
 * Every string term `wanted` picks, replaced by its regex (case-insensitive unless `|cased`). A
 * branch with nothing to replace is returned as it is, not copied: this runs for every query of
 * SPL (and of Lucene with --case-insensitive), and most queries have nothing to replace.
 */
export function stringTermsAsRegex(node: QueryNode, wanted: (value: SigmaString) => boolean): QueryNode {
  switch (node.kind) {
    case 'and':
    case 'or': {
      let args: QueryNode[] | undefined;
      for (let i = 0; i < node.args.length; i++) {
        const arg = node.args[i]!;
        const next = stringTermsAsRegex(arg, wanted);
        if (next !== arg && args === undefined) args = node.args.slice(0, i);
        if (args !== undefined) args.push(next);
      }
      return args === undefined ? node : { ...node, args };
    }
    case 'not': {
      const arg = stringTermsAsRegex(node.arg, wanted);
      return arg === node.arg ? node : { ...node, arg };
    }
    case 'expansion': {
      // The variants a modifier made (windash, base64offset), each its own term then.
      if (!node.values.some((v) => v.kind === 'string' && !v.binary && wanted(v))) return node;
      const { kind: _expansion, values, ...term } = node;
      return { kind: 'or', args: values.map((value) => stringTermsAsRegex({ ...term, kind: 'match', value }, wanted)) };
    }
    case 'match': {
      const value = node.value;
      if (value.kind !== 'string' || value.binary || !wanted(value)) return node;
      // The regex's own flag now says whether case matters.
      const { cased, ...term } = node;
      return { ...term, value: stringAsRegex(value, { wholeValue: node.field !== null, ignoreCase: !cased }) };
    }
  }
}

/** Whether case can change the string: it has a letter with an upper and a lower case. */
export function hasCasedLetter(value: SigmaString): boolean {
  return value.parts.some((p) => !isWildcard(p) && p.toLowerCase() !== p.toUpperCase());
}
