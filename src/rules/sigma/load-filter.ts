// A Sigma filter document (parsed YAML with positions) into a validated SigmaFilter.
// Shape and semantics from the Sigma Filters specification 2.0.0 (sigma-filters-specification.md:
// `title` and `logsource` mandatory, `id`, `description`, `date`, `modified` optional, and
// `filter` with `rules`, the selections and one `condition`) and from pySigma's sigma/filters.py
// (SigmaGlobalFilter.from_dict: `condition` must be one string; `rules` is a rule id or name, a
// list of them, or `any`/`all`/an empty list for every rule of the log source; every other key of
// `filter` is a selection, read as a rule's detections are). Which rules it names exist is known
// only with the environment's rules: apply-filters.ts checks that.
import { DiagnosticError, diagnostic, type Diagnostic } from '../../diagnostics.js';
import { closestMatch } from '../../base/did-you-mean.js';
import { entry, locate, schemaDiagnostics, toPlain, type YamlNode, keyLocationsOf } from '../../yaml-tree.js';
import { z } from 'zod';
import { lazy } from '../../base/lazy.js';
import { parseCondition } from './condition.js';
import { parseDetection, type Detection } from './detection.js';
import type { SigmaFilter } from './filter-model.js';
import { sigmaSchemas, UUID } from './schema.js';

const CODE = 'sigma-filter';

/** A filter document's schema, built on first use (base/lazy.ts: zod is loaded only by runs that use it). */
export const filterDocumentSchema = lazy(() => {
  const MUST_BE_A_STRING = { error: 'must be a string' };
  const text = z.union([z.string(), z.number().transform(String)], MUST_BE_A_STRING);
  const optionalText = z.union([z.string(), z.number().transform(String), z.null().transform(() => undefined)], MUST_BE_A_STRING).optional();
  const stringList = z.union([z.string().transform((v) => [v]), z.array(text), z.null().transform((): string[] => [])], { error: 'must be a list of strings' }).optional();

  // The document's attributes (the specification's, plus `name`, `author`, `references` and `tags`, which pySigma's
  // SigmaRuleBase reads for every document).
  return z
    .object({
      title: text,
      id: optionalText.refine((v) => v === undefined || UUID.test(v), { error: (issue) => `must be a UUID, got '${String(issue.input)}'` }),
      name: optionalText,
      description: optionalText,
      author: optionalText,
      date: optionalText,
      modified: optionalText,
      references: stringList,
      tags: stringList,
      logsource: sigmaSchemas().logsource,
      filter: z.record(z.string(), z.unknown(), { error: "must be a mapping of 'rules', selections and a 'condition'" }),
    })
    .strict();
});

const SCHEMA_DOCUMENT = { code: CODE, what: 'a Sigma filter', missingTopLevelKey: (key: string) => `missing required attribute '${key}'` };

/** The words pySigma gives `rules` for "every rule of the log source". */
const EVERY_RULE = new Set(['any', 'all']);
const FILTER_KEYS = ['rules', 'condition'];

/** A filter document has a `filter:` key and no `detection:` (a rule's selection named `filter` sits under `detection`). */
export function isSigmaFilter(doc: YamlNode): boolean {
  return doc.kind === 'map' && entry(doc, 'filter') !== undefined && entry(doc, 'detection') === undefined && entry(doc, 'correlation') === undefined;
}

