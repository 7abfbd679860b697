// One YAML document from one file: a rule, an ESCU macro or deployment is one object per file.
// The file is read only within the input limits (src/yaml-tree.ts); what cannot be read is that
// file's error.
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseYaml, readYamlFile, type YamlNode } from '../yaml-tree.js';
import type { RuleFile } from './discover.js';

/** `text` is the file's content when the caller has it already; otherwise the file is read. */
export function readYamlDocument(file: RuleFile, text?: string): { doc?: YamlNode; diagnostics: Diagnostic[] } {
  if (text === undefined) {
    const read = readYamlFile(file.absolute, file.path);
    if (read.text === undefined) return { diagnostics: read.diagnostics };
    text = read.text;
  }
  const parsed = parseYaml(text, file.path);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  if (parsed.documents.length === 0) return { diagnostics: [diagnostic('yaml-empty', 'the file is empty', { file: file.path, line: 1, column: 1 })] };
  if (parsed.documents.length > 1) {
    return { diagnostics: [diagnostic('yaml-multi-document', 'the file holds several YAML documents; detctl expects one object per file', parsed.documents[1].loc)] };
  }
  return { doc: parsed.documents[0], diagnostics: [] };
}
