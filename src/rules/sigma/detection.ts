// Sigma detections (the named selections under `detection:`) into Query AST fragments.
// A map is an AND of its items, a list of maps an OR of them, a list of plain values keywords.
import { DiagnosticError, diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import type { YamlNode } from '../../yaml-tree.js';
import type { DetectionItem, QueryNode, SigmaValue } from './model.js';
import { applyModifiers, ModifierError, type ItemFlags, type ModValue } from './modifiers.js';
import { parseSigmaString } from './sigma-string.js';

export interface Detection {
  name: string;
  query: QueryNode;
  loc: SourceLocation;
}

function error(message: string, loc: SourceLocation, hint?: string): DiagnosticError {
  return new DiagnosticError(diagnostic('sigma-detection', message, loc, hint));
}

/** One named detection. */
export function parseDetection(name: string, node: YamlNode, loc: SourceLocation): Detection {
  return { name, query: detectionQuery(name, node, loc), loc };
}

function detectionQuery(name: string, node: YamlNode, loc: SourceLocation): QueryNode {
  if (node.kind === 'map') return mapQuery(name, node, loc);
  if (node.kind === 'seq') {
    if (node.items.length === 0) throw error(`detection '${name}' is an empty list`, loc);
    const maps = node.items.filter((item) => item.kind === 'map').length;
    if (maps === node.items.length) {
      return orOf(node.items.map((item) => mapQuery(name, item as Extract<YamlNode, { kind: 'map' }>, item.loc)));
    }
    if (maps === 0) {
      return itemQuery(null, [], node.items, node.loc);
    }
    throw error(`detection '${name}' mixes field maps and plain keywords in one list`, node.loc, 'put keywords and field selections in separate detections');
  }
  if (node.value === null) throw error(`detection '${name}' is empty`, loc);
  return itemQuery(null, [], [node], node.loc);
}

const NO_MODIFIERS: string[] = [];

function mapQuery(name: string, node: Extract<YamlNode, { kind: 'map' }>, loc: SourceLocation): QueryNode {
  if (node.entries.length === 0) throw error(`detection '${name}' has no field conditions`, loc);
  // Every item is checked, so one run reports all of a detection's mistakes.
  const problems: Diagnostic[] = [];
  const items: QueryNode[] = [];
  for (const e of node.entries) {
    // Most keys have no modifier: no split for them.
    const bar = e.key.indexOf('|');
    const field = bar < 0 ? e.key : e.key.slice(0, bar);
    const modifiers = bar < 0 ? NO_MODIFIERS : e.key.slice(bar + 1).split('|');
    const values = e.value.kind === 'seq' ? e.value.items : [e.value];
    try {
      // An empty field name (`'|all'`) is a keyword list with modifiers.
      items.push(itemQuery(field === '' ? null : field, modifiers, values, e.keyLoc));
    } catch (err) {
      if (!(err instanceof DiagnosticError)) throw err;
      problems.push(...err.diagnostics);
    }
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  return andOf(items);
}

/** How messages name the item (built only for a message). */
function itemName(field: string | null): string {
  return field === null ? 'keyword list' : `field '${field}'`;
}

/** No modifier: the flags an empty chain leaves (applyModifiers is not run for it). */
const NO_FLAGS: ItemFlags = Object.freeze({ linkAll: false, negate: false, cased: false });

function itemQuery(field: string | null, modifiers: string[], values: YamlNode[], loc: SourceLocation): QueryNode {
  if (values.length === 0) throw error(`${itemName(field)} has an empty list of values`, loc);
  // Loops rather than map/flatMap with closures: this runs for every item of every rule.
  const base: ModValue[] = [];
  for (const v of values) {
    if (v.kind !== 'scalar') throw error(`${itemName(field)}: values must be strings, numbers, booleans or null, not a ${v.kind === 'map' ? 'mapping' : 'nested list'}`, v.loc);
    const scalar = v.value;
    if (typeof scalar === 'number') base.push({ value: scalarValue(scalar), raw: String(scalar), written: v.sourceText });
    else base.push({ value: scalarValue(scalar), raw: scalar === null ? '' : String(scalar) });
  }
  let modified = base;
  let flags = NO_FLAGS;
  if (modifiers.length > 0) {
    try {
      ({ values: modified, flags } = applyModifiers(modifiers, base));
    } catch (e) {
      // A problem with one value points at that value; one with the chain, at the key.
      if (e instanceof ModifierError) throw error(`${itemName(field)}: ${e.message}`, e.valueIndex === undefined ? loc : values[e.valueIndex].loc, e.hint);
      throw e;
    }
  }
  const itemValues: SigmaValue[] = [];
  for (const m of modified) {
    if ('expansion' in m) for (const v of m.expansion) itemValues.push(v);
    else itemValues.push(m.value);
  }
  const item: DetectionItem = { values: itemValues, renamedBy: [] };
  const terms: QueryNode[] = [];
  for (const m of modified) {
    let term: QueryNode;
    if ('expansion' in m) {
      term = flags.cased ? { kind: 'expansion', field, values: m.expansion, item, loc, cased: true } : { kind: 'expansion', field, values: m.expansion, item, loc };
    } else {
      term = flags.cased ? { kind: 'match', field, value: m.value, item, loc, cased: true } : { kind: 'match', field, value: m.value, item, loc };
    }
    terms.push(flags.negate ? { kind: 'not', arg: term } : term);
  }
  // neq means "none of these": its negated terms always link with AND.
  return flags.linkAll || flags.negate ? andOf(terms) : orOf(terms);
}

function scalarValue(value: string | number | boolean | null): SigmaValue {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') return { kind: 'number', value, text: String(value) };
  return parseSigmaString(value);
}

export function andOf(args: QueryNode[]): QueryNode {
  return args.length === 1 ? args[0] : { kind: 'and', args };
}

export function orOf(args: QueryNode[]): QueryNode {
  return args.length === 1 ? args[0] : { kind: 'or', args };
}
