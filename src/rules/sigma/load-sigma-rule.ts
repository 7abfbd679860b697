// A Sigma rule document (already parsed YAML with positions) into a validated SigmaRule.
// All problems of one rule are collected, so a user sees every mistake in one run.
import { DiagnosticError, diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import { entry, toPlain, type YamlMap, type YamlNode } from '../../yaml-tree.js';
import type { Logsource, QueryNode, RelatedRule, SigmaRule } from './model.js';
import { parseDetection, type Detection } from './detection.js';
import { parseCondition } from './condition.js';

const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const RELATION_TYPES = ['derived', 'obsolete', 'merged', 'renamed', 'similar'];

/** Sigma's own attributes; anything else is kept in `custom`. */
const KNOWN = new Set([
  'title', 'id', 'name', 'status', 'description', 'author', 'date', 'modified', 'license', 'references',
  'tags', 'level', 'logsource', 'detection', 'falsepositives', 'fields', 'related', 'custom', 'scope',
  'taxonomy',
]);

export interface LoadResult {
  rule?: SigmaRule;
  diagnostics: Diagnostic[];
}

export function loadSigmaRule(doc: YamlNode, path: string): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const problem = (message: string, loc: SourceLocation, hint?: string) => diagnostics.push(diagnostic('sigma-rule', message, loc, hint));
  if (doc.kind !== 'map') {
    problem(`a Sigma rule must be a YAML mapping, not a ${doc.kind === 'seq' ? 'list' : 'scalar value'}`, doc.loc);
    return { diagnostics };
  }

  const keyLocations: Record<string, SourceLocation> = {};
  for (const e of doc.entries) keyLocations[e.key] = e.keyLoc;

  const text = (key: string, required = false): string | undefined => {
    const e = entry(doc, key);
    if (!e) {
      if (required) problem(`missing required attribute '${key}'`, doc.loc);
      return undefined;
    }
    const v = e.value;
    if (v.kind === 'scalar' && v.value !== null && typeof v.value !== 'boolean') return String(v.value);
    if (v.kind === 'scalar' && v.value === null && !required) return undefined;
    problem(`'${key}' must be a string`, e.keyLoc);
    return undefined;
  };
  const oneOf = (key: string, allowed: string[]): string | undefined => {
    const value = text(key);
    if (value !== undefined && !allowed.includes(value)) {
      problem(`'${key}' is '${value}'; expected one of ${allowed.join(', ')}`, keyLocations[key]);
    }
    return value;
  };
  const list = (key: string): string[] => {
    const e = entry(doc, key);
    if (!e || (e.value.kind === 'scalar' && e.value.value === null)) return [];
    if (e.value.kind === 'scalar') return [String(e.value.value)];
    if (e.value.kind === 'seq' && e.value.items.every((i) => i.kind === 'scalar')) {
      return e.value.items.map((i) => String((i as { value: unknown }).value));
    }
    problem(`'${key}' must be a list of strings`, e.keyLoc);
    return [];
  };

  const title = text('title', true);
  const id = text('id');
  if (id !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    problem(`'id' must be a UUID, got '${id}'`, keyLocations.id);
  }
  const status = oneOf('status', STATUSES);
  const level = oneOf('level', LEVELS);
  const logsource = parseLogsource(doc, problem);
  const related = parseRelated(doc, problem);

  const custom: Record<string, unknown> = {};
  const customEntry = entry(doc, 'custom');
  if (customEntry) {
    if (customEntry.value.kind === 'map') Object.assign(custom, toPlain(customEntry.value));
    else problem("'custom' must be a mapping", customEntry.keyLoc);
  }
  for (const e of doc.entries) if (!KNOWN.has(e.key)) custom[e.key] = toPlain(e.value);

  let conditions: QueryNode[] = [];
  let timeframe: string | undefined;
  const detectionEntry = entry(doc, 'detection');
  if (!detectionEntry) {
    problem("missing required attribute 'detection'", doc.loc);
  } else if (detectionEntry.value.kind !== 'map' || detectionEntry.value.entries.length === 0) {
    problem("'detection' must be a mapping of named selections and a 'condition'", detectionEntry.keyLoc);
  } else {
    const parsed = parseDetections(detectionEntry.value, detectionEntry.keyLoc, diagnostics);
    conditions = parsed.conditions;
    timeframe = parsed.timeframe;
  }

  if (diagnostics.length > 0 || title === undefined) return { diagnostics };
  return {
    diagnostics,
    rule: {
      kind: 'sigma',
      path,
      title,
      ...(id !== undefined ? { id } : {}),
      ...optional({ name: text('name'), status, description: text('description'), author: text('author'), date: text('date'), modified: text('modified'), license: text('license'), level, timeframe }),
      references: list('references'),
      tags: list('tags'),
      logsource,
      falsepositives: list('falsepositives'),
      fields: list('fields'),
      related,
      conditions,
      custom,
      keyLocations,
      loc: doc.loc,
    },
  };
}

