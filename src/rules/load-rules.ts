// Loads rule files into validated rules. Each file is read and checked on its own, so one bad
// file never hides the problems (or the results) of the others; checks across files come last:
// duplicate ids, then the rules each correlation names (resolve-correlations.ts).
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { YamlNode } from '../yaml-tree.js';
import { readYamlDocument, readYamlDocuments } from './read-yaml-document.js';
import type { RuleFile } from './discover.js';
import { loadSigmaRule } from './sigma/load-sigma-rule.js';
import type { SigmaRule } from './sigma/model.js';
import { isSigmaCorrelation, loadSigmaCorrelation } from './sigma/load-correlation.js';
import type { SigmaCorrelation } from './sigma/correlation-model.js';
import { resolveCorrelations } from './resolve-correlations.js';
import { isEscuDetection, loadEscuDetection } from './escu/load-escu-detection.js';
import { isSigmaFilter, loadSigmaFilter } from './sigma/load-filter.js';
import type { SigmaFilter } from './sigma/filter-model.js';
import type { EscuDetection } from './escu/model.js';
import { isNativeFile, loadNativeDefinition } from './native/load-native.js';
import type { NativeRule } from './native/model.js';

/**
 * A rule of any input kind; `kind` tells them apart. A correlation matches no events itself: it
 * aggregates the matches of the rules it names. A native definition (native/model.ts) is a
 * watch or saved search as its server takes it, rendered by its target's provider only.
 */
export type Rule = SigmaRule | SigmaCorrelation | EscuDetection | NativeRule;

/** One document of a rule file: a file holds one, or (Sigma) several separated by `---`. */
export interface LoadedFile {
  file: RuleFile;
  rule?: Rule;
  /** The rule id even when the rule is invalid, for reports. */
  id?: string;
  /** The Sigma `name` even when the rule is invalid: a correlation naming it is told it did not load. */
  name?: string;
  /**
   * A Sigma filter found among the rules: validated like a rule, but not a rule (it has no
   * `rule`); only an environment's `filters:` applies filters (src/rules/apply-filters.ts).
   */
  filter?: SigmaFilter;
  diagnostics: Diagnostic[];
}

/**
 * One entry per YAML document of the file (one, when the file cannot be read): a Sigma file may
 * hold rules and correlations separated by `---`, as SigmaHQ writes them.
 * `text` is the file's content when the caller has it already; otherwise the file is read (within the input limits).
 */
export function loadRuleDocuments(file: RuleFile, text?: string): LoadedFile[] {
  // A native definition is one object per file, told apart by its file name (`*.watch.json`…).
  if (isNativeFile(file.path)) return [loadRuleFile(file, text)];
  const { docs, diagnostics } = readYamlDocuments(file, text);
  if (docs.length === 0) return [{ file, diagnostics }];
  return docs.map((doc) => loadDocument(file, doc));
}

/** A file that holds one rule (several documents are an error), e.g. a rule under test. */
export function loadRuleFile(file: RuleFile, text?: string): LoadedFile {
  const { doc, diagnostics } = readYamlDocument(file, text);
  return doc ? loadDocument(file, doc) : { file, diagnostics };
}

function loadDocument(file: RuleFile, doc: YamlNode): LoadedFile {
  const id = scalarText(doc, 'id');
  const name = scalarText(doc, 'name');
  if (isSigmaFilter(doc)) {
    const { filter, diagnostics } = loadSigmaFilter(doc, file.path);
    return { file, ...(filter ? { filter } : {}), diagnostics };
  }
  const result = isNativeFile(file.path) ? loadNativeDefinition(doc, file.path) : loadRule(doc, file.path);
  return { file, ...(result.rule ? { rule: result.rule } : {}), ...(id ? { id } : {}), ...(name ? { name } : {}), diagnostics: result.diagnostics };
}

/** A top-level scalar as text, when there is one. */
function scalarText(doc: YamlNode, key: string): string | undefined {
  const found = doc.kind === 'map' ? doc.entries.find((e) => e.key === key) : undefined;
  return found?.value.kind === 'scalar' && found.value.value !== null ? String(found.value.value) : undefined;
}

/** ESCU detections have `search`/`type`/`name` and no `detection`; Sigma correlations a `correlation`; everything else is a Sigma rule. */
function loadRule(doc: YamlNode, path: string): { rule?: Rule; diagnostics: Diagnostic[] } {
  if (isSigmaCorrelation(doc)) return loadSigmaCorrelation(doc, path);
  if (!isEscuDetection(doc)) return loadSigmaRule(doc, path);
  const { detection, diagnostics } = loadEscuDetection(doc, path);
  return { ...(detection ? { rule: detection } : {}), diagnostics };
}

/** Loads every file, reports rule ids used by more than one document, then resolves what each correlation names. */
export function loadRuleFiles(files: RuleFile[]): LoadedFile[] {
  const loaded = files.flatMap((file) => loadRuleDocuments(file));
  markDuplicateIds(loaded);
  resolveCorrelations(loaded);
  return loaded;
}

/**
 * A rule id used by more than one of these documents is an error in each of them: the rule is
 * dropped and the document gets a diagnostic naming the others' files.
 */
