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
import type { z } from 'zod';
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

// ---------------------------------------------------------------------------------------------
// Schema problems at their YAML position: the one mapper from a zod issue to `path:line:col` that
// every document detctl reads uses (Sigma rules, ESCU detections, macros and deployments,
// environment files, saved plans). The schemas say what is allowed; this only says where and in
// what words. It walks the YAML tree, so nothing is located (and `yaml` never runs) for a valid file.

export type YamlPath = (string | number)[];

/** `tags.product`, `drilldown_searches[1].name` */
export function showPath(path: YamlPath): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

interface Found {
  /** The node at the path, if it exists. */
  node?: YamlNode;
  /** The key of the last mapping step that exists (or the list item), for messages. */
  loc: SourceLocation;
}

function find(root: YamlNode, path: YamlPath): Found {
  let node: YamlNode | undefined = root;
  let loc = root.loc;
  for (const step of path) {
    if (node?.kind === 'map') {
      const e: YamlMapEntry | undefined = node.entries.find((x) => x.key === String(step));
      if (!e) return { loc };
      loc = e.keyLoc;
      node = e.value;
    } else if (node?.kind === 'seq' && typeof step === 'number' && step < node.items.length) {
      node = node.items[step];
      loc = node.loc;
    } else {
      return { loc };
    }
  }
  return { node, loc };
}

/** Where to point for a value at `path`: its key, its list item, or the nearest thing that exists. */
export function locate(root: YamlNode, path: YamlPath): SourceLocation {
  return find(root, path).loc;
}

export interface SchemaDocument {
  /** The diagnostic code ('env-schema', 'escu-detection', …). */
  code: string;
  /** The document with its article, for problems at the top level: "an ESCU detection". */
  what: string;
  /** Put before every message (e.g. "plan file PLAN.json: "). */
  prefix?: string;
  hint?: string;
  /** The hint for unknown keys. */
  unknownKeyHint?: string;
  /** How a missing top-level key is worded, where a document has its own words (default: "<what> needs the key 'k'"). */
  missingTopLevelKey?: (key: string) => string;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** zod's own English ("Invalid input: …", "Too small: …"): replaced by the wording below. A schema's own message is kept. */
const ZOD_WORDING = /^(Invalid |Too (small|big)|Unrecognized key)/;

function valueText(node: YamlNode | undefined): string {
  if (node?.kind === 'scalar') return `'${String(node.value)}'`;
  return node?.kind === 'seq' ? 'a list' : 'a mapping';
}

/** Without a tree (a plan read without its file name) the value is not known. */
function oneOf(node: YamlNode | undefined, values: readonly unknown[]): string {
  const list = values.map(String).join(', ');
  return node ? `is ${valueText(node)}; expected one of ${list}` : `must be one of ${list}`;
}

function describe(issue: z.core.$ZodIssue, node: YamlNode | undefined): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return oneOf(node, issue.values);
    case 'invalid_union':
      // A discriminated union names its discriminator's values.
      if ('options' in issue && Array.isArray(issue.options)) return oneOf(node, issue.options);
      return 'matches none of the forms allowed here';
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return `must be at least ${issue.minimum} characters long`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} entries`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      return `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

/**
 * One diagnostic per zod issue (per key, for unknown keys), at the YAML position of the key it is
 * about: `'targets.es.watch.interval' must be …`, `'tags' needs the key 'product'`,
 * `unknown key 'x' in 'tags'`. Without a tree (`root` undefined) the diagnostics have no location.
 */
export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], root: YamlNode | undefined, doc: SchemaDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const prefix = doc.prefix ?? '';
  const at = (path: YamlPath): Partial<Found> => (root ? find(root, path) : {});
  const push = (message: string, loc: SourceLocation | undefined, hint = doc.hint) => out.push(diagnostic(doc.code, prefix + message, loc, hint));
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const where = path.length > 0 ? ` in '${showPath(path)}'` : '';
        push(`unknown key '${key}'${where}`, at([...path, key]).loc, doc.unknownKeyHint ?? doc.hint);
      }
      continue;
    }
    const found = at(path);
    // A key that is not there at all (with a tree, the tree says; without, zod's input does).
    const missing = root ? found.node === undefined : issue.input === undefined && issue.code === 'invalid_type';
    if (missing && path.length > 0) {
      const parent = path.slice(0, -1);
      const key = String(path[path.length - 1]);
      if (parent.length === 0 && doc.missingTopLevelKey) push(doc.missingTopLevelKey(key), found.loc);
      else push(`${parent.length > 0 ? `'${showPath(parent)}'` : doc.what} needs the key '${key}'`, found.loc);
      continue;
    }
    const subject = path.length > 0 ? `'${showPath(path)}'` : doc.what;
    push(`${subject} ${describe(issue, found.node)}`, found.loc);
  }
  return out;
}
