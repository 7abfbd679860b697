// Lucene's own pattern languages, as WildcardQuery and RegexpQuery read them: a pattern always
// matches the WHOLE term (there are no anchors), and works on code points.
//  - WildcardQuery.toAutomaton: `*` any string, `?` one character, `\` escapes the next one.
//  - org.apache.lucene.util.automaton.RegExp with the flags query_string passes
//    (QueryStringQueryParser.getRegexpQuerySingle: RegExp.ALL | RegExp.DEPRECATED_COMPLEMENT):
//    `|` union, `&` intersection, `~` complement, `? * + {n} {n,} {n,m}`, `[...]`/`[^...]` classes
//    with ranges and `\d \D \s \S \w \W`, `.` any character, `@` any string, `#` the empty
//    language, `"..."` a literal string, `()` the empty string, `<n-m>` a decimal interval, and
//    `\` escaping. `^` and `$` are ordinary characters. Named automata (`<name>`) are not offered.
// Java regexes differ, and so do JavaScript's, so instead of translating, patterns are parsed into
// a small tree and matched here: each node answers the set of positions where it can end.
import { illegalArgument, type EsHttpError } from '../es-errors.js';

export type PatternNode =
  | { t: 'char'; test: (cp: number) => boolean }
  | { t: 'literal'; cps: number[] }
  | { t: 'concat'; parts: PatternNode[] }
  | { t: 'union'; alternatives: PatternNode[] }
  | { t: 'intersection'; left: PatternNode; right: PatternNode }
  | { t: 'complement'; inner: PatternNode }
  | { t: 'repeat'; inner: PatternNode; min: number; max: number }
  | { t: 'anyString' }
  | { t: 'nothing' }
  | { t: 'interval'; min: number; max: number; digits: number };

/** True when `pattern` matches all of `value`. */
export function matchesWhole(pattern: PatternNode, value: string): boolean {
  const cps = Array.from(value, (c) => c.codePointAt(0) as number);
  return ends(pattern, cps, 0).has(cps.length);
}

/** WildcardQuery's reading of a pattern (escapes still in it). */
export function parseWildcard(pattern: string): PatternNode {
  const parts: PatternNode[] = [];
  const cps = Array.from(pattern, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < cps.length; i++) {
    const c = String.fromCodePoint(cps[i]);
    if (c === '*') parts.push({ t: 'anyString' });
    else if (c === '?') parts.push({ t: 'char', test: () => true });
    // A trailing backslash stands for itself (WildcardQuery.toAutomaton).
    else if (c === '\\' && i + 1 < cps.length) parts.push({ t: 'literal', cps: [cps[++i]] });
    else parts.push({ t: 'literal', cps: [cps[i]] });
  }
  return { t: 'concat', parts };
}

