// YAML parsed into a small tree where every node and every mapping key knows its file:line:col.
// Rules and environment files are both read through this, so every error can point at the key
// that caused it.
//
// The plain block YAML most rule files are written in is read by src/yaml-block.ts, which builds
// this tree itself, each node's locations worked out from its offsets when read. Any other text:
// two libraries, one job each: js-yaml builds the values (about ten times faster than `yaml` on
// the SigmaHQ set, where `yaml` alone would take the whole time budget), and `yaml` — which keeps
// source positions — is consulted only when a location is actually read, i.e. for a file that
// has an error. Locations are lazy objects; reading `line` or `column` resolves them. Both ways
// give the same locations (test/unit/yaml-block.test.ts and the conformance suite compare them).
//
// Input is bounded (docs/environments.md, "Input limits"): a file's size is checked before it is
// read, and js-yaml's node listener stops a parse that nests too deep or uses too many aliases
// before either can exhaust the stack or the heap; aliases that expand to too many values are
// stopped while the tree is built (js-yaml shares an alias's value; the tree would copy it).
import { closeSync, constants, lstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import jsyaml from 'js-yaml';
import { readBlockYaml } from './yaml-block.js';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Node, type Document } from 'yaml';
import type { z } from 'zod';
import { defOf, unwrapSchema } from './base/zod-def.js';
import { didYouMean } from './base/did-you-mean.js';
import { diagnostic, offsetLocation, type Diagnostic, type SourceLocation } from './diagnostics.js';

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
/**
 * Where a node is in its document, as a chain to the root (undefined): a child shares its parent's
 * chain instead of copying the steps, since building the tree (every node of every file) is on
 * convert's hot path and the steps are needed only for a location that is read.
 */
type TreePath = { up: TreePath; step: PathStep } | undefined;

function stepsOf(path: TreePath): PathStep[] {
  const steps: PathStep[] = [];
  for (let link = path; link; link = link.up) steps.push(link.step);
  return steps.reverse();
}
type Part = 'key' | 'value' | 'content';

/** Finds positions in one file's text with the `yaml` library, parsing it at most once. */
class PositionIndex {
  private docs?: Document.Parsed[];
  private lines?: LineCounter;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  resolve(doc: number, path: TreePath, part: Part): { line: number; column: number } {
    const target = this.nodeAt(doc, path, part);
    let offset = target?.range?.[0] ?? 0;
    if (part === 'content' && isScalar(target) && (target.type === 'QUOTE_DOUBLE' || target.type === 'QUOTE_SINGLE')) offset++;
    const { line, col } = this.lines!.linePos(offset);
    return { line, column: col };
  }

  /** The text of the value at `path`, as written in the file. */
  sourceText(doc: number, path: TreePath): string {
    const range = this.nodeAt(doc, path, 'value')?.range;
    return range ? this.text.slice(range[0], range[1]) : '';
  }

