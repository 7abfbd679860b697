// One YAML document from one file: a rule, an ESCU macro or deployment is one object per file.
import { readFileSync } from 'node:fs';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseYaml, type YamlNode } from '../yaml-tree.js';
import type { RuleFile } from './discover.js';

export function readYamlDocument(file: RuleFile, text = readFileSync(file.absolute, 'utf8')): { doc?: YamlNode; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text, file.path);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  if (parsed.documents.length === 0) return { diagnostics: [diagnostic('yaml-empty', 'the file is empty', { file: file.path, line: 1, column: 1 })] };
  if (parsed.documents.length > 1) {
    return { diagnostics: [diagnostic('yaml-multi-document', 'the file holds several YAML documents; detctl expects one object per file', parsed.documents[1].loc)] };
  }
  return { doc: parsed.documents[0], diagnostics: [] };
}
