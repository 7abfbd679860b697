// The mechanism under the watch grammar: a small set of checks over the YAML tree (every node and
// key with its file:line:col) that collect diagnostics instead of throwing, so one pass reports
// every problem of a watch. Elasticsearch's parsers are hand-written pull parsers over XContent
// tokens, each a loop of `if (FIELD.match(name)) … else throw ElasticsearchParseException(
// "… unexpected field [x]")`; here each such loop is one `fields(...)` call with a table of the
// keys it knows, and the "unexpected field" branch is the did-you-mean diagnostic.
import { didYouMean } from '../../../base/did-you-mean.js';
import { esTimeValueProblem } from '../../../base/duration.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../../diagnostics.js';
import type { YamlMap, YamlMapEntry, YamlNode } from '../../../yaml-tree.js';

/** Diagnostic codes: one per kind of problem, so callers and tests can tell them apart. */
export const CODES = {
  unknownKey: 'watch-unknown-key',
  missingKey: 'watch-missing-key',
  value: 'watch-invalid-value',
  schedule: 'watch-schedule',
  actionType: 'watch-action-type',
  id: 'watch-id',
} as const;

/** A parser's table of known keys: each key's handler gets its entry and its dotted path. */
export type Fields = Record<string, (entry: YamlMapEntry, path: string) => void>;

export class Check {
  readonly diagnostics: Diagnostic[] = [];

  report(code: string, message: string, loc: SourceLocation, hint?: string): void {
    this.diagnostics.push(diagnostic(code, message, loc, hint));
  }

  /** A value of the wrong kind: `'path' must be <expected>, not <what it is>`. */
  wrong(path: string, node: YamlNode, expected: string, hint?: string): void {
    this.report(CODES.value, `'${path}' must be ${expected}, not ${describe(node)}`, node.loc, hint);
  }

  map(path: string, node: YamlNode, hint?: string): YamlMap | undefined {
    if (node.kind === 'map') return node;
    this.wrong(path, node, 'a mapping', hint);
    return undefined;
  }

  /**
   * The keys of a mapping, each handled by its entry in `known`; any other key is the parser's
   * "unexpected field" error, answered with the closest known key. `required` keys missing are
   * reported at the mapping.
   */
  fields(path: string, map: YamlMap, known: Fields, options: { required?: string[]; hint?: string; what?: string } = {}): void {
    for (const entry of map.entries) {
      const handle = Object.hasOwn(known, entry.key) ? known[entry.key] : undefined;
      const here = join(path, entry.key);
      if (handle) handle(entry, here);
      else this.unknownKey(path, entry, Object.keys(known), options.hint);
    }
    for (const key of options.required ?? []) {
      if (!map.entries.some((e) => e.key === key)) this.missing(path, map, key, options.what);
    }
  }

  unknownKey(path: string, entry: YamlMapEntry, known: readonly string[], hint?: string): void {
    const where = path === '' ? '' : ` in '${path}'`;
    const allowed = `${path === '' ? 'a watch' : `'${path}'`} takes ${list(known)}`;
    this.report(CODES.unknownKey, `unknown key '${entry.key}'${where}${didYouMean(entry.key, known)}`, entry.keyLoc, hint ?? allowed);
  }

  missing(path: string, map: YamlMap, key: string, what?: string): void {
    this.report(CODES.missingKey, `${path === '' ? 'a watch' : `'${path}'`} needs the key '${key}'`, map.loc, what);
  }

  string(path: string, node: YamlNode): string | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
    this.wrong(path, node, 'a string');
    return undefined;
  }

  /**
   * XContentParser.text() on a value token: a string, a number or a boolean all read as text
   * (AbstractXContentParser.text() gives the token's text for any value token).
   */
  text(path: string, node: YamlNode): string | undefined {
    if (node.kind === 'scalar' && node.value !== null) return String(node.value);
    this.wrong(path, node, 'a text value');
    return undefined;
  }

  /** XContentParser.intValue()/longValue(): a whole number, or a string holding one (coerced). */
  integer(path: string, node: YamlNode): number | undefined {
    if (node.kind === 'scalar') {
      if (typeof node.value === 'number' && Number.isInteger(node.value)) return node.value;
      if (typeof node.value === 'string' && /^[+-]?\d+$/.test(node.value.trim())) return Number(node.value);
    }
    this.wrong(path, node, 'a whole number');
    return undefined;
  }

  /** XContentParser.booleanValue(): true or false, or the strings "true"/"false". */
  boolean(path: string, node: YamlNode): boolean | undefined {
    if (node.kind === 'scalar') {
      if (typeof node.value === 'boolean') return node.value;
      if (node.value === 'true' || node.value === 'false') return node.value === 'true';
    }
    this.wrong(path, node, 'true or false');
    return undefined;
  }

  /** An enum parsed case-insensitively (valueOf(text.toUpperCase(Locale.ROOT)) in ES). */
  oneOf(path: string, node: YamlNode, values: readonly string[]): void {
    const text = node.kind === 'scalar' && node.value !== null && typeof node.value !== 'number' ? String(node.value).toLowerCase() : undefined;
    if (text !== undefined && values.includes(text)) return;
    const shown = node.kind === 'scalar' ? `'${String(node.value)}'` : describe(node);
    this.report(CODES.value, `'${path}' is ${shown}; expected one of ${values.join(', ')}${text === undefined ? '' : didYouMean(text, values)}`, node.loc);
  }

  /** A string or a list of strings (SearchInput.parse's `extract`, ES `indices`). */
  stringList(path: string, node: YamlNode): void {
    if (node.kind === 'seq') node.items.forEach((item, i) => this.string(`${path}[${i}]`, item));
    else this.string(path, node);
  }

  /**
   * WatcherDateTimeUtils.parseTimeValue (x-pack/plugin/core, watcher/support): null, a number of
   * milliseconds, or a string TimeValue.parseTimeValue reads (ES time value: "30s", "5m"); any
   * other token is "expected either a string or a null value".
   */
  timeValue(path: string, node: YamlNode): void {
    if (node.kind === 'scalar') {
      if (node.value === null || typeof node.value === 'number') return;
      if (typeof node.value === 'string') {
        const problem = esTimeValueProblem(node.value);
        if (problem) this.report(CODES.value, `'${path}' is '${node.value}', not an Elasticsearch time value: ${problem}`, node.loc, 'write a whole number and a unit: 500ms, 30s, 5m, 1h or 1d');
        return;
      }
    }
    this.wrong(path, node, 'a time value like 5m');
  }

  /** `<name>_in_millis`: ES reads it with parser.longValue(). */
  millis(path: string, node: YamlNode): void {
    if (node.kind === 'scalar' && node.value === null) return;
    this.integer(path, node);
  }

  /** Any mapping at all, copied as is by ES (`parser.map()`, `copyCurrentStructure`). */
  anyMap(path: string, node: YamlNode): void {
    this.map(path, node);
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function list(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function describe(node: YamlNode): string {
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a mapping';
  if (node.value === null) return 'an empty value';
  return typeof node.value === 'string' ? `the text '${node.value}'` : `the ${typeof node.value} ${String(node.value)}`;
}
