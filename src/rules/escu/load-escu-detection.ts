// An ESCU detection document (parsed YAML with positions) into a validated EscuDetection, with
// contentctl v5's rules: its schema (schema.ts), then the rules that span several keys, which run
// once the schema holds since they need its values. Each stage reports all its problems at once,
// each at the line of the key it is about.
import { basename } from 'node:path';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import { entry, locate, schemaDiagnostics, toPlain, type YamlNode, type YamlPath, keyLocationsOf } from '../../yaml-tree.js';
import { contentFileStem, filterMacroName } from './content-name.js';
import { toDeployment } from './load-escu-deployments.js';
import { DRILLDOWN_PLACEHOLDER, type EscuDetection, type EscuDrilldown, type EscuRba, type EscuTags, type EscuTest } from './model.js';
import { escuSchemas, type DetectionInput } from './schema.js';

const CODE = 'escu-detection';

/**
 * Whether a rule file holds an ESCU detection rather than a Sigma rule: ESCU has `name`, `type`
 * and an SPL `search`; Sigma has `detection` and `logsource`, which ESCU never has.
 */
export function isEscuDetection(doc: YamlNode): boolean {
  if (doc.kind !== 'map') return false;
  const has = (key: string) => entry(doc, key) !== undefined;
  return has('search') && has('type') && has('name') && !has('detection') && !has('logsource');
}

export interface EscuLoadResult {
  detection?: EscuDetection;
  diagnostics: Diagnostic[];
}

export function loadEscuDetection(doc: YamlNode, path: string): EscuLoadResult {
  if (doc.kind !== 'map') {
    return { diagnostics: [diagnostic(CODE, `an ESCU detection must be a YAML mapping, not a ${doc.kind === 'seq' ? 'list' : 'scalar value'}`, doc.loc)] };
  }
  const parsed = escuSchemas().detectionSchema.safeParse(toPlain(doc));
  if (!parsed.success) return { diagnostics: schemaDiagnostics(parsed.error.issues, doc, { code: CODE, what: 'an ESCU detection', unknownKeyHint: 'contentctl rejects keys its detection schema does not define' }) };
  const input = parsed.data;
  const at = (p: YamlPath) => locate(doc, p);
  const diagnostics = crossKeyProblems(input, path, at);
  if (diagnostics.length > 0) return { diagnostics };

  const keyLocations = keyLocationsOf(doc);
  const deploymentNode = entry(doc, 'deployment')?.value;
  const detection: EscuDetection = {
    kind: 'escu',
    path,
    name: input.name,
    id: input.id,
    version: input.version,
    creationDate: (input.date ?? input.creation_date)!,
    modificationDate: (input.date ?? input.modification_date)!,
    author: input.author,
    status: input.status,
    type: input.type,
    description: input.description,
    search: input.search,
    howToImplement: input.how_to_implement,
    knownFalsePositives: input.known_false_positives,
    dataSource: input.data_source,
    references: input.references,
    drilldownSearches: input.drilldown_searches.map((d, i): EscuDrilldown => ({
      name: d.name,
      search: d.search,
      earliestOffset: d.earliest_offset,
      latestOffset: d.latest_offset,
      loc: at(['drilldown_searches', i]),
      searchLoc: at(['drilldown_searches', i, 'search']),
    })),
    ...optionalRba(input),
    tags: tagsOf(input.tags),
    tests: input.tests.map(
      (t): EscuTest => ({
        name: t.name,
        attackData: t.attack_data.map((a) => ({
          data: a.data,
          source: a.source,
          sourcetype: a.sourcetype,
          ...(a.custom_index !== undefined ? { customIndex: a.custom_index } : {}),
          ...(a.host !== undefined ? { host: a.host } : {}),
        })),
        ...(t.test_type !== undefined ? { testType: t.test_type } : {}),
      }),
    ),
    enabledByDefault: input.enabled_by_default ?? false,
    ...(input.deployment && deploymentNode ? { deployment: toDeployment(input.deployment, deploymentNode, path) } : {}),
    ...(input.explanation !== undefined ? { explanation: input.explanation } : {}),
    rendered: input.status !== 'removed',
    keyLocations,
    loc: doc.loc,
  };
  return { detection, diagnostics: [] };
}

function optionalRba(input: DetectionInput): { rba?: EscuRba } {
  if (input.rba) {
    return {
      rba: {
        message: input.rba.message,
        riskObjects: input.rba.risk_objects.map((o) => ({ ...o })),
        threatObjects: input.rba.threat_objects.map((o) => ({ ...o })),
      },
    };
  }
  // The newer shape names the risk message `finding.title` and its one risk object `entity`.
  if (input.finding) return { rba: { message: input.finding.title, riskObjects: [{ ...input.finding.entity }], threatObjects: [] } };
  return {};
}

