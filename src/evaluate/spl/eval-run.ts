// Evaluating `where`/`eval` expressions (Search Reference, "eval", "where", "Comparison and
// Conditional functions", "Informational functions", "Text functions"). Values are null, text,
// numbers, booleans, or a list for a multi-valued field. As Splunk does:
// - a missing field is null, and a comparison or function of null is null (which `where` drops);
// - `=` and `==` are the same test, and case-sensitive ("where": "The <eval-expression> is
//   case-sensitive"); text that reads as a number compares as one;
// - `match(s, re)` is an unanchored PCRE search; `like(s, p)` is SQL LIKE (`%` any run, `_` one
//   character), case-sensitive; `cidrmatch(cidr, ip)` tests subnet membership.
// Knowing differences: a multi-valued field compares (and matches) when any of its values does;
// Splunk's own rules for lists differ per function. Only the functions in FUNCTIONS exist here.
import { subnetTest } from '../ip.js';
import { QuerySyntaxError, type EventValue } from '../types.js';
import { fieldValues, type WorkEvent } from './event-fields.js';
import type { BinaryOp, ExprNode } from './eval-parse.js';
import { pcreToRegExp } from './pcre.js';
import { parseSearchExpression } from './search-parse.js';
import { compileSearchNode, type EventTest } from './search-match.js';

export type Value = null | string | number | boolean | readonly string[];

function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function asText(value: Value): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value[0] ?? null;
  return String(value);
}

/** The single values of a value: a list's elements, or the value itself. */
function each(value: Value): (string | number | boolean)[] {
  if (value === null) return [];
  return Array.isArray(value) ? [...value] : [value as string | number | boolean];
}

/** -1, 0 or 1; numbers as numbers when both sides are, text as text (code-unit order) otherwise. */
function order(a: string | number | boolean, b: string | number | boolean): number {
  const x = asNumber(a as Value);
  const y = asNumber(b as Value);
  if (x !== undefined && y !== undefined) return Math.sign(x - y);
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** A comparison of two values, true when any pair of their single values passes. */
function comparison(test: (sign: number) => boolean): (a: Value, b: Value) => Value {
  return (a, b) => {
    if (a === null || b === null) return null;
    return each(a).some((x) => each(b).some((y) => test(order(x, y))));
  };
}

function arithmetic(op: (x: number, y: number) => number): (a: Value, b: Value) => Value {
  return (a, b) => {
    const x = asNumber(a);
    const y = asNumber(b);
    return x === undefined || y === undefined ? null : op(x, y);
  };
}

/** `+` adds numbers and joins two texts that are not both numbers. */
function plus(a: Value, b: Value): Value {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x + y;
  return typeof a === 'string' && typeof b === 'string' ? a + b : null;
}

const regexCache = new Map<string, RegExp>();

function regexOf(pattern: string, offset: number): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = pcreToRegExp(pattern, offset);
    regexCache.set(pattern, re);
  }
  return re;
}

/** SQL LIKE as a RegExp: `%` any run of characters, `_` exactly one. */
function likeRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'su');
}

function like(a: Value, b: Value): Value {
  const pattern = asText(b);
  if (a === null || pattern === null) return null;
  const re = likeRegExp(pattern);
  return each(a).some((x) => re.test(String(x)));
}

/** Binary operators: logical ones are evaluated in `evaluate` (they decide by their operands). */
const OPERATORS: Readonly<Record<Exclude<BinaryOp, 'AND' | 'OR'>, (a: Value, b: Value) => Value>> = {
  '=': comparison((s) => s === 0),
  '==': comparison((s) => s === 0),
  '!=': comparison((s) => s !== 0),
  '<': comparison((s) => s < 0),
  '<=': comparison((s) => s <= 0),
  '>': comparison((s) => s > 0),
  '>=': comparison((s) => s >= 0),
  LIKE: like,
  '+': plus,
  '-': arithmetic((x, y) => x - y),
  '*': arithmetic((x, y) => x * y),
  '/': arithmetic((x, y) => x / y),
  '%': arithmetic((x, y) => x % y),
  '.': (a, b) => (a === null || b === null ? null : `${asText(a)}${asText(b)}`),
};

interface Context {
  event: WorkEvent;
  source: string;
}

interface FunctionSpec {
  arity: readonly [min: number, max: number];
  /** Checks what can be checked before any event (literal regexes and searches); throws QuerySyntaxError. */
  check?: (args: ExprNode[]) => void;
  /** `node` is the call (for error offsets), `event` the event under evaluation (for searchmatch). */
  call: (args: Value[], node: ExprNode, event: WorkEvent) => Value;
}

const searchCache = new Map<string, EventTest>();

function searchOf(search: string): EventTest {
  let test = searchCache.get(search);
  if (!test) {
    test = compileSearchNode(parseSearchExpression(search, 0), search);
    searchCache.set(search, test);
  }
  return test;
}

function literalText(node: ExprNode | undefined): string | undefined {
  return node?.kind === 'literal' && typeof node.value === 'string' ? node.value : undefined;
}