export function loadSigmaFilter(doc: YamlNode, path: string): { filter?: SigmaFilter; diagnostics: Diagnostic[] } {
  if (doc.kind !== 'map') return { diagnostics: [diagnostic(CODE, 'a Sigma filter must be a YAML mapping', doc.loc)] };
  const keyLocations = keyLocationsOf(doc);
  const parsed = filterDocumentSchema().safeParse(toPlain(doc));
  const diagnostics = parsed.success ? [] : schemaDiagnostics(parsed.error.issues, doc, { ...SCHEMA_DOCUMENT, schema: filterDocumentSchema() });
  const block = entry(doc, 'filter');
  if (!block || block.value.kind !== 'map') return { diagnostics };

  const at = (...steps: (string | number)[]) => locate(doc, ['filter', ...steps]);
  const selections = block.value.entries.filter((e) => !FILTER_KEYS.includes(e.key));
  // A misspelt `rules:` or `condition:` reads as a selection: the error is then at that key.
  const missing = (key: string, hint: string) => {
    const near = selections.find((e) => e.key === closestMatch(key, selections.map((s) => s.key)));
    if (near) diagnostics.push(diagnostic(CODE, `'filter' needs the key '${key}'; is the selection '${near.key}' meant to be '${key}'?`, near.keyLoc, hint));
    else diagnostics.push(diagnostic(CODE, `'filter' needs the key '${key}'`, block.keyLoc, hint));
  };

  // rules: one reference, a list of them, or "every rule of the log source".
  const rulesEntry = entry(block.value, 'rules');
  let rules: SigmaFilter['rules'] | undefined;
  if (!rulesEntry) {
    missing('rules', "name the rules by id or name, or write 'rules: any' for every rule of the log source");
  } else if (rulesEntry.value.kind === 'scalar' && typeof rulesEntry.value.value === 'string' && EVERY_RULE.has(rulesEntry.value.value.toLowerCase())) {
    rules = 'any';
  } else if (rulesEntry.value.kind === 'scalar' && rulesEntry.value.value !== null && typeof rulesEntry.value.value !== 'boolean') {
    rules = [{ ref: String(rulesEntry.value.value), loc: rulesEntry.value.loc }];
  } else if (rulesEntry.value.kind === 'seq' && rulesEntry.value.items.every((i) => i.kind === 'scalar' && i.value !== null && typeof i.value !== 'boolean')) {
    rules = rulesEntry.value.items.length === 0 ? 'any' : rulesEntry.value.items.map((i, n) => ({ ref: String((i as { value: string | number }).value), loc: at('rules', n) }));
  } else {
    diagnostics.push(diagnostic(CODE, "'filter.rules' must be a rule id or name, a list of them, or 'any'", rulesEntry.keyLoc));
  }

  // The selections, read as a rule's detections; the condition over them only when they are sound.
  const detections = new Map<string, Detection>();
  const before = diagnostics.length;
  for (const e of selections) {
    try {
      detections.set(e.key, parseDetection(e.key, e.value, e.keyLoc));
    } catch (error) {
      if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
      else throw error;
    }
  }
  if (selections.length === 0) diagnostics.push(diagnostic(CODE, "'filter' has no selection", block.keyLoc, "add a selection beside 'rules' and 'condition', e.g. 'selection: {ParentImage|endswith: \\gpscript.exe}'"));
  const conditionEntry = entry(block.value, 'condition');
  let condition;
  if (!conditionEntry) {
    missing('condition', "e.g. 'condition: not selection': the rule keeps only events the condition holds for");
  } else if (conditionEntry.value.kind !== 'scalar' || typeof conditionEntry.value.value !== 'string' || conditionEntry.value.value.trim() === '') {
    // pySigma SigmaGlobalFilter.from_dict: "Sigma filter condition must be a string" (one condition, not a list).
    diagnostics.push(diagnostic(CODE, "'filter.condition' must be one condition string (a filter has exactly one condition)", conditionEntry.keyLoc));
  } else if (diagnostics.length === before) {
    try {
      condition = parseCondition(conditionEntry.value.value, detections, conditionEntry.value.contentLoc);
    } catch (error) {
      if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
      else throw error;
    }
  }
  if (diagnostics.length > 0 || !parsed.success || !rules || !condition) return { diagnostics };

  const input = parsed.data;
  return {
    diagnostics,
    filter: {
      kind: 'sigma-filter',
      path,
      title: input.title,
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      logsource: Object.fromEntries(Object.entries(input.logsource).filter(([, v]) => v !== undefined)),
      rules,
      rulesLoc: rulesEntry!.keyLoc,
      condition,
      keyLocations,
      loc: doc.loc,
    },
  };
}