  private nodeAt(doc: number, path: TreePath, part: Part): Node | undefined {
    if (!this.docs) {
      this.lines = new LineCounter();
      this.docs = parseAllDocuments(this.text, { lineCounter: this.lines, uniqueKeys: false }) as Document.Parsed[];
    }
    let node: unknown = this.docs[doc]?.contents;
    let keyNode: unknown;
    for (const step of stepsOf(path)) {
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
    private readonly path: TreePath,
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

// ---------------------------------------------------------------------------------------------
// Input limits. Each is a `path:line:col` error naming the limit; only the file size can be changed.

export interface YamlLimits {
  /** Bytes a file may have; DETCTL_MAX_FILE_SIZE. */
  maxFileBytes: number;
  /** Levels a document may nest (a scalar at the top is level 1). */
  maxDepth: number;
  /** Alias references (`*name`) in one file. */
  maxAliases: number;
  /** Values the aliases of one document may stand for in total, counting every value inside an aliased list or mapping. */
  maxAliasValues: number;
}

export const MAX_FILE_SIZE_VARIABLE = 'DETCTL_MAX_FILE_SIZE';
export const DEFAULT_LIMITS: YamlLimits = { maxFileBytes: 1024 * 1024, maxDepth: 100, maxAliases: 100, maxAliasValues: 10_000 };
const LIMITS_HINT = 'see "Input limits" in docs/environments.md';
const SIZE = /^\s*(\d+)\s*(?:(k|kb|kib)|(m|mb|mib))?\s*$/i;

/** `1 MB`, `512 kB`, `300 bytes`: sizes as messages show them (binary units, as the limit is given). */
export function showSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

/** The limits, with the file size limit from DETCTL_MAX_FILE_SIZE (bytes, or with k/kB or M/MB) when set; a problem when it is not a size. */
export function yamlLimits(env: NodeJS.ProcessEnv = process.env): { limits: YamlLimits; problem?: Diagnostic } {
  const setting = env[MAX_FILE_SIZE_VARIABLE];
  if (setting === undefined || setting === '') return NO_SETTING;
  // Every file read asks (readYamlFile's default): the setting is read each time (a test or a
  // long-lived caller may change it), parsed once per value.
  if (lastLimits?.setting === setting) return lastLimits.result;
  const result = parseLimits(setting);
  lastLimits = { setting, result };
  return result;
}

const NO_SETTING: { limits: YamlLimits; problem?: Diagnostic } = { limits: DEFAULT_LIMITS };
let lastLimits: { setting: string; result: { limits: YamlLimits; problem?: Diagnostic } } | undefined;

function parseLimits(setting: string): { limits: YamlLimits; problem?: Diagnostic } {
  const m = SIZE.exec(setting);
  const bytes = m ? Number(m[1]) * (m[2] ? 1024 : m[3] ? 1024 * 1024 : 1) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    return { limits: DEFAULT_LIMITS, problem: diagnostic('input-limit', `${MAX_FILE_SIZE_VARIABLE} is '${setting}', which is not a size`, undefined, `give bytes or kB/MB, e.g. ${MAX_FILE_SIZE_VARIABLE}=4MB (the default is ${showSize(DEFAULT_LIMITS.maxFileBytes)})`) };
  }
  return { limits: { ...DEFAULT_LIMITS, maxFileBytes: bytes } };
}

/** Why a file could not be read, in words, from a `node:fs` error. */
export function fileProblem(error: unknown, absolute: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      try {
        if (lstatSync(absolute).isSymbolicLink()) return 'dangling symbolic link: what it points to does not exist';
      } catch {
        // not there at all
      }
      return 'no such file';
    case 'ELOOP':
      return 'symbolic link loop: the link leads back to itself';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENAMETOOLONG':
      return 'the path is too long (a symbolic link loop?)';
    default:
      return (error as Error).message;
  }
}

/**
 * A YAML file's text, read only when it is a regular file within the size limit; otherwise a
 * diagnostic at `file:1:1`. `file` is the path as messages show it. `regular`: the caller found a
 * regular file there already (rules/discover.ts, from the folder listing's file types), so the
 * file is read without a stat of its own (readRegularFile); anything unexpected there (a file over
 * the limit, one that changed since) takes the stat below, which words the problem.
 */
export function readYamlFile(absolute: string, file: string, { limits, problem } = yamlLimits(), regular = false): { text?: string; diagnostics: Diagnostic[] } {
  const at = { file, line: 1, column: 1 };
  if (problem) return { diagnostics: [{ ...problem, location: at }] };
  try {
    if (regular) {
      const text = readRegularFile(absolute, limits.maxFileBytes);
      if (text !== undefined) return { text, diagnostics: [] };
    }
    const stat = statSync(absolute);
    if (!stat.isFile()) return { diagnostics: [diagnostic('file-unreadable', stat.isDirectory() ? 'is a folder, not a file' : 'not a regular file', at)] };
    if (stat.size > limits.maxFileBytes) return { diagnostics: [sizeDiagnostic(stat.size, limits, at)] };
    const text = readFileSync(absolute, 'utf8');
    // In case the file grew after stat (text.length, in UTF-16 units, is at most its size in bytes).
    if (text.length > limits.maxFileBytes) return { diagnostics: [sizeDiagnostic(Buffer.byteLength(text), limits, at)] };
    return { text, diagnostics: [] };
  } catch (error) {
    return { diagnostics: [diagnostic('file-unreadable', `cannot read the file: ${fileProblem(error, absolute)}`, at)] };
  }
}

/** One buffer per thread, reused for every file readRegularFile reads: grown as a file needs, never past the size limit and a byte. */
let readBuffer = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * The text of a file known to be regular, in at most maxBytes + 1 bytes read: undefined when it
 * has more than maxBytes (the caller then stats it, to say how big it is). What this saves, over
 * SigmaHQ's 3,754 files: the stat before each read (~25 ms of CPU time), and a UTF-8 decoding of
 * files that are all ASCII: they become one-byte strings (latin1, the same characters), which is
 * what Node's readFileSync(…, 'utf8') does for UTF-8 as well (invalid bytes become U+FFFD in both).
 * O_NONBLOCK: should the file have been replaced by a FIFO since it was listed, the read fails
 * (EAGAIN, the file's error) instead of waiting for a writer; it changes nothing for a regular file.
 */
function readRegularFile(absolute: string, maxBytes: number): string | undefined {
  const fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  let length = 0;
  try {
    for (;;) {
      if (length === readBuffer.length) {
        if (length > maxBytes) return undefined;
        const larger = Buffer.allocUnsafeSlow(Math.min(length * 2, maxBytes + 1));
        readBuffer.copy(larger, 0, 0, length);
        readBuffer = larger;
      }
      const read = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
  } finally {
    closeSync(fd);
  }
  if (length > maxBytes) return undefined;
  return textOfFile(readBuffer.subarray(0, length));
}

/**
 * A file's bytes as text: ASCII as a one-byte string (latin1 gives the same characters without
 * decoding UTF-8), anything else as UTF-8 (invalid bytes become U+FFFD, as readFileSync's do).
 */
export function textOfFile(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function sizeDiagnostic(bytes: number, limits: YamlLimits, at: SourceLocation): Diagnostic {
  return diagnostic(
    'input-limit',
    `the file is ${showSize(bytes)}, over the file size limit of ${showSize(limits.maxFileBytes)}`,
    at,
    `a rule or environment file is rarely over 300 kB; if this one is meant to be that big, raise the limit with ${MAX_FILE_SIZE_VARIABLE} (e.g. ${MAX_FILE_SIZE_VARIABLE}=4MB); ${LIMITS_HINT}`,
  );
}

/** A limit hit while js-yaml parses, at a character offset. */
class LimitHit extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * Parses YAML text; syntax errors become diagnostics at the position the parser reports.
 * `blockReader`: false reads every text the general way (js-yaml, locations through `yaml`), for
 * the tests that compare the two ways.
 */
export function parseYaml(text: string, file: string, limits: YamlLimits = DEFAULT_LIMITS, blockReader = true): ParsedYaml {
  // The plain block YAML of most rule files is read by yaml-block.ts, which builds the tree
  // itself: js-yaml's values, the locations `yaml` would give, in one pass and without a location
  // object until one is read. Any other text (and every error) is js-yaml's.
  if (blockReader) {
    const documents = readBlockYaml(text, file);
    if (documents !== undefined) return { documents, diagnostics: [] };
  }
  let values: unknown[];
  let aliases = 0;
  try {
    let depth = 0;
    // Called as each node opens and closes: counts the nesting (js-yaml recurses once per level,
    // so this stops it long before the stack runs out) and the aliases (an alias leaves a node
    // with a value but no kind of its own).
    const listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown; input: string }) => {
      if (event === 'open') {
        if (++depth > limits.maxDepth) {
          throw new LimitHit(`the YAML nests deeper than ${limits.maxDepth} levels (the nesting limit)`, state.position, `rules and environment files nest a few levels deep; flatten the lists and mappings; ${LIMITS_HINT}`);
        }
        return;
      }
      depth--;
      if (state.kind === null && state.result !== null && state.result !== undefined && ++aliases > limits.maxAliases) {
        throw new LimitHit(`more than ${limits.maxAliases} YAML aliases (*name) in one file (the alias limit)`, state.input.lastIndexOf('*', state.position - 1), `write the values out instead of referring to an anchor (&name) so often; ${LIMITS_HINT}`);
      }
    };
    values = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, filename: file, listener } as jsyaml.LoadOptions);
  } catch (error) {
    if (error instanceof LimitHit) return { documents: [], diagnostics: [diagnostic('input-limit', error.message, offsetLocation(text, file, error.offset), error.hint)] };
    return { documents: [], diagnostics: syntaxDiagnostics(text, file, error) };
  }
  const index = new PositionIndex(file, text);
  const documents: YamlNode[] = [];
  const diagnostics: Diagnostic[] = [];
  values.forEach((value, doc) => {
    if (value === undefined) return;
    try {
      // Only a document with aliases can share values, and only then is the sharing counted.
      documents.push(build(value, index, doc, undefined, aliases > 0 ? { seen: new Set(), inAlias: 0, values: 0, max: limits.maxAliasValues } : undefined));
    } catch (error) {
      if (error instanceof AliasExpansion) diagnostics.push(diagnostic('input-limit', error.message, new LazyLocation(index, doc, error.path, 'value'), error.hint));
      else if (error instanceof ShapeError) diagnostics.push(diagnostic('yaml-syntax', error.message, new LazyLocation(index, doc, error.path, 'value')));
      else throw error;
    }
  });
  return { documents, diagnostics };
}

