// A Sigma rule document (already parsed YAML with positions) into a validated SigmaRule.
// All problems of one rule are collected, so a user sees every mistake in one run.
import { DiagnosticError, diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import { entry, schemaDiagnostics, toPlain, type YamlMap, type YamlNode, keyLocationsOf } from '../../yaml-tree.js';
import { isDuration, SIGMA_TIMEFRAME } from '../../base/duration.js';
import type { QueryNode, SigmaRule } from './model.js';
import { parseDetection, type Detection } from './detection.js';
import { parseCondition } from './condition.js';
import { acceptCommonRule, KNOWN_KEYS, LATE_KEYS, sigmaSchemas } from './schema.js';

export interface LoadResult {
  rule?: SigmaRule;
  diagnostics: Diagnostic[];
}

const CODE = 'sigma-rule';
/** Stands for a non-empty mapping of detections in the value the schema checks. */
const DETECTIONS = Object.freeze({ detections: true });
/** Sigma's word for its keys is "attribute"; the convert output's error texts keep this wording. */
const SCHEMA_DOCUMENT = { code: CODE, what: 'a Sigma rule', missingTopLevelKey: (key: string) => `missing required attribute '${key}'` };

export function loadSigmaRule(doc: YamlNode, path: string): LoadResult {
  if (doc.kind !== 'map') {
    return { diagnostics: [diagnostic(CODE, `a Sigma rule must be a YAML mapping, not a ${doc.kind === 'seq' ? 'list' : 'scalar value'}`, doc.loc)] };
  }
  const keyLocations = keyLocationsOf(doc);

  // The schema sees the detections' shape only: they are read from the tree below, and converting
  // them to plain data as well would cost more than the whole schema check.
  const plain: Record<string, unknown> = {};
  for (const e of doc.entries) plain[e.key] = e.key === 'detection' && e.value.kind === 'map' && e.value.entries.length > 0 ? DETECTIONS : toPlain(e.value);
  // Most rules have the common form, checked without zod (acceptCommonRule); the others, and every
  // rule with a problem, go through the schema.
  const common = acceptCommonRule(plain, DETECTIONS);
  const parsed = common ? { success: true as const, data: common } : sigmaSchemas().rule.safeParse(plain);
  const issues = parsed.success ? [] : parsed.error.issues;
  // The document's problems, then the detections' (checked whenever they are a mapping, so one run
  // shows every mistake); the condition is parsed only when nothing before it is wrong.
  // (A rule of the common form has no issue: nothing to map, no closures to make.)
  const diagnostics: Diagnostic[] =
    issues.length === 0
      ? []
      : schemaDiagnostics(
          issues.filter((i) => !LATE_KEYS.has(String(i.path[0]))),
          doc,
          SCHEMA_DOCUMENT,
        );
  let conditions: QueryNode[] = [];
  let timeframe: string | undefined;
  const detectionEntry = entry(doc, 'detection');
  if (detectionEntry?.value.kind === 'map' && detectionEntry.value.entries.length > 0) {
    ({ conditions, timeframe } = parseDetections(detectionEntry.value, detectionEntry.keyLoc, diagnostics));
  }
  if (diagnostics.length > 0) return { diagnostics };

  // Problems with the descriptive attributes alone leave the rule usable: they are reported, and
  // the rule is kept without those attributes (as detctl has always done).
  let input = parsed.data;
  const late: Diagnostic[] = [];
  if (!input) {
    late.push(...schemaDiagnostics(issues, doc, SCHEMA_DOCUMENT));
    const bad = new Set(issues.map((i) => String(i.path[0])));
    input = sigmaSchemas().rule.parse(Object.fromEntries(Object.entries(plain).filter(([key]) => !bad.has(key))));
  }

  const custom: Record<string, unknown> = { ...(input.custom ?? {}) };
  for (const e of doc.entries) if (!KNOWN_KEYS.has(e.key)) custom[e.key] = plain[e.key];
  return {
    diagnostics: late,
    rule: {
      kind: 'sigma',
      path,
      title: input.title,
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...optional({ name: input.name, status: input.status, description: input.description, author: input.author, date: input.date, modified: input.modified, license: input.license, level: input.level, timeframe }),
      references: input.references ?? [],
      tags: input.tags ?? [],
      logsource: definedOnly(input.logsource),
      falsepositives: input.falsepositives ?? [],
      fields: input.fields ?? [],
      related: input.related ?? [],
      conditions,
      custom,
      keyLocations,
      loc: doc.loc,
    },
  };
}

/** The entries whose value is defined, in their order (a loop: no arrays of entries per rule). */
function definedOnly<T>(values: Record<string, T | undefined>): Record<string, T> {
  const defined: Record<string, T> = {};
  for (const key in values) if (values[key] !== undefined) defined[key] = values[key];
  return defined;
}

function optional<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  // A loop rather than entries/filter/fromEntries: this runs for every rule, and allocates less.
  const defined: Partial<Record<keyof T, string>> = {};
  for (const key in values) if (values[key] !== undefined) defined[key] = values[key];
  return defined;
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
      if (e.value.kind === 'scalar' && isDuration(SIGMA_TIMEFRAME, e.value.value)) timeframe = e.value.value;
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
