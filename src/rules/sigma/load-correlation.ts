// A Sigma correlation document (parsed YAML with positions) into a validated SigmaCorrelation: its
// schema (correlation-schema.ts), then the checks that span keys. Which rules it names exist is
// known only once every file is loaded: resolve-correlations.ts checks that.
import { diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import { entry, locate, schemaDiagnostics, toPlain, type YamlNode, keyLocationsOf } from '../../yaml-tree.js';
import { CONDITION_OPERATORS, FIELD_TYPES, TEMPORAL_TYPES, type CorrelationCondition, type FieldAlias, type SigmaCorrelation } from './correlation-model.js';
import { sigmaTimespan } from '../../base/duration.js';
import { correlationDocumentSchema, type CorrelationDocumentInput } from './correlation-schema.js';

const CODE = 'sigma-correlation';
// Worded as Sigma rules are (attributes); the schema answers an unknown key with the closest one.
const SCHEMA_DOCUMENT = { code: CODE, what: 'a Sigma correlation rule', missingTopLevelKey: (key: string) => `missing required attribute '${key}'` };

/** A correlation document is a Sigma document with a `correlation:` key (Sigma 2 specification). */
export function isSigmaCorrelation(doc: YamlNode): boolean {
  return doc.kind === 'map' && entry(doc, 'correlation') !== undefined;
}

export function loadSigmaCorrelation(doc: YamlNode, path: string): { rule?: SigmaCorrelation; diagnostics: Diagnostic[] } {
  if (doc.kind !== 'map') return { diagnostics: [diagnostic(CODE, 'a Sigma correlation rule must be a YAML mapping', doc.loc)] };
  const keyLocations = keyLocationsOf(doc);
  const plain = toPlain(doc) as Record<string, unknown>;
  const parsed = correlationDocumentSchema().safeParse(plain);
  if (!parsed.success) return { diagnostics: schemaDiagnostics(parsed.error.issues, doc, { ...SCHEMA_DOCUMENT, schema: correlationDocumentSchema() }) };
  const input = parsed.data;
  const block = input.correlation;
  const at = (...steps: (string | number)[]) => locate(doc, ['correlation', ...steps]);
  const diagnostics: Diagnostic[] = [];

  const listed = Array.isArray((plain.correlation as { rules: unknown }).rules); // or one name as a string
  const rules = block.rules.map((ref, i) => ({ ref, loc: listed ? at('rules', i) : at('rules') }));
  const condition = readCondition(block, rules.length, at, keyLocations.correlation, diagnostics);
  const aliases: FieldAlias[] = Object.entries(block.aliases ?? {}).map(([alias, fields]) => ({
    alias,
    loc: at('aliases', alias),
    fields: Object.entries(fields).map(([rule, field]) => ({ rule: { ref: rule, loc: at('aliases', alias, rule) }, field })),
  }));
  // pySigma resolves an alias's rules like the correlation's own: one it does not correlate is a mistake.
  for (const a of aliases) {
    for (const { rule } of a.fields) {
      if (!block.rules.includes(rule.ref)) diagnostics.push(diagnostic(CODE, `alias '${a.alias}' maps a field of '${rule.ref}', which is not among the correlation's rules (${block.rules.join(', ')})`, rule.loc));
    }
  }
  if (!condition || diagnostics.length > 0) return { diagnostics };

  // As for rules: the `custom:` block and the attributes Sigma does not define, as plain data.
  const known = new Set([...Object.keys(correlationDocumentSchema().shape), 'custom']);
  const customBlock = plain.custom !== null && typeof plain.custom === 'object' && !Array.isArray(plain.custom) ? (plain.custom as Record<string, unknown>) : {};
  return {
    diagnostics,
    rule: {
      kind: 'sigma-correlation',
      path,
      title: input.title,
      ...definedOnly({ id: input.id, name: input.name, status: input.status, description: input.description, author: input.author, date: input.date, modified: input.modified, level: input.level }),
      references: input.references ?? [],
      tags: input.tags ?? [],
      falsepositives: input.falsepositives ?? [],
      fields: input.fields ?? [],
      type: block.type,
      rules,
      groupBy: block['group-by'] ?? [],
      groupByLocs: (block['group-by'] ?? []).map((_, i) => (Array.isArray((plain.correlation as Record<string, unknown>)['group-by']) ? at('group-by', i) : at('group-by'))),
      timespan: { text: block.timespan, ...sigmaTimespan(block.timespan) },
      condition,
      aliases,
      generate: block.generate ?? false,
      resolved: [],
      custom: { ...customBlock, ...Object.fromEntries(Object.entries(plain).filter(([key]) => !known.has(key))) },
      keyLocations,
      loc: doc.loc,
    },
  };
}

type Block = CorrelationDocumentInput['correlation'];

/** The threshold, or for the temporal types without one pySigma's default: all the named rules matched. */
function readCondition(block: Block, ruleCount: number, at: (...steps: string[]) => SourceLocation, correlationLoc: SourceLocation, diagnostics: Diagnostic[]): CorrelationCondition | undefined {
  const given = block.condition;
  if (!given) {
    if (TEMPORAL_TYPES.has(block.type)) return { op: 'gte', count: ruleCount, loc: at('rules') };
    diagnostics.push(diagnostic(CODE, `a correlation of type ${block.type} needs a 'condition' (e.g. 'gte: 10')`, correlationLoc));
    return undefined;
  }
  const loc = at('condition');
  if (FIELD_TYPES.has(block.type) && given.field === undefined) diagnostics.push(diagnostic(CODE, `the condition of a ${block.type} correlation needs the 'field' it aggregates`, loc));
  if (!FIELD_TYPES.has(block.type) && given.field !== undefined) diagnostics.push(diagnostic(CODE, `a correlation of type ${block.type} aggregates no field; drop 'condition.field'`, at('condition', 'field')));
  if (block.type === 'value_percentile' && given.percentile === undefined) diagnostics.push(diagnostic(CODE, "the condition of a value_percentile correlation needs 'percentile' (0 to 100)", loc));
  if (block.type !== 'value_percentile' && given.percentile !== undefined) diagnostics.push(diagnostic(CODE, `'condition.percentile' applies to value_percentile only, not ${block.type}`, at('condition', 'percentile')));
  const op = CONDITION_OPERATORS.find((o) => given[o] !== undefined)!;
  return { op, count: given[op]!, ...definedOnly({ field: given.field }), ...(given.percentile !== undefined ? { percentile: given.percentile } : {}), loc };
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}
