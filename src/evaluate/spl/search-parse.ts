// The search command's expression (what detctl writes before the first `|`, and after `| search`)
// into an AST. Grammar, as Splunk's Search Manual ("Boolean expressions with logical operators")
// orders it: parentheses, then NOT, then OR, then AND — AND binds loosest and is implied between
// terms; the operators are upper case only.
//
//   and     := or (("AND")? or)*
//   or      := not ("OR" not)*
//   not     := "NOT" not | primary
//   primary := "(" and ")" | field op value | field "IN" "(" value ("," value)* ")" | value
//   value   := word | "quoted" | CASE(value) | TERM(value)
//
// A quoted field name (`"c-uri"="x"`, as detctl writes names outside [\p{L}\p{N}_.]) is a field
// when an operator follows it. Inside quotes `\\` and `\"` are escapes; any other backslash is
// itself (Search Manual, "Backslashes": the backslash cannot escape the asterisk, so `\*` is a
// backslash followed by a wildcard).
import { QuerySyntaxError } from '../types.js';

export interface Span {
  start: number;
  end: number;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A value as written: `*` in its text is a wildcard; `cased` from CASE(), which makes it case-sensitive. */
export interface SearchValue {
  text: string;
  cased: boolean;
}

export type SearchNode = Span &
  (
    | { kind: 'and' | 'or'; args: SearchNode[] }
    | { kind: 'not'; arg: SearchNode }
    | { kind: 'compare'; field: string; op: CompareOp; value: SearchValue }
    | { kind: 'in'; field: string; values: SearchValue[] }
    | { kind: 'keyword'; value: SearchValue }
  );

type Token = Span &
  (
    | { kind: '(' | ')' | ',' }
    | { kind: 'op'; op: CompareOp }
    | { kind: 'word' | 'quoted'; text: string }
  );

const OPERATORS: readonly CompareOp[] = ['!=', '<=', '>=', '=', '<', '>'];
/** What ends a bare word besides white space: grouping, list commas, quotes and operators. */
const WORD_END = /[\s()",=<>]|!=/y;

function tokenize(text: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = base + i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, start, end: start + 1 });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', op, start, end: start + op.length });
      i += op.length;
      continue;
    }
    if (c === '"') {
      const { value, next } = readQuoted(text, i, base);
      tokens.push({ kind: 'quoted', text: value, start, end: base + next });
      i = next;
      continue;
    }
    let j = i;
    while (j < text.length && !matchesAt(WORD_END, text, j)) j++;
    tokens.push({ kind: 'word', text: text.slice(i, j), start, end: base + j });
    i = j;
  }
  return tokens;
}

function matchesAt(sticky: RegExp, text: string, at: number): boolean {
  sticky.lastIndex = at;
  return sticky.test(text);
}

/**
 * A double-quoted string at `text[open]`: its value with `\\` and `\"` unescaped, and the index
 * after its closing quote. Shared by the other commands' quoted arguments.
 */
export function readQuoted(text: string, open: number, base: number): { value: string; next: number } {
  let value = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { value, next: i + 1 };
    if (c === '\\' && (text[i + 1] === '\\' || text[i + 1] === '"')) {
      value += text[++i];
    } else value += c;
  }
  throw new QuerySyntaxError('unterminated quoted string', base + open);
}

/** Directives that wrap a value (Search Manual, "Use CASE() and TERM() to match phrases"). */
const DIRECTIVES = ['CASE', 'TERM'] as const;

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  parse(): SearchNode {
    if (this.tokens.length === 0) throw new QuerySyntaxError('empty search expression', this.end);
    const node = this.and();
    const extra = this.peek();
    if (extra) throw new QuerySyntaxError(`unexpected '${describe(extra)}'`, extra.start);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private isWord(token: Token | undefined, text: string): boolean {
    return token?.kind === 'word' && token.text === text;
  }

  private startsOperand(): boolean {
    const t = this.peek();
    return t !== undefined && t.kind !== ')' && !this.isWord(t, 'OR') && !this.isWord(t, 'AND');
  }

  private and(): SearchNode {
    const args = [this.or()];
    for (;;) {
      if (this.isWord(this.peek(), 'AND')) this.at++;
      else if (!this.startsOperand()) break;
      args.push(this.or());
    }
    return combine('and', args);
  }

  private or(): SearchNode {
    const args = [this.not()];
    while (this.isWord(this.peek(), 'OR')) {
      this.at++;
      args.push(this.not());
    }
    return combine('or', args);
  }

  private not(): SearchNode {
    const t = this.peek();
    if (this.isWord(t, 'NOT') && t) {
      this.at++;
      const arg = this.not();
      return { kind: 'not', arg, start: t.start, end: arg.end };
    }
    return this.primary();
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t?.kind !== kind) throw new QuerySyntaxError(`expected ${what}`, t?.start ?? this.end);
    this.at++;
    return t;
  }

  private primary(): SearchNode {
    const t = this.peek();
    if (t === undefined) throw new QuerySyntaxError('expected a search term', this.end);
    if (t.kind === '(') {
      this.at++;
      const inner = this.and();
      const close = this.expect(')', "')'");
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.kind !== 'word' && t.kind !== 'quoted') throw new QuerySyntaxError(`unexpected '${describe(t)}'`, t.start);
    const next = this.peek(1);
    if (next?.kind === 'op') {
      this.at += 2;
      const value = this.value();
      return { kind: 'compare', field: t.text, op: next.op, value: value.value, start: t.start, end: value.end };
    }
    if (this.isWord(next, 'IN') && this.peek(2)?.kind === '(') {
      this.at += 3;
      const values = [this.value().value];
      while (this.peek()?.kind === ',') {
        this.at++;
        values.push(this.value().value);
      }
      const close = this.expect(')', "',' or ')' in the IN list");
      return { kind: 'in', field: t.text, values, start: t.start, end: close.end };
    }
    const value = this.value();
    return { kind: 'keyword', value: value.value, start: t.start, end: value.end };
  }

  private value(): { value: SearchValue; end: number } {
    const t = this.peek();
    if (t?.kind !== 'word' && t?.kind !== 'quoted') throw new QuerySyntaxError('expected a value', t?.start ?? this.end);
    this.at++;
    const directive = DIRECTIVES.find((d) => t.kind === 'word' && t.text === d);
    const open = this.peek();
    if (directive && open?.kind === '(' && open.start === t.end) {
      this.at++;
      const inner = this.value();
      const close = this.expect(')', `')' closing ${directive}(`);
      return { value: { text: inner.value.text, cased: inner.value.cased || directive === 'CASE' }, end: close.end };
    }
    return { value: { text: t.text, cased: false }, end: t.end };
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'op':
      return token.op;
    case 'word':
      return token.text;
    case 'quoted':
      return `"${token.text}"`;
    default:
      return token.kind;
  }
}

function combine(kind: 'and' | 'or', args: SearchNode[]): SearchNode {
  return args.length === 1 ? args[0] : { kind, args, start: args[0].start, end: args[args.length - 1].end };
}

/** `text` is the expression; `base` its offset in the whole search, for spans and errors. */
export function parseSearchExpression(text: string, base: number): SearchNode {
  return new Parser(tokenize(text, base), base + text.length).parse();
}