class ShapeError extends Error {
  constructor(
    message: string,
    readonly path: TreePath,
  ) {
    super(message);
  }
}

class AliasExpansion extends ShapeError {
  readonly hint = `each alias (*name) copies its anchor's value, and aliases inside an anchored value multiply; write the values out; ${LIMITS_HINT}`;
}

/** How much of a document its aliases stand for so far (lists and mappings met a second time are aliased). */
interface AliasCount {
  seen: Set<object>;
  inAlias: number;
  values: number;
  max: number;
}

function build(value: unknown, index: PositionIndex, doc: number, path: TreePath, aliases?: AliasCount): YamlNode {
  if (!aliases) return buildNode(value, index, doc, path);
  if (aliases.inAlias > 0 && ++aliases.values > aliases.max) {
    throw new AliasExpansion(`the YAML aliases stand for more than ${aliases.max} values (the alias expansion limit)`, path);
  }
  if (value === null || typeof value !== 'object') return buildNode(value, index, doc, path, aliases);
  if (!aliases.seen.has(value)) {
    aliases.seen.add(value);
    return buildNode(value, index, doc, path, aliases);
  }
  aliases.inAlias++;
  try {
    return buildNode(value, index, doc, path, aliases);
  } finally {
    aliases.inAlias--;
  }
}