const RENDERED_TAG_KEYS = new Set(['analytic_story', 'asset_type', 'product', 'security_domain', 'mitre_attack_id', 'cve', 'atomic_guid', 'manual_test', 'group', 'throttling']);

function tagsOf(t: DetectionInput['tags']): EscuTags {
  return {
    analyticStory: t.analytic_story,
    assetType: t.asset_type,
    product: t.product,
    securityDomain: t.security_domain,
    mitreAttackId: t.mitre_attack_id,
    cve: t.cve,
    atomicGuid: t.atomic_guid,
    ...(t.manual_test !== undefined ? { manualTest: t.manual_test } : {}),
    group: t.group,
    ...(t.throttling ? { throttling: { fields: t.throttling.fields, period: t.throttling.period } } : {}),
    other: Object.fromEntries(Object.entries(t).filter(([k, v]) => !RENDERED_TAG_KEYS.has(k) && v !== undefined)),
  };
}

/** contentctl's rules that span several keys. Some apply to production detections only, as there. */
function crossKeyProblems(input: DetectionInput, path: string, at: (p: YamlPath) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const problem = (message: string, p: YamlPath, hint?: string) => out.push(diagnostic(CODE, message, at(p), hint));
  const production = input.status === 'production';

  if (input.date !== undefined && (input.creation_date !== undefined || input.modification_date !== undefined)) {
    problem("'date' cannot be combined with 'creation_date'/'modification_date'", ['date']);
  } else if (input.date === undefined) {
    if (input.creation_date === undefined && input.modification_date === undefined) problem("an ESCU detection needs the key 'date'", []);
    else if (input.creation_date === undefined) problem("'modification_date' needs 'creation_date' too", ['modification_date']);
    else if (input.modification_date === undefined) problem("'creation_date' needs 'modification_date' too", ['creation_date']);
  }
  if (input.rba && input.finding) problem("'rba' and 'finding' say the same thing; keep one", ['finding']);

  const expected = `${contentFileStem(input.name)}.yml`;
  if (basename(path) !== expected) {
    problem(`the file name must follow the detection name: expected ${expected}, not ${basename(path)}`, ['name'], 'contentctl derives the file name (and the _filter macro) from the name; rename the file or fix the name');
  }
  const filter = filterMacroName(input.name);
  if (!input.search.includes(`\`${filter}\``)) {
    problem(`the search must call its filter macro \`${filter}\``, ['search'], `end it with | \`${filter}\`, so each site can tune out false positives without editing the detection`);
  }

  if (input.enabled_by_default && (!production || input.type === 'Hunting')) {
    problem('only production detections that are not Hunting can be enabled by default', ['enabled_by_default']);
  }

  const techniques = new Set(input.tags.mitre_attack_id);
  input.tags.mitre_attack_id.forEach((id, i) => {
    const parent = id.split('.')[0];
    if (id !== parent && techniques.has(parent)) problem(`'tags.mitre_attack_id' lists both ${parent} and its sub-technique ${id}; keep the sub-technique`, ['tags', 'mitre_attack_id', i]);
  });

  if (production && input.type !== 'Hunting') {
    const drilldowns = input.drilldown_searches;
    if (drilldowns.length < 2) {
      problem(`a production ${input.type} detection needs at least 2 drilldown_searches, found ${drilldowns.length}`, drilldowns.length > 0 ? ['drilldown_searches'] : ['type'], 'ESCU pairs "View the detection results" (%original_detection_search% | search …) with "View risk events for the last 7 days"');
    } else if (!drilldowns.some((d) => d.search.includes(DRILLDOWN_PLACEHOLDER))) {
      problem(`no drilldown search contains ${DRILLDOWN_PLACEHOLDER}`, ['drilldown_searches'], 'one drilldown must re-run the detection itself');
    }
  }

  if (production) {
    const rba = input.rba;
    if (rba) {
      // The risk action reads these fields from the results; a field the search never names is never there.
      const objects = [...rba.risk_objects.map((o, i) => ({ o, p: ['rba', 'risk_objects', i, 'field'] })), ...rba.threat_objects.map((o, i) => ({ o, p: ['rba', 'threat_objects', i, 'field'] }))];
      for (const { o, p } of objects) if (!input.search.includes(o.field)) problem(`rba field '${o.field}' does not appear in the search`, p);
      for (const [, token] of rba.message.matchAll(/\$([^$\s]+)\$/g)) {
        if (!input.search.includes(token)) problem(`rba message token $${token}$ does not appear in the search`, ['rba', 'message']);
      }
    }
    if (input.tests.length === 0 && input.type !== 'Correlation' && input.tags.manual_test === undefined) {
      problem('a production detection needs tests (attack data that makes it fire)', ['status'], "add a 'tests' entry, or set 'tags.manual_test' to say why it is tested by hand");
    }
  }
  return out;
}
