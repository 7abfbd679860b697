// YAML parsed into a small tree where every node and every mapping key knows its file:line:col.
// Rules and environment files are both read through this, so every error can point at the key
// that caused it.
//
// Two libraries, one job each: js-yaml builds the values (about ten times faster than `yaml` on
// the SigmaHQ set, where `yaml` alone would take the whole time budget), and `yaml` — which keeps
// source positions — is consulted only when a location is actually read, i.e. for a file that
// has an error. Locations are lazy objects; reading `line` or `column` resolves them.
import jsyaml from 'js-yaml';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Node, type Document } from 'yaml';
import { diagnostic, type Diagnostic, type SourceLocation } from './diagnostics.js';

export type YamlScalar = string | number | boolean | null;

export interface YamlMapEntry {
  key: string;
  keyLoc: SourceLocation;
  value: YamlNode;
}

export type YamlNode =
  | { kind: 'map'; entries: YamlMapEntry[]; loc: SourceLocation }
  | { kind: 'seq'; items: YamlNode[]; loc: SourceLocation }
  | {
      kind: 'scalar';
      value: YamlScalar;
      loc: SourceLocation;
      /** where the text starts, inside quotes */
      contentLoc: SourceLocation;
      /** The scalar as written (`00000429` for the number 429), looked up only when called. */
      sourceText(): string;
    };

export type YamlMap = Extract<YamlNode, { kind: 'map' }>;

export interface ParsedYaml {
  /** One tree per document in the file. */
  documents: YamlNode[];
  diagnostics: Diagnostic[];
}

type PathStep = string | number;
type Part = 'key' | 'value' | 'content';

/** Finds positions in one file's text with the `yaml` library, parsing it at most once. */
class PositionIndex {
  private docs?: Document.Parsed[];
  private lines?: LineCounter;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  resolve(doc: number, path: PathStep[], part: Part): { line: number; column: number } {
    const target = this.nodeAt(doc, path, part);
    let offset = target?.range?.[0] ?? 0;
    if (part === 'content' && isScalar(target) && (target.type === 'QUOTE_DOUBLE' || target.type === 'QUOTE_SINGLE')) offset++;
    const { line, col } = this.lines!.linePos(offset);
    return { line, column: col };
  }

  /** The text of the value at `path`, as written in the file. */
  sourceText(doc: number, path: PathStep[]): string {
    const range = this.nodeAt(doc, path, 'value')?.range;
    return range ? this.text.slice(range[0], range[1]) : '';
  }

  private nodeAt(doc: number, path: PathStep[], part: Part): Node | undefined {
    if (!this.docs) {
      this.lines = new LineCounter();
      this.docs = parseAllDocuments(this.text, { lineCounter: this.lines, uniqueKeys: false }) as Document.Parsed[];
    }
    let node: unknown = this.docs[doc]?.contents;
    let keyNode: unknown;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value ?? '') === step);
        keyNode = pair?.key;
        node = pair?.value;
      } else if (isSeq(node)) {
        keyNode = undefined;
        node = node.items[step as number];
      } else {
        break;
      }
    }
    return (part === 'key' ? keyNode : (node ?? keyNode)) as Node | undefined;
  }
}

/** A SourceLocation that is looked up when first read. */
class LazyLocation implements SourceLocation {
  private resolved?: { line: number; column: number };

  constructor(
    private readonly index: PositionIndex,
    private readonly doc: number,
    private readonly path: PathStep[],
    private readonly part: Part,
  ) {}

  get file(): string {
    return this.index.file;
  }

  get line(): number {
    return (this.resolved ??= this.index.resolve(this.doc, this.path, this.part)).line;
  }

  get column(): number {
    return (this.resolved ??= this.index.resolve(this.doc, this.path, this.part)).column;
  }

  toJSON(): SourceLocation {
    return { file: this.file, line: this.line, column: this.column };
  }
}

/** A location `delta` columns to the right of another, still lazy. */
export function shiftColumn(loc: SourceLocation, delta: number): SourceLocation {
  return {
    get file() {
      return loc.file;
    },
    get line() {
      return loc.line;
    },
    get column() {
      return loc.column + delta;
    },
  };
}

/** Parses YAML text; syntax errors become diagnostics at the position the parser reports. */
export function parseYaml(text: string, file: string): ParsedYaml {
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    return { documents: [], diagnostics: syntaxDiagnostics(text, file, error) };
  }
  const index = new PositionIndex(file, text);
  const documents: YamlNode[] = [];
  const diagnostics: Diagnostic[] = [];
  values.forEach((value, doc) => {
    if (value === undefined) return;
    try {
      documents.push(build(value, index, doc, []));
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      diagnostics.push(diagnostic('yaml-syntax', error.message, new LazyLocation(index, doc, error.path, 'value')));
    }
  });
  return { documents, diagnostics };
}

class ShapeError extends Error {
  constructor(
    message: string,
    readonly path: PathStep[],
  ) {
    super(message);
  }
}

function build(value: unknown, index: PositionIndex, doc: number, path: PathStep[]): YamlNode {
  const loc = new LazyLocation(index, doc, path, 'value');
  if (Array.isArray(value)) {
    return { kind: 'seq', items: value.map((item, i) => build(item, index, doc, [...path, i])), loc };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
      key,
      keyLoc: new LazyLocation(index, doc, [...path, key], 'key'),
      value: build(v, index, doc, [...path, key]),
    }));
    // An entry's value location falls back to its key for `key:` with nothing after it.
    return { kind: 'map', entries, loc };
  }
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'scalar', value, loc, contentLoc: new LazyLocation(index, doc, path, 'content'), sourceText: () => index.sourceText(doc, path) };
  }
  throw new ShapeError(`unsupported YAML value ${String(value)}`, path);
}

/** The `yaml` library's wording and position for a syntax error (js-yaml's as a fallback). */
function syntaxDiagnostics(text: string, file: string, error: unknown): Diagnostic[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const errors = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors);
  if (errors.length > 0) {
    return errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return diagnostic('yaml-syntax', `YAML syntax error: ${e.message.split('\n')[0]}`, { file, line, column: col });
    });
  }
  if (error instanceof jsyaml.YAMLException) {
    const mark = error.mark;
    return [diagnostic('yaml-syntax', `YAML syntax error: ${error.reason}`, { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 })];
  }
  throw error;
}

/** The entry of `map` with this key, if any. */
export function entry(map: YamlMap, key: string): YamlMapEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** The plain JavaScript value of a node (maps become objects), for data kept as-is. */
export function toPlain(node: YamlNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
  }
}
