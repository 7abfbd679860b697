// Content files that must be unique by some key (one macro per stanza, one deployment per type):
// each file is loaded on its own; a second file for a key already taken is an error at that file.
import type { Diagnostic } from '../../diagnostics.js';
import type { RuleFile } from '../discover.js';
import { readYamlDocument } from '../read-yaml-document.js';
import type { YamlNode } from '../../yaml-tree.js';

export interface UniqueFiles<T> {
  load(doc: YamlNode, path: string): { value?: T; diagnostics: Diagnostic[] };
  key(value: T): string;
  duplicate(value: T, first: T): Diagnostic;
}

export function loadUniqueFiles<T>(files: RuleFile[], kind: UniqueFiles<T>): { values: T[]; diagnostics: Diagnostic[] } {
  const byKey = new Map<string, T>();
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const read = readYamlDocument(file);
    diagnostics.push(...read.diagnostics);
    if (!read.doc) continue;
    const loaded = kind.load(read.doc, file.path);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value === undefined) continue;
    const first = byKey.get(kind.key(loaded.value));
    if (first !== undefined) diagnostics.push(kind.duplicate(loaded.value, first));
    else byKey.set(kind.key(loaded.value), loaded.value);
  }
  return { values: [...byKey.values()], diagnostics };
}
