// A fast reader for the plain block YAML that rule files are written in: it builds the YamlNode
// tree of src/yaml-tree.ts itself, in one pass, with exactly the values js-yaml's loadAll gives
// with the core schema (what yaml-tree.ts parses other texts with) and exactly the locations the
// other path finds with the `yaml` library; or undefined for any text outside that subset, which
// js-yaml then reads (and reports the errors of).
//
// Why: js-yaml was the largest single cost of `convert` over SigmaHQ (~0.3 s of CPU time for
// 5.6 MB, most of it its general machinery: a state object per node, a listener call per node,
// the event of every character). Sigma rules use a small part of YAML: mappings and lists by
// indentation, one-line scalars, `|` literal blocks, comments, `---` between documents.
//
// The subset, line by line (anything else returns undefined):
// - `key: value`, `key:` followed by a more indented block or a list at the same indentation;
//   keys plain or quoted on one line, each once in a mapping (js-yaml refuses duplicates), not
//   `<<` or `__proto__` (js-yaml gives them a meaning of their own);
// - `- value` and `- key: value` (a mapping that goes on at the column after the dash);
// - values: plain scalars on one line (resolved by js-yaml's own implicit types of the core
//   schema: null, booleans, integers, floats, in its order, so `0x1F`, `.inf` or `~` resolve as
//   they do there), '…' and "…" on one line ("…" without escapes), `|` and `|-` blocks;
// - comments on lines of their own or after a value; blank lines; `---` alone on a line.
// Not in it, among others: tabs, CR line ends, a byte-order mark, flow collections ([…], {…}),
// anchors, aliases and tags, `>` and `|+` blocks, scalars over several lines, escapes, directives,
// non-printable characters (js-yaml refuses them: loader.js, PATTERN_NON_PRINTABLE), empty
// documents, and nesting past MAX_DEPTH (js-yaml then applies the nesting limit).
// Also left to js-yaml: plain keys that are not text for js-yaml (`1:`, `true:`), and keys that
// start with a digit, a sign or a dot. The first become text through String(), the second may be
// numbers for the `yaml` library where js-yaml reads text (`-.5`); either way the other path's
// locations (found by key through `yaml`) could differ. And a key that starts with a digit may be
// an array index, which a JavaScript object (js-yaml's mapping, the other path's entries order)
// puts first.
//
// Locations: each node keeps the offsets it was read at; line:col is worked out only when a
// location is read (a diagnostic), from the file's line starts, found once. What the other path
// gives, and so this (the `yaml` library's node ranges, yaml-tree.ts PositionIndex): a mapping is
// at its first key, a list at its first dash, a scalar at its first character (a quoted one's
// content one column in, a `|` block at its `|`), an empty value (`key:` with nothing after it)
// where the line's content after the `:` starts (a comment, or the end of the line).
// test/unit/yaml-block.test.ts compares both readers (values with js-yaml's, every location and
// source text with the other path's) on tricky texts; the conformance suite on every SigmaHQ file.
import jsyaml from 'js-yaml';
import type { SourceLocation } from './diagnostics.js';
import type { YamlMapEntry, YamlNode, YamlScalar } from './yaml-tree.js';

interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/**
 * The core schema's implicit types, in js-yaml's order: what it resolves a plain scalar with
 * (loader.js, composeNode: the first type whose resolve() accepts the text constructs the value).
 */
const IMPLICIT: ImplicitType[] = (jsyaml.CORE_SCHEMA as unknown as { compiledImplicit: ImplicitType[] }).compiledImplicit;

/** What js-yaml refuses (its PATTERN_NON_PRINTABLE), and what this reader leaves to it: tabs, CR, a BOM, Unicode line breaks. */
const OUTSIDE = /[\t\r\uFEFF\x85\u2028\u2029]|[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Deeper than this, js-yaml reads the text (it enforces the nesting limit, src/yaml-tree.ts). */
const MAX_DEPTH = 40;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;

/** Thrown inside the reader for text outside the subset. */
class Outside extends Error {}
const OUTSIDE_SUBSET = new Outside();

/** The documents of `text` (the file `file`) as trees, or undefined when the text is outside the subset. */
export function readBlockYaml(text: string, file: string): YamlNode[] | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    return new BlockReader(new Source(file, text)).documents();
  } catch (error) {
    if (error === OUTSIDE_SUBSET) return undefined;
    throw error;
  }
}