function optional<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}

type Problem = (message: string, loc: SourceLocation, hint?: string) => void;

function parseLogsource(doc: YamlMap, problem: Problem): Logsource {
  const e = entry(doc, 'logsource');
  if (!e) {
    problem("missing required attribute 'logsource'", doc.loc);
    return {};
  }
  if (e.value.kind !== 'map') {
    problem("'logsource' must be a mapping (category, product, service)", e.keyLoc);
    return {};
  }
  const logsource: Logsource = {};
  for (const key of ['category', 'product', 'service', 'definition'] as const) {
    const v = entry(e.value, key);
    if (v?.value.kind === 'scalar' && v.value.value !== null) logsource[key] = String(v.value.value);
    else if (v && !(v.value.kind === 'scalar' && v.value.value === null)) problem(`'logsource.${key}' must be a string`, v.keyLoc);
  }
  return logsource;
}

function parseRelated(doc: YamlMap, problem: Problem): RelatedRule[] {
  const e = entry(doc, 'related');
  if (!e) return [];
  if (e.value.kind !== 'seq') {
    problem("'related' must be a list of {id, type}", e.keyLoc);
    return [];
  }
  const related: RelatedRule[] = [];
  for (const item of e.value.items) {
    const id = item.kind === 'map' ? entry(item, 'id') : undefined;
    const type = item.kind === 'map' ? entry(item, 'type') : undefined;
    if (id?.value.kind !== 'scalar' || type?.value.kind !== 'scalar') {
      problem("each 'related' entry needs an 'id' and a 'type'", item.loc);
      continue;
    }
    const typeText = String(type.value.value);
    if (!RELATION_TYPES.includes(typeText)) {
      problem(`related type '${typeText}' is not one of ${RELATION_TYPES.join(', ')}`, type.keyLoc);
    }
    related.push({ id: String(id.value.value), type: typeText });
  }
  return related;
}

function parseDetections(
  node: YamlMap,
  loc: SourceLocation,
  diagnostics: Diagnostic[],
): { conditions: QueryNode[]; timeframe?: string } {
  const detections = new Map<string, Detection>();
  let conditionEntry;
  let timeframe: string | undefined;
  for (const e of node.entries) {
    if (e.key === 'condition') {
      conditionEntry = e;
      continue;
    }
    if (e.key === 'timeframe') {
      if (e.value.kind === 'scalar' && typeof e.value.value === 'string' && /^\d+[smhdwM]$/.test(e.value.value)) timeframe = e.value.value;
      else diagnostics.push(diagnostic('sigma-rule', "'detection.timeframe' must be a duration like 30m or 1h", e.keyLoc));
      continue;
    }
    try {
      detections.set(e.key, parseDetection(e.key, e.value, e.keyLoc));
    } catch (error) {
      if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
      else throw error;
    }
  }
  if (!conditionEntry) {
    diagnostics.push(diagnostic('sigma-rule', "'detection' has no 'condition'", loc));
    return { conditions: [], timeframe };
  }
  const conditionNodes = conditionEntry.value.kind === 'seq' ? conditionEntry.value.items : [conditionEntry.value];
  const conditions: QueryNode[] = [];
  if (conditionNodes.length === 0) {
    diagnostics.push(diagnostic('sigma-rule', "'condition' is an empty list", conditionEntry.keyLoc));
  }
  for (const c of conditionNodes) {
    if (c.kind !== 'scalar' || typeof c.value !== 'string' || c.value.trim() === '') {
      diagnostics.push(diagnostic('sigma-condition', "'condition' must be a non-empty string (or a list of them)", c.kind === 'scalar' ? c.loc : conditionEntry.keyLoc));
      continue;
    }
    if (diagnostics.length > 0) continue; // detections are broken: identifiers cannot be resolved reliably
    try {
      conditions.push(parseCondition(c.value, detections, c.contentLoc));
    } catch (error) {
      if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
      else throw error;
    }
  }
  return { conditions, timeframe };
}