function buildNode(value: unknown, index: PositionIndex, doc: number, path: TreePath, aliases?: AliasCount): YamlNode {
  const loc = new LazyLocation(index, doc, path, 'value');
  if (Array.isArray(value)) {
    return { kind: 'seq', items: value.map((item, i) => build(item, index, doc, { up: path, step: i }, aliases)), loc };
  }
  if (value !== null && typeof value === 'object') {
    // for…in visits the keys in Object.entries' order (the objects are js-yaml's, plain, nothing
    // enumerable inherited) without a [key, value] array per entry.
    const entries: YamlMapEntry[] = [];
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const at = { up: path, step: key };
      entries.push({ key, keyLoc: new LazyLocation(index, doc, at, 'key'), value: build(object[key], index, doc, at, aliases) });
    }
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
  let errors: { pos: [number, number]; message: string }[] = [];
  try {
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
    errors = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors);
  } catch (e) {
    // `yaml` recurses per level too: past js-yaml's error, the text may nest deeper than its stack.
    if (!(e instanceof RangeError)) throw e;
  }
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

/** Where each key of a mapping is written (nothing for a node that is not a mapping): a loaded rule keeps them for its later errors. */
export function keyLocationsOf(node: YamlNode): Record<string, SourceLocation> {
  return node.kind === 'map' ? Object.fromEntries(node.entries.map((e) => [e.key, e.keyLoc])) : {};
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
  /** The schema the issues came from: an unknown key is answered with the closest key it allows there ("did you mean"). */
  schema?: z.ZodType;
}