/**
 * A plain scalar's value: js-yaml's implicit types, or the text itself. Only text that starts
 * with one of these characters can be of one of them (js-yaml lib/type: null is `~` or
 * null/Null/NULL, bool true/false in three cases, int starts with a sign or a digit, float's
 * pattern with a sign, a digit or a dot), so any other text is text without asking them.
 */
function resolvePlain(text: string): YamlScalar {
  switch (text.charCodeAt(0)) {
    case 0x7e: case 0x6e: case 0x4e: case 0x74: case 0x54: case 0x66: case 0x46: // ~ n N t T f F
    case 0x2b: case DASH: case 0x2e: // + - .
    case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37: case 0x38: case 0x39:
      for (const type of IMPLICIT) if (type.resolve(text)) return type.construct(text) as YamlScalar;
      return text;
    default:
      return text;
  }
}

/** One file's name and text, shared by the nodes read from it: what their locations are worked out from. */
class Source {
  /** Where each line starts, found when a location is first read. */
  private lineStarts?: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** 1-based line and column (in UTF-16 units, as the `yaml` library's LineCounter counts) of an offset. */
  position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  }
}

/** A location at an offset of a file, worked out when read. */
class OffsetLocation implements SourceLocation {
  constructor(
    private readonly source: Source,
    private readonly offset: number,
  ) {}

  get file(): string {
    return this.source.file;
  }

  get line(): number {
    return this.source.position(this.offset).line;
  }

  get column(): number {
    return this.source.position(this.offset).column;
  }

  toJSON(): SourceLocation {
    return { file: this.file, line: this.line, column: this.column };
  }
}

// The nodes: YamlNode's shapes, with their locations as getters over the offsets they were read at
// (no location object is made until one is read). Anything that copies a node must copy its
// locations by name (a spread copies own fields only): src/config/interpolate.ts does.

class BlockMap {
  readonly kind = 'map';

  constructor(
    readonly entries: YamlMapEntry[],
    private readonly source: Source,
    private readonly start: number,
  ) {}

  get loc(): SourceLocation {
    return new OffsetLocation(this.source, this.start);
  }
}

class BlockSeq {
  readonly kind = 'seq';

  constructor(
    readonly items: YamlNode[],
    private readonly source: Source,
    private readonly start: number,
  ) {}

  get loc(): SourceLocation {
    return new OffsetLocation(this.source, this.start);
  }
}

class BlockScalar {
  readonly kind = 'scalar';

  /** `start` to `end`: the scalar as written (quotes included, a `|` block from its `|`); `quoted`: its content starts one further. */
  constructor(
    readonly value: YamlScalar,
    private readonly source: Source,
    private readonly start: number,
    private readonly end: number,
    private readonly quoted: boolean,
  ) {}

  get loc(): SourceLocation {
    return new OffsetLocation(this.source, this.start);
  }

  get contentLoc(): SourceLocation {
    return new OffsetLocation(this.source, this.quoted ? this.start + 1 : this.start);
  }

  /**
   * A getter that gives the function, not a method: a caller may keep the function apart from
   * the node (src/rules/sigma/detection.ts keeps `written: v.sourceText`), so it must not need
   * `this`; made only when asked for, not per scalar.
   */
  get sourceText(): () => string {
    return () => this.source.text.slice(this.start, this.end);
  }
}

class BlockEntry {
  constructor(
    readonly key: string,
    readonly value: YamlNode,
    private readonly source: Source,
    private readonly keyStart: number,
  ) {}

  get keyLoc(): SourceLocation {
    return new OffsetLocation(this.source, this.keyStart);
  }
}

/** Past this many entries a mapping finds duplicate keys with a set, not by looking through its entries. */
const FEW_KEYS = 16;

function hasKey(entries: YamlMapEntry[], key: string, keys: Set<string> | undefined): boolean {
  if (keys) return keys.has(key);
  for (let i = 0; i < entries.length; i++) if (entries[i].key === key) return true;
  return false;
}

/**
 * Reads the text line by line, in place: a line is where it starts in the text (`at`) and where
 * its newline is (`end`), so no line is copied out (the first version split the text into lines
 * and was no faster than js-yaml).
 */
