// Lucene's regular expressions (org.apache.lucene.util.automaton.RegExp), as query_string's
// `/.../` terms are read: QueryStringQueryParser.getRegexpQuerySingle passes
// `RegExp.ALL | RegExp.DEPRECATED_COMPLEMENT`, so every optional operator is on — `&`
// (intersection), `~` (complement), `#` (empty language), `@` (any string), `<n-m>` (numeric
// interval), `<name>` (named automaton, of which query_string has none: an error). The match is of
// the whole value, never a search. Not JavaScript's dialect: no `^`/`$` anchors or lookaround,
// `"..."` is a literal string, `(?:` is `(` then the literal characters `?:`, a character class
// needs its reserved characters escaped too (`[+-]` is the range `+`..`]`…), `.` is any code point
// including a newline, `\d` `\s` `\w` are [0-9], [ \t\n\r], [a-zA-Z_0-9], and a backslash before
// any other letter is an error.
//
// Matching follows the language rather than a backtracking engine: the set of positions a
// sub-expression can end at from a start, memoised per match, which makes intersection and
// complement as exact as the rest.
import { QuerySyntaxError } from '../types.js';

export type RegExpNode =
  | { kind: 'chars'; test: (codePoint: number) => boolean }
  | { kind: 'string'; codePoints: number[] }
  | { kind: 'empty' } // `#`: matches nothing
  | { kind: 'anyString' } // `@`
  | { kind: 'interval'; min: number; max: number; digits: number }
  | { kind: 'union' | 'concat' | 'intersection'; left: RegExpNode; right: RegExpNode }
  | { kind: 'complement'; inner: RegExpNode }
  | { kind: 'repeat'; inner: RegExpNode; min: number; max: number }; // max Infinity: unbounded

const PREDEFINED: Record<string, (c: number) => boolean> = {
  d: (c) => c >= 0x30 && c <= 0x39,
  s: (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d,
  w: (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f,
};
for (const k of ['d', 's', 'w']) PREDEFINED[k.toUpperCase()] = (c) => !PREDEFINED[k](c);

const ANY_CHAR: RegExpNode = { kind: 'chars', test: () => true };

/** Parses a regexp term's body; `offset` is where it starts in the query, for errors. */
export function parseRegExp(source: string, offset: number): RegExpNode {
  return new RegExpParser(source, offset).parse();
}

/** RegExp's recursive descent (parseUnionExp … parseCharExp), with every syntax flag on. */
class RegExpParser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly offset: number,
  ) {}

  parse(): RegExpNode {
    if (this.source === '') return { kind: 'string', codePoints: [] };
    const node = this.unionExp();
    if (this.more()) this.fail('end of regular expression expected');
    return node;
  }

  private fail(message: string, at = this.pos): never {
    throw new QuerySyntaxError(`invalid regular expression: ${message}`, this.offset + at);
  }

  private more(): boolean {
    return this.pos < this.source.length;
  }

  private peek(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.source.codePointAt(this.pos)!));
  }

  private match(c: string): boolean {
    if (this.source.startsWith(c, this.pos)) {
      this.pos += c.length;
      return true;
    }
    return false;
  }

  private next(): number {
    if (!this.more()) this.fail('unexpected end');
    const c = this.source.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private unionExp(): RegExpNode {
    const left = this.interExp();
    return this.match('|') ? { kind: 'union', left, right: this.unionExp() } : left;
  }

  private interExp(): RegExpNode {
    const left = this.concatExp();
    return this.match('&') ? { kind: 'intersection', left, right: this.interExp() } : left;
  }

  private concatExp(): RegExpNode {
    const left = this.repeatExp();
    return this.more() && !this.peek(')|&') ? { kind: 'concat', left, right: this.concatExp() } : left;
  }

  private repeatExp(): RegExpNode {
    let node = this.complExp();
    while (this.peek('?*+{')) {
      if (this.match('?')) node = { kind: 'repeat', inner: node, min: 0, max: 1 };
      else if (this.match('*')) node = { kind: 'repeat', inner: node, min: 0, max: Infinity };
      else if (this.match('+')) node = { kind: 'repeat', inner: node, min: 1, max: Infinity };
      else {
        this.match('{');
        const min = this.integer();
        if (min === undefined) this.fail('integer expected');
        const max = this.match(',') ? (this.integer() ?? Infinity) : min;
        if (!this.match('}')) this.fail("'}' expected");
        node = { kind: 'repeat', inner: node, min, max };
      }
    }
    return node;
  }

  private integer(): number | undefined {
    const digits = /^[0-9]+/.exec(this.source.slice(this.pos))?.[0];
    if (digits === undefined) return undefined;
    this.pos += digits.length;
    return Number(digits);
  }

  private complExp(): RegExpNode {
    return this.match('~') ? { kind: 'complement', inner: this.complExp() } : this.charClassExp();
  }

  private charClassExp(): RegExpNode {
    if (!this.match('[')) return this.simpleExp();
    const negate = this.match('^');
    let node = this.charClass();
    while (this.more() && !this.peek(']')) node = { kind: 'union', left: node, right: this.charClass() };
    if (negate) node = { kind: 'intersection', left: ANY_CHAR, right: { kind: 'complement', inner: node } };
    if (!this.match(']')) this.fail("']' expected");
    return node;
  }

  private charClass(): RegExpNode {
    const predefined = this.predefinedClass();
    if (predefined) return predefined;
    const from = this.charExp();
    if (!this.match('-')) return { kind: 'string', codePoints: [from] };
    const to = this.charExp();
    if (from > to) this.fail(`invalid range ${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`);
    return { kind: 'chars', test: (c) => c >= from && c <= to };
  }

  /** RegExp.matchPredefinedCharacterClass: consumes the backslash even when nothing is predefined. */
  private predefinedClass(): RegExpNode | undefined {
    if (!this.match('\\')) return undefined;
    if (this.peek('dDsSwW')) return { kind: 'chars', test: PREDEFINED[String.fromCodePoint(this.next())] };
    if (this.peek('\\')) return { kind: 'string', codePoints: [this.next()] };
    if (this.peek('abcefghijklmnopqrtuvxyzABCEFGHIJKLMNOPQRTUVXYZ')) this.fail(`invalid character class \\${this.source[this.pos]}`, this.pos - 1);
    return undefined;
  }

  private simpleExp(): RegExpNode {
    if (this.match('.')) return ANY_CHAR;
    if (this.match('#')) return { kind: 'empty' };
    if (this.match('@')) return { kind: 'anyString' };
    if (this.match('"')) {
      const start = this.pos;
      while (this.more() && !this.peek('"')) this.next();
      if (!this.match('"')) this.fail(`'"' expected`);
      return { kind: 'string', codePoints: [...this.source.slice(start, this.pos - 1)].map((c) => c.codePointAt(0)!) };
    }
    if (this.match('(')) {
      if (this.match(')')) return { kind: 'string', codePoints: [] };
      const node = this.unionExp();
      if (!this.match(')')) this.fail("')' expected");
      return node;
    }
    if (this.match('<')) return this.interval();
    return this.predefinedClass() ?? { kind: 'string', codePoints: [this.charExp()] };
  }

  /** `<n-m>`; without a dash it names an automaton, and query_string provides none. */
  private interval(): RegExpNode {
    const start = this.pos;
    while (this.more() && !this.peek('>')) this.next();
    if (!this.match('>')) this.fail("'>' expected");
    const body = this.source.slice(start, this.pos - 1);
    const bounds = /^([0-9]+)-([0-9]+)$/.exec(body);
    if (!body.includes('-')) this.fail(`no automaton named <${body}>`);
    if (!bounds) this.fail('interval syntax error');
    const [a, b] = [Number(bounds[1]), Number(bounds[2])];
    return { kind: 'interval', min: Math.min(a, b), max: Math.max(a, b), digits: bounds[1].length === bounds[2].length ? bounds[1].length : 0 };
  }

  private charExp(): number {
    this.match('\\');
    return this.next();
  }
}