/**
 * The keys `schema` allows in the mapping at `path` (wrappers looked through; records and lists
 * stepped into). Of a union, the forms whose literal keys (e.g. `type: splunk`) the document's
 * values match, or all of them when none does.
 */
function allowedKeys(schema: z.ZodType, path: YamlPath, valueAt: (path: YamlPath) => unknown): string[] {
  const keys = new Set<string>();
  const walk = (s: unknown, depth: number): void => {
    const def = defOf(unwrapSchema(s));
    switch (def.type) {
      case 'union': {
        const options = def.options as unknown[];
        const here = path.slice(0, depth);
        const matching = options.filter((option) => literalsMatch(option, (key) => valueAt([...here, key])));
        for (const option of matching.length > 0 ? matching : options) walk(option, depth);
        return;
      }
      case 'array':
        return depth < path.length ? walk(def.element, depth + 1) : undefined;
      case 'record':
        return depth < path.length ? walk(def.valueType, depth + 1) : undefined;
      case 'object': {
        const shape = def.shape as Record<string, unknown>;
        if (depth === path.length) for (const key of Object.keys(shape)) keys.add(key);
        else if (shape[String(path[depth])] !== undefined) walk(shape[String(path[depth])], depth + 1);
        return;
      }
      default:
        return;
    }
  };
  walk(schema, 0);
  return [...keys];
}

/** True unless the object form has a literal key whose value in the document is another one. */
function literalsMatch(option: unknown, valueOf: (key: string) => unknown): boolean {
  const def = defOf(option);
  if (def.type !== 'object') return true;
  for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
    const childDef = defOf(child);
    if (childDef.type !== 'literal') continue;
    const value = valueOf(key);
    if (value !== undefined && !(childDef.values as unknown[]).includes(value)) return false;
  }
  return true;
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

/** What a value of the wrong type is: `, not the number 5`. */
function actually(node: YamlNode | undefined): string {
  if (node?.kind === 'seq') return ', not a list';
  if (node?.kind === 'map') return ', not a mapping';
  if (node?.kind !== 'scalar') return '';
  const v = node.value;
  if (v === null) return ', not an empty value';
  return typeof v === 'string' ? `, not the text '${v}'` : `, not the ${typeof v} ${String(v)}`;
}

/** For text that YAML read as a number or true/false: how to write it as text. */
function typeHint(issue: z.core.$ZodIssue, node: YamlNode | undefined): string | undefined {
  if (issue.code !== 'invalid_type' || issue.expected !== 'string' || node?.kind !== 'scalar' || node.value === null || typeof node.value === 'string') return undefined;
  return `YAML reads ${node.sourceText() || String(node.value)} as a ${typeof node.value}; write the value in quotes to give text`;
}

function describe(issue: z.core.$ZodIssue, node: YamlNode | undefined): string {
  if (issue.code === 'invalid_type' && !ZOD_WORDING.test(issue.message)) return `${issue.message}${actually(node)}`;
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}${actually(node)}`;
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

function scalarValue(node: YamlNode | undefined): unknown {
  return node?.kind === 'scalar' ? node.value : undefined;
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
      const allowed = doc.schema ? allowedKeys(doc.schema, path, (p) => scalarValue(at(p).node)) : [];
      for (const key of issue.keys) {
        const where = path.length > 0 ? ` in '${showPath(path)}'` : '';
        push(`unknown key '${key}'${where}${didYouMean(key, allowed)}`, at([...path, key]).loc, doc.unknownKeyHint ?? doc.hint);
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
    push(`${subject} ${describe(issue, found.node)}`, found.loc, typeHint(issue, found.node) ?? doc.hint);
  }
  return out;
}
