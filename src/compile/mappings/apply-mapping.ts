// Field mappings are data (the JSON files beside this one): an ordered list of steps, each guarded
// by the rule's logsource. This engine applies them to a rule's Query AST, one step after another,
// so a later step sees what the earlier ones did — as the reference pipelines define it.
import type { DetectionItem, Logsource, QueryNode, SigmaValue, TermNode } from '../../rules/sigma/model.js';
import { literalString, parseSigmaString } from '../../rules/sigma/sigma-string.js';
import ecsWindows from './ecs_windows.json' with { type: 'json' };
import splunkWindows from './splunk_windows.json' with { type: 'json' };
import { MAPPING_NAMES, type MappingName } from './mapping-names.js';

type When = Partial<Record<'category' | 'product' | 'service', string>>;

export type MappingStep =
  | { type: 'add-condition'; id: string; when: When; field: string; values: string[] }
  | { type: 'rename'; id: string; when: When; mapping: Record<string, string> }
  | { type: 'prefix'; id: string; when: When; prefix: string; unlessRenamedBy: string[]; unlessFieldMatches: string[] }
  | { type: 'set-value'; id: string; when: When; fields: string[]; ifAllValuesEqual: boolean; value: string }
  | { type: 'numbers-to-strings'; id: string; when: When; exceptFields: string[]; unlessAnyValueNull: boolean };

export interface FieldMapping {
  name: string;
  description: string;
  steps: MappingStep[];
}

const MAPPINGS: Record<MappingName, FieldMapping> = {
  ecs_windows: ecsWindows as FieldMapping,
  splunk_windows: splunkWindows as FieldMapping,
};

export { MAPPING_NAMES, type MappingName };

export function loadMapping(name: MappingName): FieldMapping {
  return MAPPINGS[name];
}

/** Whether a step's `when` selects a rule of this log source (the event mapping asks too). */
export function applies(when: When, logsource: Logsource): boolean {
  return Object.entries(when).every(([key, value]) => logsource[key as keyof When] === value);
}

/** Maps every term of a query, sharing one new DetectionItem among the terms of one old item. */
function mapTerms(query: QueryNode, f: (term: TermNode, newItem: (item: DetectionItem) => DetectionItem) => TermNode): QueryNode {
  const items = new Map<DetectionItem, DetectionItem>();
  const newItem = (old: DetectionItem, make: () => DetectionItem = () => ({ ...old })) => {
    let next = items.get(old);
    if (!next) {
      next = make();
      items.set(old, next);
    }
    return next;
  };
  const walk = (node: QueryNode): QueryNode => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { ...node, args: node.args.map(walk) };
      case 'not':
        return { ...node, arg: walk(node.arg) };
      default:
        return f(node, (old) => newItem(old));
    }
  };
  return walk(query);
}

function termValues(term: TermNode): SigmaValue[] {
  return term.kind === 'match' ? [term.value] : term.values;
}

function withValues(term: TermNode, map: (v: SigmaValue) => SigmaValue, item: DetectionItem): TermNode {
  return term.kind === 'match' ? { ...term, value: map(term.value), item } : { ...term, values: term.values.map(map), item };
}

/** Python's `==` between a Sigma value and a boolean, as the reference pipeline compares them. */
function equalsBool(value: SigmaValue, b: boolean): boolean {
  if (value.kind === 'bool') return value.value === b;
  if (value.kind === 'number') return value.value === (b ? 1 : 0);
  return false;
}

export function pythonMatch(pattern: string): RegExp {
  // Python's re.match anchors at the start only; its \w is Unicode-aware.
  return new RegExp(`^(?:${pattern.replace(/\\w/g, '[\\p{L}\\p{N}_]')})`, 'u');
}

function renameRefs(value: SigmaValue, rename: (field: string) => string): SigmaValue {
  return value.kind === 'fieldref' ? { ...value, field: rename(value.field) } : value;
}

function applyStep(step: MappingStep, query: QueryNode): QueryNode {
  switch (step.type) {
    case 'add-condition': {
      const item: DetectionItem = { values: step.values.map(parseSigmaString), renamedBy: [] };
      const loc = { file: `mapping:${step.id}`, line: 1, column: 1 };
      const terms: QueryNode[] = item.values.map((value) => ({ kind: 'match', field: step.field, value, item, loc }));
      const condition: QueryNode = terms.length === 1 ? terms[0] : { kind: 'or', args: terms };
      return { kind: 'and', args: [condition, query] };
    }
    case 'rename':
      return mapTerms(query, (term, newItem) => {
        const target = term.field === null ? undefined : step.mapping[term.field];
        const refs = termValues(term).some((v) => v.kind === 'fieldref' && step.mapping[v.field] !== undefined);
        if (target === undefined && !refs) return term;
        const item = newItem(term.item);
        if (!item.renamedBy.includes(step.id)) item.renamedBy = [...term.item.renamedBy, step.id];
        const renamed = withValues(term, (v) => renameRefs(v, (f) => step.mapping[f] ?? f), item);
        return target === undefined ? renamed : { ...renamed, field: target };
      });
    case 'prefix': {
      const skip = step.unlessFieldMatches.map(pythonMatch);
      const matches = (field: string) => skip.some((re) => re.test(field));
      return mapTerms(query, (term) => {
        if (term.field === null) return term;
        if (term.item.renamedBy.some((id) => step.unlessRenamedBy.includes(id))) return term;
        if (matches(term.field)) return term;
        if (termValues(term).some((v) => v.kind === 'fieldref' && matches(v.field))) return term;
        const prefixed = withValues(term, (v) => renameRefs(v, (f) => step.prefix + f), term.item);
        return { ...prefixed, field: step.prefix + term.field };
      });
    }
    case 'set-value':
      return mapTerms(query, (term, newItem) => {
        if (term.field === null || !step.fields.includes(term.field)) return term;
        if (!term.item.values.every((v) => equalsBool(v, step.ifAllValuesEqual))) return term;
        const value = literalString(step.value);
        const item = newItem(term.item);
        item.values = term.item.values.map(() => value);
        return withValues(term, () => value, item);
      });
    case 'numbers-to-strings':
      return mapTerms(query, (term, newItem) => {
        if (term.field !== null && step.exceptFields.includes(term.field)) return term;
        if (step.unlessAnyValueNull && term.item.values.some((v) => v.kind === 'null')) return term;
        if (!termValues(term).some((v) => v.kind === 'number')) return term;
        const toString = (v: SigmaValue): SigmaValue => (v.kind === 'number' ? literalString(v.text) : v);
        const item = newItem(term.item);
        item.values = term.item.values.map(toString);
        return withValues(term, toString, item);
      });
  }
}

/** Applies a field mapping to one condition's Query AST of a rule with this logsource. */
export function applyMapping(mapping: FieldMapping, logsource: Logsource, query: QueryNode): QueryNode {
  let result = query;
  for (const step of mapping.steps) {
    if (applies(step.when, logsource)) result = applyStep(step, result);
  }
  return result;
}
