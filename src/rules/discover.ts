// Finds rule files below the paths a user gave: files as given, folders searched for *.yml/*.yaml.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';

export interface RuleFile {
  /** The argument joined with the file's path below it (what messages and reports show). */
  path: string;
  /** Where to read it from. */
  absolute: string;
}

const RULE_FILE = /\.ya?ml$/i;

export function discoverRuleFiles(paths: string[], cwd: string): { files: RuleFile[]; diagnostics: Diagnostic[] } {
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (path: string, absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path, absolute });
  };
  const walk = (shown: string, absolute: string) => {
    for (const name of readdirSync(absolute).sort()) {
      if (name.startsWith('.')) continue;
      const childShown = join(shown, name);
      const childAbsolute = join(absolute, name);
      const stat = statSync(childAbsolute);
      if (stat.isDirectory()) walk(childShown, childAbsolute);
      else if (RULE_FILE.test(name)) add(childShown, childAbsolute);
    }
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      diagnostics.push(diagnostic('rules-path', `no such file or folder: ${path}`, undefined));
      continue;
    }
    if (stat.isDirectory()) walk(path, absolute);
    else add(path, absolute);
  }
  return { files, diagnostics };
}
