// The expressions of `where` and `eval` (Search Reference, "eval" and "where"; "Functions for eval
// and where") into an AST. Precedence as the Search Manual's "Boolean expressions" gives it for
// these commands — parentheses, NOT, AND, OR — with comparisons and arithmetic binding tighter:
//
//   or      := and ("OR" and)*
//   and     := not ("AND" not)*
//   not     := "NOT" not | compare
//   compare := sum (("=" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE") sum)?
//   sum     := product (("+" | "-" | ".") product)*
//   product := unary (("*" | "/" | "%") unary)*
//   unary   := "-" unary | primary
//   primary := number | "string" | 'field' | field | name "(" args ")" | "(" or ")"
//
// Unlike the search command, a double-quoted text is a string and a single-quoted one a field
// name; a bare name is a field (its letters, digits and `_` only: `.` is concatenation).
import { QuerySyntaxError } from '../types.js';
import { readQuoted, type Span } from './search-parse.js';

export const BINARY_OPS = ['OR', 'AND', '=', '==', '!=', '<', '<=', '>', '>=', 'LIKE', '+', '-', '.', '*', '/', '%'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type ExprNode = Span &
  (
    | { kind: 'literal'; value: string | number }
    | { kind: 'field'; name: string }
    | { kind: 'call'; name: string; args: ExprNode[] }
    | { kind: 'not'; arg: ExprNode }
    | { kind: 'negate'; arg: ExprNode }
    | { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode }
  );

type Token = Span &
  (
    | { kind: 'number'; value: number }
    | { kind: 'string' | 'quotedField' | 'name'; text: string }
    | { kind: 'punct'; text: string }
  );

/** Longest first, so `==` is not read as two `=`. */
const PUNCTUATION = ['==', '!=', '<=', '>=', '=', '<', '>', '+', '-', '.', '*', '/', '%', '(', ')', ','];

function tokenize(text: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const start = base + i;
    const rest = text.slice(i);
    const number = /^\d+(\.\d+)?/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), start, end: start + number[0].length });
      i += number[0].length;
    } else if (name) {
      tokens.push({ kind: 'name', text: name[0], start, end: start + name[0].length });
      i += name[0].length;
    } else if (text[i] === '"') {
      const { value, next } = readQuoted(text, i, base);
      tokens.push({ kind: 'string', text: value, start, end: base + next });
      i = next;
    } else if (text[i] === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new QuerySyntaxError('unterminated quoted field name', start);
      tokens.push({ kind: 'quotedField', text: text.slice(i + 1, close), start, end: base + close + 1 });
      i = close + 1;
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (!punct) throw new QuerySyntaxError(`unexpected character '${text[i]}'`, start);
      tokens.push({ kind: 'punct', text: punct, start, end: start + punct.length });
      i += punct.length;
    }
  }
  return tokens;
}

/** Binary levels from loosest to tightest; each operator is a keyword (upper case) or punctuation. */
const LEVELS: readonly (readonly BinaryOp[])[] = [['OR'], ['AND'], ['=', '==', '!=', '<', '<=', '>', '>=', 'LIKE'], ['+', '-', '.'], ['*', '/', '%']];
/** Comparisons do not chain: `a < b < c` is an error, as in Splunk. */
const NON_ASSOCIATIVE = 2;
const NOT_LEVEL = 2;

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  parseAll(): ExprNode {
    const node = this.expression();
    this.expectEnd();
    return node;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t) throw new QuerySyntaxError('unexpected text after the expression', t.start);
  }

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  /** The operator the next token spells, if it is one of `ops`. */
  private operator(ops: readonly BinaryOp[]): BinaryOp | undefined {
    const t = this.peek();
    if (!t || (t.kind !== 'punct' && t.kind !== 'name')) return undefined;
    return ops.find((op) => op === t.text);
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === text;
  }

  expectPunct(text: string): Token {
    const t = this.peek();
    if (t?.kind !== 'punct' || t.text !== text) throw new QuerySyntaxError(`expected '${text}'`, t?.start ?? this.end);
    this.at++;
    return t;
  }

  /** The next token, which must be a name or quoted field name (eval's assigned field). */
  fieldName(): Token & { text: string } {
    const t = this.peek();
    if (t?.kind !== 'name' && t?.kind !== 'quotedField') throw new QuerySyntaxError('expected a field name', t?.start ?? this.end);
    this.at++;
    return t;
  }

  expression(level = 0): ExprNode {
    if (level === NOT_LEVEL) {
      const t = this.peek();
      if (t?.kind === 'name' && t.text === 'NOT') {
        this.at++;
        const arg = this.expression(NOT_LEVEL);
        return { kind: 'not', arg, start: t.start, end: arg.end };
      }
    }
    if (level === LEVELS.length) return this.unary();
    let left = this.expression(level + 1);
    for (let op = this.operator(LEVELS[level]); op; op = this.operator(LEVELS[level])) {
      this.at++;
      const right = this.expression(level + 1);
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
      if (level === NON_ASSOCIATIVE) break;
    }
    return left;
  }

  private unary(): ExprNode {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === '-') {
      this.at++;
      const arg = this.unary();
      return { kind: 'negate', arg, start: t.start, end: arg.end };
    }
    return this.primary();
  }

  private primary(): ExprNode {
    const t = this.peek();
    if (!t) throw new QuerySyntaxError('expected an expression', this.end);
    this.at++;
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'string':
        return { kind: 'literal', value: t.text, start: t.start, end: t.end };
      case 'quotedField':
        return { kind: 'field', name: t.text, start: t.start, end: t.end };
      case 'name': {
        if (!this.isPunct('(')) return { kind: 'field', name: t.text, start: t.start, end: t.end };
        this.at++;
        const args: ExprNode[] = [];
        if (!this.isPunct(')')) {
          args.push(this.expression());
          while (this.isPunct(',')) {
            this.at++;
            args.push(this.expression());
          }
        }
        const close = this.expectPunct(')');
        return { kind: 'call', name: t.text, args, start: t.start, end: close.end };
      }
      case 'punct': {
        if (t.text !== '(') throw new QuerySyntaxError(`unexpected '${t.text}'`, t.start);
        const inner = this.expression();
        const close = this.expectPunct(')');
        return { ...inner, start: t.start, end: close.end };
      }
    }
  }
}

/** A `where` expression. */
export function parseExpression(text: string, base: number): ExprNode {
  return new Parser(tokenize(text, base), base + text.length).parseAll();
}

/** An `eval` stage's arguments: `field=expression` assignments, separated by commas. */
export function parseAssignments(text: string, base: number): { field: string; expr: ExprNode }[] {
  const parser = new Parser(tokenize(text, base), base + text.length);
  const assignments: { field: string; expr: ExprNode }[] = [];
  do {
    if (assignments.length > 0) parser.expectPunct(',');
    const field = parser.fieldName().text;
    parser.expectPunct('=');
    assignments.push({ field, expr: parser.expression() });
  } while (parser.isPunct(','));
  parser.expectEnd();
  return assignments;
}
