// Loads rule files into validated rules. Each file is read and checked on its own, so one bad
// file never hides the problems (or the results) of the others; checks across files come last.
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { YamlNode } from '../yaml-tree.js';
import { readYamlDocument } from './read-yaml-document.js';
import type { RuleFile } from './discover.js';
import { loadSigmaRule } from './sigma/load-sigma-rule.js';
import type { SigmaRule } from './sigma/model.js';
import { isEscuDetection, loadEscuDetection } from './escu/load-escu-detection.js';
import type { EscuDetection } from './escu/model.js';

/** A rule of either input kind; `kind` tells them apart. */
export type Rule = SigmaRule | EscuDetection;

export interface LoadedFile {
  file: RuleFile;
  rule?: Rule;
  /** The rule id even when the rule is invalid, for reports. */
  id?: string;
  diagnostics: Diagnostic[];
}

/** `text` is the file's content when the caller has it already; otherwise the file is read (within the input limits). */
export function loadRuleFile(file: RuleFile, text?: string): LoadedFile {
  const { doc, diagnostics } = readYamlDocument(file, text);
  if (!doc) return { file, diagnostics };
  const id = doc.kind === 'map' ? doc.entries.find((e) => e.key === 'id') : undefined;
  const idText = id?.value.kind === 'scalar' && id.value.value !== null ? String(id.value.value) : undefined;
  const result = loadRule(doc, file.path);
  return { file, ...(result.rule ? { rule: result.rule } : {}), ...(idText ? { id: idText } : {}), diagnostics: result.diagnostics };
}

/** ESCU detections have `search`/`type`/`name` and no `detection`; everything else is Sigma. */
function loadRule(doc: YamlNode, path: string): { rule?: Rule; diagnostics: Diagnostic[] } {
  if (!isEscuDetection(doc)) return loadSigmaRule(doc, path);
  const { detection, diagnostics } = loadEscuDetection(doc, path);
  return { ...(detection ? { rule: detection } : {}), diagnostics };
}

/** Loads every file and then reports rule ids used by more than one file. */
export function loadRuleFiles(files: RuleFile[]): LoadedFile[] {
  const loaded = files.map((file) => loadRuleFile(file));
  markDuplicateIds(loaded);
  return loaded;
}

/**
 * A rule id used by more than one of these files is an error in each of them: the rule is
 * dropped and the file gets a diagnostic naming the others.
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