class BlockReader {
  /** Where the current line starts, and its end (its newline, or the end of the text). */
  private at = 0;
  private end: number;
  /** The line of a `- key: value` item, read as if its dash were a space: its keys start at `itemIndent`. */
  private itemLine = -1;
  private itemIndent = 0;

  private readonly text: string;

  constructor(private readonly source: Source) {
    this.text = source.text;
    this.end = this.endOf(0);
  }

  private endOf(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end === -1 ? this.text.length : end;
  }

  /** Moves to the next line. */
  private advance(): void {
    this.at = this.end + 1;
    this.end = this.endOf(this.at);
  }

  private get atEnd(): boolean {
    return this.at > this.text.length;
  }

  /** Spaces before the current line's content. */
  private indent(): number {
    if (this.at === this.itemLine) return this.itemIndent;
    const text = this.text;
    let i = this.at;
    while (text.charCodeAt(i) === SPACE) i++;
    return i - this.at;
  }

  /** The current line is `---` alone. */
  private atSeparator(): boolean {
    return this.end - this.at === 3 && this.text.startsWith('---', this.at);
  }

  documents(): YamlNode[] {
    const documents: YamlNode[] = [];
    if (this.atSeparator()) this.advance();
    for (;;) {
      documents.push(this.mapping(0, 1));
      if (this.atEnd) return documents;
      // mapping() stops at a line it does not take: only a separator is allowed there.
      if (!this.atSeparator()) throw OUTSIDE_SUBSET;
      this.advance();
    }
  }

  /** Moves to the next line with content, from the current one; false at the end of the document (or the text). */
  private nextContent(): boolean {
    const text = this.text;
    for (; !this.atEnd; this.advance()) {
      const indent = this.indent();
      const first = this.at + indent;
      if (first === this.end) continue; // blank
      const c = text.charCodeAt(first);
      if (c === HASH) continue; // a comment
      if (indent === 0 && (c === DASH || c === 0x2e || c === 0x25) && (text.startsWith('---', first) || text.startsWith('...', first) || c === 0x25)) {
        if (this.atSeparator()) return false;
        throw OUTSIDE_SUBSET; // `--- value`, `...`, `%DIRECTIVE`
      }
      return true;
    }
    return false;
  }

  /** The mapping whose keys start at column `indent`, from the current line on. */
  private mapping(indent: number, depth: number): YamlNode {
    if (depth > MAX_DEPTH || !this.nextContent()) throw OUTSIDE_SUBSET; // an empty document, or too deep
    const entries: YamlMapEntry[] = [];
    const start = this.at + indent;
    let keys: Set<string> | undefined;
    do {
      const lineIndent = this.indent();
      if (lineIndent < indent) break;
      if (lineIndent > indent) throw OUTSIDE_SUBSET;
      const keyStart = this.at + indent;
      const key = readKey(this.text, keyStart, this.end);
      if (key === undefined || key === '<<' || key === '__proto__' || hasKey(entries, key, keys)) throw OUTSIDE_SUBSET;
      entries.push(new BlockEntry(key, this.valueAfter(keyEnd, indent, depth), this.source, keyStart));
      if (keys) keys.add(key);
      else if (entries.length === FEW_KEYS) keys = new Set(entries.map((e) => e.key));
    } while (this.nextContent());
    return new BlockMap(entries, this.source, start);
  }

  /** The value of a mapping entry whose `:` ends at `from`, the key at column `indent`. */
  private valueAfter(from: number, indent: number, depth: number): YamlNode {
    const text = this.text;
    let start = from;
    while (text.charCodeAt(start) === SPACE) start++;
    if (start === this.end || (text.charCodeAt(start) === HASH && start > from)) {
      // Nothing on the line: a block below, more indented, or a list at the same indentation.
      // Each stops at a line it does not take, where the caller's loop goes on. Else the value is
      // empty (null), where `yaml` puts an empty value: after the `:` and its spaces.
      const empty = new BlockScalar(null, this.source, start, start, false);
      this.advance();
      if (!this.nextContent()) return empty;
      const nextIndent = this.indent();
      const dash = this.at + nextIndent;
      const isItem = text.charCodeAt(dash) === DASH && (dash + 1 === this.end || text.charCodeAt(dash + 1) === SPACE);
      if (nextIndent > indent) return isItem ? this.sequence(nextIndent, depth + 1) : this.mapping(nextIndent, depth + 1);
      if (nextIndent === indent && isItem) return this.sequence(indent, depth + 1);
      return empty;
    }
    if (text.charCodeAt(start) === 0x7c) return this.literal(start, indent); // |
    const value = this.scalar(start);
    this.advance();
    return value;
  }