const WORD = (cp: number) => (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
const DIGIT = (cp: number) => cp >= 48 && cp <= 57;
const SPACE = (cp: number) => cp === 32 || (cp >= 9 && cp <= 13);
/** RegExp's predefined classes (`\d` is [0-9], `\s` [ \t\n\r\f\v]... ASCII only, as in Lucene). */
const PREDEFINED: Record<string, (cp: number) => boolean> = {
  d: DIGIT,
  D: (cp) => !DIGIT(cp),
  s: SPACE,
  S: (cp) => !SPACE(cp),
  w: WORD,
  W: (cp) => !WORD(cp),
};

/**
 * Parses a RegExp (RegExp.ALL | DEPRECATED_COMPLEMENT), or throws the IllegalArgumentException
 * RegExp throws, as ES reports it ("expected ')' at position 7").
 */
export function parseRegexp(pattern: string): PatternNode {
  return new RegexpParser(pattern).parse();
}

class RegexpParser {
  private readonly cps: number[];
  private pos = 0;

  constructor(source: string) {
    this.cps = Array.from(source, (c) => c.codePointAt(0) as number);
  }

  parse(): PatternNode {
    // new RegExp(""): the empty string; otherwise every alternative needs one expression at least.
    if (this.cps.length === 0) return { t: 'literal', cps: [] };
    const node = this.union();
    if (this.pos < this.cps.length) throw this.error(`end-of-string expected at position ${this.pos}`);
    return node;
  }

  // The grammar of RegExp's javadoc, one method per production, lowest precedence first.
  private union(): PatternNode {
    const alternatives = [this.intersection()];
    while (this.match('|')) alternatives.push(this.intersection());
    return alternatives.length === 1 ? alternatives[0] : { t: 'union', alternatives };
  }

  private intersection(): PatternNode {
    const left = this.concatenation();
    return this.match('&') ? { t: 'intersection', left, right: this.intersection() } : left;
  }

  private concatenation(): PatternNode {
    const parts: PatternNode[] = [this.repeat()];
    while (this.more() && !this.peekIs(')|&')) parts.push(this.repeat());
    return parts.length === 1 ? parts[0] : { t: 'concat', parts };
  }

  private repeat(): PatternNode {
    let node = this.complement();
    for (;;) {
      if (this.match('?')) node = { t: 'repeat', inner: node, min: 0, max: 1 };
      else if (this.match('*')) node = { t: 'repeat', inner: node, min: 0, max: Infinity };
      else if (this.match('+')) node = { t: 'repeat', inner: node, min: 1, max: Infinity };
      else if (this.match('{')) {
        const start = this.pos;
        const min = this.number();
        if (min === undefined) throw this.error(`integer expected at position ${this.pos}`);
        let max = min;
        if (this.match(',')) max = this.number() ?? Infinity;
        if (!this.match('}')) throw this.error(`expected '}' at position ${this.pos}`);
        if (max < min) throw this.error(`invalid repetition bounds at position ${start}`);
        node = { t: 'repeat', inner: node, min, max };
      } else return node;
    }
  }

  private complement(): PatternNode {
    return this.match('~') ? { t: 'complement', inner: this.complement() } : this.characterClassOrSimple();
  }

  private characterClassOrSimple(): PatternNode {
    if (!this.match('[')) return this.simple();
    const negate = this.match('^');
    const tests: ((cp: number) => boolean)[] = [];
    while (this.more() && !this.peekIs(']')) {
      const predefined = this.predefinedClass();
      if (predefined) {
        tests.push(predefined);
        continue;
      }
      const from = this.charExpression();
      // parseCharClass: a `-` always makes a range, so `[a-]` is the range a..] (and refused).
      if (this.match('-')) {
        const to = this.charExpression();
        if (to < from) throw this.error(`invalid range: from (${from}) cannot be > to (${to})`);
        tests.push((cp) => cp >= from && cp <= to);
      } else tests.push((cp) => cp === from);
    }
    if (!this.match(']')) throw this.error(`expected ']' at position ${this.pos}`);
    const any = (cp: number) => tests.some((test) => test(cp));
    return { t: 'char', test: negate ? (cp) => !any(cp) : any };
  }

  private simple(): PatternNode {
    if (!this.more()) throw this.error('unexpected end-of-string');
    if (this.match('.')) return { t: 'char', test: () => true };
    if (this.match('#')) return { t: 'nothing' };
    if (this.match('@')) return { t: 'anyString' };
    if (this.match('"')) {
      const start = this.pos;
      while (this.more() && !this.peekIs('"')) this.pos++;
      if (!this.match('"')) throw this.error(`expected '"' at position ${this.pos}`);
      return { t: 'literal', cps: this.cps.slice(start, this.pos - 1) };
    }
    if (this.match('(')) {
      if (this.match(')')) return { t: 'literal', cps: [] };
      const inner = this.union();
      if (!this.match(')')) throw this.error(`expected ')' at position ${this.pos}`);
      return inner;
    }
    if (this.match('<')) {
      const start = this.pos;
      while (this.more() && !this.peekIs('>')) this.pos++;
      if (!this.match('>')) throw this.error(`expected '>' at position ${this.pos}`);
      const body = String.fromCodePoint(...this.cps.slice(start, this.pos - 1));
      const interval = /^(\d+)-(\d+)$/.exec(body);
      if (!interval) throw this.error(`'${body}' not found`);
      const [low, high] = [Number(interval[1]), Number(interval[2])];
      // Bounds written with the same number of digits fix the width (leading zeros count).
      const digits = interval[1].length === interval[2].length ? interval[1].length : 0;
      return { t: 'interval', min: Math.min(low, high), max: Math.max(low, high), digits };
    }
    const predefined = this.predefinedClass();
    if (predefined) return { t: 'char', test: predefined };
    const cp = this.charExpression();
    return { t: 'literal', cps: [cp] };
  }

  private predefinedClass(): ((cp: number) => boolean) | undefined {
    if (!this.peekIs('\\')) return undefined;
    const next = this.cps[this.pos + 1];
    const test = next === undefined ? undefined : PREDEFINED[String.fromCodePoint(next)];
    if (test) this.pos += 2;
    return test;
  }

  private charExpression(): number {
    if (this.match('\\')) {
      if (!this.more()) throw this.error('unexpected end-of-string');
    }
    if (!this.more()) throw this.error('unexpected end-of-string');
    return this.cps[this.pos++];
  }

  private number(): number | undefined {
    const start = this.pos;
    while (this.more() && DIGIT(this.cps[this.pos])) this.pos++;
    return this.pos > start ? Number(String.fromCodePoint(...this.cps.slice(start, this.pos))) : undefined;
  }

  private more(): boolean {
    return this.pos < this.cps.length;
  }

  private peekIs(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.cps[this.pos]));
  }

  private match(char: string): boolean {
    if (this.more() && String.fromCodePoint(this.cps[this.pos]) === char) {
      this.pos++;
      return true;
    }
    return false;
  }

  private error(message: string): EsHttpError {
    return illegalArgument(message);
  }
}

