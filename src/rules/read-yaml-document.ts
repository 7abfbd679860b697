// The YAML documents of one file: an ESCU macro or deployment is one object per file
// (readYamlDocument); a Sigma file may hold several rules and correlations, `---` separated
// (readYamlDocuments), as SigmaHQ writes a correlation beside the rules it names.
// The file is read only within the input limits (src/yaml-tree.ts); what cannot be read is that
// file's error.
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseYaml, readYamlFile, type YamlNode } from '../yaml-tree.js';
import type { RuleFile } from './discover.js';

/** Every document of the file (at least one). `text` is the file's content when the caller has it already; otherwise the file is read. */
export function readYamlDocuments(file: RuleFile, text?: string): { docs: YamlNode[]; diagnostics: Diagnostic[] } {
  if (text === undefined) {
    const read = readYamlFile(file.absolute, file.path, undefined, file.regular);
    if (read.text === undefined) return { docs: [], diagnostics: read.diagnostics };
    text = read.text;
  }
  const parsed = parseYaml(text, file.path);
  if (parsed.diagnostics.length > 0) return { docs: [], diagnostics: parsed.diagnostics };
  if (parsed.documents.length === 0) return { docs: [], diagnostics: [diagnostic('yaml-empty', 'the file is empty', { file: file.path, line: 1, column: 1 })] };
  return { docs: parsed.documents, diagnostics: [] };
}

/** The file's one document; several are an error. */
export function readYamlDocument(file: RuleFile, text?: string): { doc?: YamlNode; diagnostics: Diagnostic[] } {
  const parsed = readYamlDocuments(file, text);
  if (parsed.docs.length === 0) return { diagnostics: parsed.diagnostics };
  if (parsed.docs.length > 1) {
    return { diagnostics: [diagnostic('yaml-multi-document', 'the file holds several YAML documents; detctl expects one object per file', parsed.docs[1].loc)] };
  }
  return { doc: parsed.docs[0], diagnostics: [] };
}