  /** The one-line scalar from `start` on the current line. */
  private scalar(start: number): YamlNode {
    const value = readScalar(this.text, start, this.end);
    return new BlockScalar(value, this.source, start, scalarEnd, scalarQuoted);
  }

  /** The list whose dashes are at column `indent`, from the current line on. */
  private sequence(indent: number, depth: number): YamlNode {
    if (depth > MAX_DEPTH) throw OUTSIDE_SUBSET;
    const text = this.text;
    const items: YamlNode[] = [];
    const first = this.at + indent;
    do {
      const lineIndent = this.indent();
      const dash = this.at + indent;
      if (lineIndent !== indent || text.charCodeAt(dash) !== DASH) {
        if (lineIndent > indent) throw OUTSIDE_SUBSET;
        break; // the list is over: the next key, or a less indented line
      }
      if (text.charCodeAt(dash + 1) !== SPACE) throw OUTSIDE_SUBSET; // `-` alone: a block item below
      let start = dash + 1;
      while (text.charCodeAt(start) === SPACE) start++;
      if (start === this.end || text.charCodeAt(start) === HASH) throw OUTSIDE_SUBSET;
      if (readKey(text, start, this.end) !== undefined) {
        // `- key: value`: a mapping whose keys are at the column of the first; it stops at a line
        // it does not take, which nextContent() finds again.
        this.itemLine = this.at;
        this.itemIndent = start - this.at;
        items.push(this.mapping(start - this.at, depth + 1));
        continue;
      }
      if (text.charCodeAt(start) === DASH && text.charCodeAt(start + 1) === SPACE) throw OUTSIDE_SUBSET; // `- - x`
      items.push(this.scalar(start));
      this.advance();
    } while (this.nextContent());
    return new BlockSeq(items, this.source, first);
  }

  /** A `|` or `|-` block whose key is at column `indent`: its lines, as js-yaml's readBlockScalar joins them. */
  private literal(start: number, indent: number): YamlNode {
    const text = this.text;
    let after = start + 1;
    const strip = text.charCodeAt(after) === DASH;
    if (strip) after++;
    while (text.charCodeAt(after) === SPACE) after++;
    if (after < this.end && !(text.charCodeAt(after) === HASH && after > start + (strip ? 2 : 1))) throw OUTSIDE_SUBSET; // `|+`, `|2`…
    this.advance();
    // A blank first line, or none more indented: js-yaml finds the indentation otherwise; left to it.
    if (this.atEnd) throw OUTSIDE_SUBSET;
    const contentIndent = this.indent();
    if (contentIndent <= indent || this.at + contentIndent === this.end) throw OUTSIDE_SUBSET;
    let value = '';
    let blanks = 0;
    // As written, the block ends with its last line of content and that line's newline (`yaml`'s range).
    let end = 0;
    for (; !this.atEnd; this.advance()) {
      const lineIndent = this.indent();
      if (this.at + lineIndent === this.end) {
        if (lineIndent > contentIndent) throw OUTSIDE_SUBSET; // spaces past the indentation are content: left to js-yaml
        blanks++;
        continue;
      }
      if (lineIndent < contentIndent) break;
      if (value !== '' || blanks > 0) value += blanks === 0 ? '\n' : '\n'.repeat(blanks + 1);
      value += text.slice(this.at + contentIndent, this.end);
      blanks = 0;
      end = Math.min(this.end + 1, text.length);
    }
    return new BlockScalar(strip ? value : value + '\n', this.source, start, end, false);
  }
}

/** Where the `:` of the last key readKey found ends. */
let keyEnd = 0;