/** Every position at which `node`, started at `start`, can end. */
function ends(node: PatternNode, cps: number[], start: number): Set<number> {
  switch (node.t) {
    case 'char':
      return start < cps.length && node.test(cps[start]) ? new Set([start + 1]) : new Set();
    case 'literal':
      return node.cps.every((cp, i) => cps[start + i] === cp) ? new Set([start + node.cps.length]) : new Set();
    case 'anyString':
      return range(start, cps.length);
    case 'nothing':
      return new Set();
    case 'concat': {
      let positions = new Set([start]);
      for (const part of node.parts) {
        const next = new Set<number>();
        for (const p of positions) for (const e of ends(part, cps, p)) next.add(e);
        positions = next;
        if (positions.size === 0) break;
      }
      return positions;
    }
    case 'union': {
      const out = new Set<number>();
      for (const alternative of node.alternatives) for (const e of ends(alternative, cps, start)) out.add(e);
      return out;
    }
    case 'intersection': {
      const right = ends(node.right, cps, start);
      return new Set([...ends(node.left, cps, start)].filter((e) => right.has(e)));
    }
    case 'complement': {
      const inner = ends(node.inner, cps, start);
      return new Set([...range(start, cps.length)].filter((e) => !inner.has(e)));
    }
    case 'repeat': {
      const out = new Set<number>();
      let frontier = new Set([start]);
      const seen = new Set<number>();
      for (let count = 0; frontier.size > 0 && count <= node.max; count++) {
        if (count >= node.min) for (const p of frontier) out.add(p);
        if (count === node.max) break;
        const next = new Set<number>();
        for (const p of frontier) for (const e of ends(node.inner, cps, p)) next.add(e);
        // Past the minimum, a position already reached adds nothing new (and `()*` terminates).
        frontier = count + 1 >= node.min ? new Set([...next].filter((p) => !seen.has(p))) : next;
        if (count + 1 >= node.min) for (const p of frontier) seen.add(p);
      }
      return out;
    }
    case 'interval': {
      const out = new Set<number>();
      for (let e = start + 1; e <= cps.length && DIGIT(cps[e - 1]); e++) {
        const width = e - start;
        if (node.digits > 0 && width !== node.digits) continue;
        const value = Number(String.fromCodePoint(...cps.slice(start, e)));
        if (value >= node.min && value <= node.max) out.add(e);
      }
      return out;
    }
  }
}

function range(from: number, to: number): Set<number> {
  const out = new Set<number>();
  for (let i = from; i <= to; i++) out.add(i);
  return out;
}
