// The search command's AST as a test of an event, following Splunk's Search Reference ("search")
// and Search Manual:
// - field names are matched exactly (case-sensitive); values case-insensitively unless CASE();
// - a value's `*` matches any run of characters, and a field term must match the whole value;
// - a value in CIDR notation matches the IPv4/IPv6 addresses in that subnet ("The search command
//   supports IPv4 and IPv6 addresses and subnets that use CIDR notation");
// - `field!=v` needs the field to have a value, `NOT field=v` does not ("Difference between != and
//   NOT": events without the field are returned by NOT, not by !=);
// - `<`, `<=`, `>`, `>=` compare numerically when both sides are numbers, as text otherwise;
// - a keyword or quoted phrase is looked for anywhere in the raw event (event-fields.ts);
// - a multi-valued field matches when any of its values does.
// Knowing difference: Splunk matches keywords against indexed terms (segments between breakers),
// so `foo` does not find `foobar` there; here a keyword matches any substring of the raw text.
import { subnetTest } from '../ip.js';
import type { FlatEvent } from '../types.js';
import { fieldValues, keywordTexts } from './event-fields.js';
import type { CompareOp, SearchNode, SearchValue } from './search-parse.js';

export interface Outcome {
  matched: boolean;
  decidedBy: string;
}

export type EventTest = (event: FlatEvent) => Outcome;

/** Characters with a meaning in a `u`-flag RegExp, escaped to stand for themselves. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** A search value as a RegExp: whole (field values) or anywhere (keywords). */
function wildcardRegExp(value: SearchValue, whole: boolean): RegExp {
  const body = value.text
    .split('*')
    .map((part) => part.replace(REGEX_SYNTAX, '\\$&'))
    .join('.*');
  return new RegExp(whole ? `^${body}$` : body, value.cased ? 'su' : 'isu');
}

/** A test of one field value against a search value (the `=` of the search command). */
function valueTest(value: SearchValue): (text: string) => boolean {
  const inSubnet = subnetTest(value.text); // `10.0.0.0/8`, `fe80::/10`
  if (inSubnet) return inSubnet;
  const pattern = wildcardRegExp(value, true);
  return (text) => pattern.test(text);
}

function asNumber(text: string): number | undefined {
  const n = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const ORDER: Readonly<Record<'<' | '<=' | '>' | '>=', (sign: number) => boolean>> = {
  '<': (s) => s < 0,
  '<=': (s) => s <= 0,
  '>': (s) => s > 0,
  '>=': (s) => s >= 0,
};

function orderTest(op: keyof typeof ORDER, value: SearchValue): (text: string) => boolean {
  const bound = asNumber(value.text);
  return (text) => {
    const n = asNumber(text);
    const sign = n !== undefined && bound !== undefined ? Math.sign(n - bound) : text < value.text ? -1 : text > value.text ? 1 : 0;
    return ORDER[op](sign);
  };
}

/** Whether the field's values pass a comparison; `!=` is "has a value, and none equals". */
function fieldTest(field: string, op: CompareOp, value: SearchValue): (event: FlatEvent) => boolean {
  if (op === '=' || op === '!=') {
    const equals = valueTest(value);
    return op === '='
      ? (event) => fieldValues(event, field).some(equals)
      : (event) => {
          const values = fieldValues(event, field);
          return values.length > 0 && !values.some(equals);
        };
  }
  const test = orderTest(op, value);
  return (event) => fieldValues(event, field).some(test);
}

function keywordTest(value: SearchValue): (event: FlatEvent) => boolean {
  // `*` alone is every event, those without any text too.
  if (/^\*+$/.test(value.text)) return () => true;
  const pattern = wildcardRegExp(value, false);
  return (event) => keywordTexts(event).some((text) => pattern.test(text));
}

/** `source` is the whole search, whose spans give each node's text for `decidedBy`. */
export function compileSearchNode(node: SearchNode, source: string): EventTest {
  const text = source.slice(node.start, node.end);
  const leaf = (test: (event: FlatEvent) => boolean): EventTest => (event) => ({ matched: test(event), decidedBy: text });
  switch (node.kind) {
    case 'compare':
      return leaf(fieldTest(node.field, node.op, node.value));
    case 'in': {
      const tests = node.values.map((v) => fieldTest(node.field, '=', v));
      return leaf((event) => tests.some((t) => t(event)));
    }
    case 'keyword':
      return leaf(keywordTest(node.value));
    case 'not': {
      const arg = compileSearchNode(node.arg, source);
      const isLeaf = node.arg.kind === 'compare' || node.arg.kind === 'in' || node.arg.kind === 'keyword';
      return (event) => {
        const inner = arg(event);
        return { matched: !inner.matched, decidedBy: isLeaf ? text : inner.decidedBy };
      };
    }
    case 'and':
    case 'or': {
      // AND is decided by its first false operand, OR by its first true one; otherwise by all.
      const args = node.args.map((a) => compileSearchNode(a, source));
      const decisive = node.kind === 'or';
      return (event) => {
        for (const arg of args) {
          const outcome = arg(event);
          if (outcome.matched === decisive) return outcome;
        }
        return { matched: !decisive, decidedBy: text };
      };
    }
  }
}