/** The key of a `key:` line whose key starts at `from` (its `:` ends at keyEnd), or undefined when the line is no mapping entry. */
function readKey(text: string, from: number, end: number): string | undefined {
  const c = text.charCodeAt(from);
  if (c === QUOTE || c === DOUBLE_QUOTE) {
    const value = readQuoted(text, from, end);
    if (value === undefined || text.charCodeAt(quotedEnd) !== COLON) return undefined;
    const next = quotedEnd + 1;
    if (next !== end && text.charCodeAt(next) !== SPACE) return undefined;
    if (startsNumeric(value.charCodeAt(0))) throw OUTSIDE_SUBSET; // see the top of the file
    keyEnd = next;
    return value;
  }
  if (!startsPlain(text, from, end)) return undefined;
  for (let i = from; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return undefined;
    if (ch !== COLON) continue;
    if (i + 1 !== end && text.charCodeAt(i + 1) !== SPACE) continue;
    if (text.charCodeAt(i - 1) === SPACE) return undefined; // `key :`: left to js-yaml
    keyEnd = i + 1;
    // Only keys that are text for js-yaml (not `true:`, `null:`), and not numeric: see the top of the file.
    if (startsNumeric(c)) throw OUTSIDE_SUBSET;
    const key = resolvePlain(text.slice(from, i));
    if (typeof key !== 'string') throw OUTSIDE_SUBSET;
    return key;
  }
  return undefined;
}

/** A digit, a sign or a dot. */
function startsNumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === DASH || c === 0x2e;
}

/** Characters a plain scalar cannot start with (js-yaml, readPlainScalar), nor a flow collection. */
function startsPlain(text: string, at: number, end: number): boolean {
  if (at === end) return false;
  switch (text.charCodeAt(at)) {
    case HASH: case 0x26: case 0x2a: case 0x21: case 0x7c: case 0x3e: case QUOTE: case DOUBLE_QUOTE: case 0x25: case 0x40: case 0x60: // # & * ! | > ' " % @ `
    case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: // , [ ] { }
    case SPACE:
      return false;
    case DASH: case 0x3f: case COLON: // - ? : followed by a space or the end
      return at + 1 !== end && text.charCodeAt(at + 1) !== SPACE;
    default:
      return true;
  }
}

/** Where the last scalar readScalar read ends as written, and whether it was quoted. */
let scalarEnd = 0;
let scalarQuoted = false;

/** A scalar value from `start` to the end of the line (or a comment). */
function readScalar(text: string, start: number, end: number): YamlScalar {
  const c = text.charCodeAt(start);
  if (c === QUOTE || c === DOUBLE_QUOTE) {
    const value = readQuoted(text, start, end);
    if (value === undefined) throw OUTSIDE_SUBSET;
    let i = quotedEnd;
    while (text.charCodeAt(i) === SPACE) i++;
    if (i < end && !(text.charCodeAt(i) === HASH && i > quotedEnd)) throw OUTSIDE_SUBSET;
    scalarEnd = quotedEnd;
    scalarQuoted = true;
    return value;
  }
  if (!startsPlain(text, start, end)) throw OUTSIDE_SUBSET;
  let last = end;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
      last = i;
      break;
    }
    if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) throw OUTSIDE_SUBSET; // `a: b: c`
  }
  while (text.charCodeAt(last - 1) === SPACE) last--;
  scalarEnd = last;
  scalarQuoted = false;
  return resolvePlain(text.slice(start, last));
}

/** Where the last quoted scalar readQuoted read ends (after its closing quote). */
let quotedEnd = 0;

/** A quoted scalar that closes on its line: '…' with '' for a quote, "…" without escapes. */
function readQuoted(text: string, start: number, end: number): string | undefined {
  if (text.charCodeAt(start) === DOUBLE_QUOTE) {
    const close = text.indexOf('"', start + 1);
    if (close === -1 || close >= end) return undefined;
    const backslash = text.indexOf('\\', start + 1);
    if (backslash !== -1 && backslash < close) return undefined;
    quotedEnd = close + 1;
    return text.slice(start + 1, close);
  }
  let value = '';
  for (let i = start + 1; ; ) {
    const close = text.indexOf("'", i);
    if (close === -1 || close >= end) return undefined;
    value += text.slice(i, close);
    if (text.charCodeAt(close + 1) !== QUOTE) {
      quotedEnd = close + 1;
      return value;
    }
    value += "'";
    i = close + 2;
  }
}