export function markDuplicateIds(loaded: LoadedFile[]): void {
  const byId = new Map<string, LoadedFile[]>();
  for (const l of loaded) {
    if (!l.rule?.id) continue;
    const list = byId.get(l.rule.id) ?? [];
    list.push(l);
    byId.set(l.rule.id, list);
  }
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    for (const l of group) {
      const others = group.filter((o) => o !== l).map((o) => o.file.path);
      l.diagnostics.push(diagnostic('rule-duplicate-id', `rule id ${id} is also used by ${others.join(', ')}`, l.rule!.keyLocations.id, 'every rule needs its own id: watch ids and ownership are derived from it'));
      delete l.rule;
    }
  }
}

/**
 * What of a file's documents other files' results depend on: the ids and names it carries (each
 * once), its rules' ids, and what its correlations name that it does not hold itself.
 */
export interface FileKeys {
  keys: string[];
  ids: string[];
  elsewhere: string[];
}

/**
 * One file loaded on its own: its documents and keys, and whether they are final (`alone`): a
 * file whose correlations name rules of other files is not (they are resolved in
 * filesToReload's second pass), one whose ids turn out to be shared neither (known only when
 * every file's keys are). Works on one file at a time, so the files may be shared among threads.
 * `text`: the file's content when the caller has read it already (loadRuleDocuments).
 */
export function loadFileAlone(file: RuleFile, text?: string): { documents: LoadedFile[]; keys: FileKeys; alone: boolean } {
  const documents = loadRuleDocuments(file, text);
  // Loops, no arrays or closures per document: this runs for every file.
  const own = new Set<string>();
  const ids: string[] = [];
  let correlations = false;
  for (const l of documents) {
    const id = l.rule?.id ?? l.id;
    if (id !== undefined) own.add(id);
    const name = l.rule?.kind === 'escu' ? undefined : (l.rule?.name ?? l.name);
    if (name !== undefined) own.add(name);
    if (l.rule?.id) ids.push(l.rule.id);
    if (l.rule?.kind === 'sigma-correlation') correlations = true;
  }
  const elsewhere: string[] = [];
  if (correlations) {
    for (const l of documents) {
      if (l.rule?.kind !== 'sigma-correlation') continue;
      for (const r of l.rule.rules) if (!own.has(r.ref)) elsewhere.push(r.ref);
    }
  }
  const keys = { keys: [...own], ids, elsewhere };
  if (elsewhere.length > 0) return { documents, keys, alone: false };
  // Most files hold one rule: no id can be shared and nothing is named (each check builds maps of
  // its own, a few per cent of a run over SigmaHQ's 3,754 files).
  if (documents.length > 1) markDuplicateIds(documents);
  // (Asked again: markDuplicateIds may have dropped a correlation.)
  if (correlations && documents.some((l) => l.rule?.kind === 'sigma-correlation')) resolveCorrelations(documents);
  return { documents, keys, alone: true };
}

/**
 * The files (indexes, ascending) to load again together, given every file's keys in order: those
 * whose correlations name rules elsewhere, those sharing a rule id with another file, and every
 * file those depend on. Loaded with loadRuleFiles, they give what loading all the files would.
 */
function filesToReload(keysOf: readonly FileKeys[]): number[] {
  const holders = new Map<string, number[]>(); // an id or name → the files whose documents carry it
  keysOf.forEach((k, index) => {
    for (const key of k.keys) {
      const list = holders.get(key);
      if (list) list.push(index);
      else holders.set(key, [index]);
    }
  });
  const sharesAnId = (index: number) => keysOf[index]!.ids.some((id) => holders.get(id)!.length > 1);
  const queue = [...keysOf.keys()].filter((i) => keysOf[i]!.elsewhere.length > 0 || sharesAnId(i));
  const needed = new Set(queue);
  for (const index of queue) {
    const related = [...keysOf[index]!.elsewhere, ...keysOf[index]!.ids].flatMap((key) => holders.get(key) ?? []);
    for (const other of related) {
      if (needed.has(other)) continue;
      needed.add(other);
      queue.push(other); // for-of reaches it too: what it depends on is needed as well
    }
  }
  return [...needed].sort((a, b) => a - b);
}

/**
 * Loads the files one at a time, for a caller that keeps only what it derives from each (convert:
 * no rule tree outlives its file; holding them all took a third more memory over SigmaHQ, 184 MB
 * peak against 126). `each(index, documents)` is called per file in order; a file whose result
 * depends on other files — a rule id that another file uses too (markDuplicateIds), a correlation
 * naming rules of other files — is loaded again at the end with every file it depends on, and
 * `each` called for those files again with what loadRuleFiles over all the files would give.
 * A caller that shares the files among threads calls loadFileAlone per file and reloadDependent
 * with every file's keys, in order, instead.
 */
export function forEachRuleFile(files: RuleFile[], each: (index: number, documents: LoadedFile[]) => void): void {
  const keysOf: FileKeys[] = [];
  for (const [index, file] of files.entries()) {
    const { documents, keys, alone } = loadFileAlone(file);
    keysOf.push(keys);
    if (alone) each(index, documents); // otherwise decided at the end, when every file's names are known
  }
  reloadDependent(files, keysOf, each);
}

/** The second pass of forEachRuleFile: the files filesToReload names, loaded together, `each` called for each. */
export function reloadDependent(files: RuleFile[], keysOf: readonly FileKeys[], each: (index: number, documents: LoadedFile[]) => void): void {
  const order = filesToReload(keysOf);
  if (order.length === 0) return;
  const reloaded = loadRuleFiles(order.map((i) => files[i]!));
  for (const index of order) each(index, reloaded.filter((l) => l.file === files[index]));
}