const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  if: { arity: [3, 3], call: ([cond, then, otherwise]) => (cond === true ? then : otherwise) },
  isnull: { arity: [1, 1], call: ([v]) => v === null },
  isnotnull: { arity: [1, 1], call: ([v]) => v !== null },
  coalesce: { arity: [1, Infinity], call: (args) => args.find((v) => v !== null) ?? null },
  true: { arity: [0, 0], call: () => true },
  false: { arity: [0, 0], call: () => false },
  null: { arity: [0, 0], call: () => null },
  lower: { arity: [1, 1], call: ([v]) => asText(v)?.toLowerCase() ?? null },
  upper: { arity: [1, 1], call: ([v]) => asText(v)?.toUpperCase() ?? null },
  len: { arity: [1, 1], call: ([v]) => asText(v)?.length ?? null },
  match: {
    arity: [2, 2],
    check: ([, re]) => {
      const pattern = literalText(re);
      if (pattern !== undefined && re) regexOf(pattern, re.start);
    },
    call: ([v, re], node) => {
      const pattern = asText(re);
      if (v === null || pattern === null) return null;
      const regex = regexOf(pattern, node.start);
      return each(v).some((x) => regex.test(String(x)));
    },
  },
  like: { arity: [2, 2], call: ([v, p]) => like(v, p) },
  cidrmatch: {
    arity: [2, 2],
    call: ([cidr, ip]) => {
      const inBlock = subnetTest(asText(cidr) ?? '');
      if (ip === null || !inBlock) return null;
      return each(ip).some((x) => inBlock(String(x)));
    },
  },
  searchmatch: {
    arity: [1, 1],
    check: ([search]) => {
      const text = literalText(search);
      if (text !== undefined) searchOf(text);
    },
    call: ([search], _node, event) => {
      const text = asText(search);
      return text === null ? null : searchOf(text)(event).matched;
    },
  },
};

/** Checks function names, arities and literal arguments before any event is seen. */
export function checkExpression(node: ExprNode): void {
  switch (node.kind) {
    case 'call': {
      const spec = FUNCTIONS[node.name];
      if (!spec) throw new QuerySyntaxError(`unknown function '${node.name}'`, node.start);
      const [min, max] = spec.arity;
      if (node.args.length < min || node.args.length > max) throw new QuerySyntaxError(`${node.name}() takes ${min === max ? min : `${min} or more`} arguments`, node.start);
      try {
        spec.check?.(node.args);
      } catch (error) {
        // A searchmatch() string has offsets of its own; report the argument's place instead.
        if (error instanceof QuerySyntaxError && node.name === 'searchmatch') throw new QuerySyntaxError(`in searchmatch(): ${error.message}`, node.args[0].start);
        throw error;
      }
      node.args.forEach(checkExpression);
      return;
    }
    case 'not':
    case 'negate':
      return checkExpression(node.arg);
    case 'binary':
      checkExpression(node.left);
      return checkExpression(node.right);
    default:
      return;
  }
}

function fieldValue(event: WorkEvent, name: string): Value {
  const values = fieldValues(event, name);
  return values.length === 0 ? null : values.length === 1 ? values[0] : values;
}

/** The value of an expression, and the smallest sub-expression that decided it (for logic). */
export function evaluate(node: ExprNode, context: Context): { value: Value; decidedBy: string } {
  const text = context.source.slice(node.start, node.end);
  const valueOf = (n: ExprNode): Value => evaluate(n, context).value;
  switch (node.kind) {
    case 'literal':
      return { value: node.value, decidedBy: text };
    case 'field':
      return { value: fieldValue(context.event, node.name), decidedBy: text };
    case 'negate': {
      const n = asNumber(valueOf(node.arg));
      return { value: n === undefined ? null : -n, decidedBy: text };
    }
    case 'not': {
      const inner = evaluate(node.arg, context);
      const value = typeof inner.value === 'boolean' ? !inner.value : null;
      return { value, decidedBy: node.arg.kind === 'binary' && (node.arg.op === 'AND' || node.arg.op === 'OR') ? inner.decidedBy : text };
    }
    case 'call':
      return { value: FUNCTIONS[node.name].call(node.args.map(valueOf), node, context.event), decidedBy: text };
    case 'binary': {
      if (node.op === 'AND' || node.op === 'OR') {
        // AND stops at an operand that is not true, OR at one that is.
        const decisive = node.op === 'OR';
        for (const operand of [node.left, node.right]) {
          const outcome = evaluate(operand, context);
          if ((outcome.value === true) === decisive) return { value: decisive ? true : outcome.value === false ? false : null, decidedBy: outcome.decidedBy };
        }
        return { value: !decisive, decidedBy: text };
      }
      return { value: OPERATORS[node.op](valueOf(node.left), valueOf(node.right)), decidedBy: text };
    }
  }
}

/** Stores an eval result in the working event: null removes the field, as eval does. */
export function assign(event: WorkEvent, field: string, value: Value): void {
  if (value === null) delete event[field];
  else event[field] = value as EventValue;
}