/** Whether the regexp matches the whole value. */
export function matchesRegExp(node: RegExpNode, value: string): boolean {
  const text = [...value].map((c) => c.codePointAt(0)!);
  return new Matcher(text).ends(node, 0).includes(text.length);
}

/** The positions each sub-expression can end at from a start, memoised for one value. */
class Matcher {
  private readonly memo = new Map<RegExpNode, Map<number, number[]>>();

  constructor(private readonly text: number[]) {}

  ends(node: RegExpNode, start: number): number[] {
    let byStart = this.memo.get(node);
    if (!byStart) this.memo.set(node, (byStart = new Map()));
    let result = byStart.get(start);
    if (!result) byStart.set(start, (result = this.compute(node, start)));
    return result;
  }

  private all(start: number): number[] {
    return Array.from({ length: this.text.length - start + 1 }, (_, i) => start + i);
  }

  private compute(node: RegExpNode, start: number): number[] {
    const { text } = this;
    switch (node.kind) {
      case 'chars':
        return start < text.length && node.test(text[start]) ? [start + 1] : [];
      case 'string':
        return node.codePoints.every((c, i) => text[start + i] === c) ? [start + node.codePoints.length] : [];
      case 'empty':
        return [];
      case 'anyString':
        return this.all(start);
      case 'interval':
        return this.interval(node, start);
      case 'union':
        return sortedUnion([this.ends(node.left, start), this.ends(node.right, start)]);
      case 'concat':
        return sortedUnion(this.ends(node.left, start).map((mid) => this.ends(node.right, mid)));
      case 'intersection': {
        const right = new Set(this.ends(node.right, start));
        return this.ends(node.left, start).filter((end) => right.has(end));
      }
      case 'complement': {
        const inner = new Set(this.ends(node.inner, start));
        return this.all(start).filter((end) => !inner.has(end));
      }
      case 'repeat':
        return this.repeat(node, start);
    }
  }

  private repeat(node: Extract<RegExpNode, { kind: 'repeat' }>, start: number): number[] {
    // `.*` and `.{n,}`, the commonest by far, without walking the value once per position.
    if (node.inner === ANY_CHAR && node.max === Infinity) return start + node.min <= this.text.length ? this.all(start + node.min) : [];
    const found = new Set<number>(node.min === 0 ? [start] : []);
    let frontier = [start];
    const seen = new Set<number>();
    for (let count = 1; count <= node.max && frontier.length > 0; count++) {
      const next = new Set<number>();
      for (const position of frontier) for (const end of this.ends(node.inner, position)) next.add(end);
      frontier = [];
      for (const end of next) {
        if (count >= node.min) found.add(end);
        // Past the minimum, a position already expanded adds nothing new (the loop ends on the empty string).
        if (count < node.min || !seen.has(end)) frontier.push(end);
        if (count >= node.min) seen.add(end);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** Automata.makeDecimalInterval: a decimal in range; `digits` > 0 fixes the length (zero-padded). */
  private interval(node: Extract<RegExpNode, { kind: 'interval' }>, start: number): number[] {
    const ends: number[] = [];
    let value = 0;
    for (let end = start; end < this.text.length && this.text[end] >= 0x30 && this.text[end] <= 0x39; end++) {
      value = value * 10 + (this.text[end] - 0x30);
      const length = end + 1 - start;
      if (value >= node.min && value <= node.max && (node.digits === 0 || length === node.digits)) ends.push(end + 1);
    }
    return ends;
  }
}

function sortedUnion(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}
