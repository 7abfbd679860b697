// The import use case (`detctl import`, docs/import.md): every object of the environment's targets
// that detctl does not own, as a native definition file a person would have written. It lists
// each target once (adapter.listUnowned: a page at a time, never one request per object), leaves
// out what is already managed — owned on the server, adopted by the release history, or named by a
// native definition in the rules already — and returns the files with the variables their
// placeholders need. It writes nothing: the CLI writes the files once everything is known.
import { existsSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { safeFileName } from '../base/file-name.js';
import { REFERENCE_PATTERN } from '../base/references.js';
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import { discoverRuleFiles } from '../rules/discover.js';
import { loadRuleFiles } from '../rules/load-rules.js';
import { encodeObjectKey, objectKey } from '../targets/object-key.js';
import type { NativeExport } from '../targets/provider.js';
import { providerOf } from '../targets/registry.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../targets/retry.js';
import type { TargetAdapter } from '../targets/target.js';
import { previousState } from './previous-rules.js';

export interface ImportContext {
  environment: Environment;
  targets: TargetAdapter[];
  projectDir: string;
  retry?: RetryPolicy;
}

export interface ImportRequest {
  /** Only this target (default: every target of the environment). */
  target?: string;
  /** Only objects whose id or name matches this pattern (`*` any text, `?` one character). */
  select?: string;
  /** The folder the files go to, relative to the project folder; each target gets a folder in it. */
  outDir: string;
}

export interface ImportedFile {
  /** Relative to the project folder, `/`-separated. */
  path: string;
  content: string;
  target: string;
  kind: string;
  id: string;
}

export interface SkippedObject {
  target: string;
  kind: string;
  id: string;
  why: string;
}

export type ImportOutcome =
  | { status: 'error'; message: string }
  | {
      status: 'imported';
      files: ImportedFile[];
      /** The `${VAR}` placeholders the files hold in place of hidden secrets: each must be set before `plan`. */
      variables: { name: string; what: string }[];
      skipped: SkippedObject[];
      /** Per target: how many unowned objects it listed. */
      listed: Record<string, number>;
    };

export async function importObjects(context: ImportContext, request: ImportRequest): Promise<ImportOutcome> {
  const targets = request.target === undefined ? context.targets : context.targets.filter((t) => t.name === request.target);
  if (targets.length === 0) {
    return { status: 'error', message: `no target '${request.target}' in environment ${context.environment.name} (its targets: ${context.targets.map((t) => t.name).join(', ')})` };
  }
  const select = request.select === undefined ? undefined : globPattern(request.select);
  const managed = await managedElsewhere(context);
  const files: ImportedFile[] = [];
  const variables: { name: string; what: string }[] = [];
  const skipped: SkippedObject[] = [];
  const listed: Record<string, number> = {};
  const taken = new Set<string>(); // file paths given out, lower-cased (case-insensitive file systems)
  for (const target of targets) {
    if (!target.listUnowned) {
      skipped.push({ target: target.name, kind: '*', id: '*', why: `a ${target.type} target cannot list objects to import` });
      continue;
    }
    const outcome = await withRetry(context.retry ?? DEFAULT_RETRY, () => target.listUnowned!());
    if (outcome.error) return { status: 'error', message: `listing ${target.name} (${target.url}) failed after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.error.message}` };
    const live = outcome.value!;
    listed[target.name] = live.length;
    const provider = providerOf(target.type);
    const folder = posix.join(request.outDir.split(/[\\/]+/).join('/'), safeName(target.name));
    for (const object of [...live].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (select && !select.test(object.id)) continue;
      const key = { target: object.target, kind: object.kind, id: object.id };
      const why = managed.byHistory.has(encodeObjectKey(key)) ? 'adopted by an earlier deploy (the release history)' : managed.byFile.get(`${object.kind}\0${object.id}`);
      if (why) {
        skipped.push({ ...key, why });
        continue;
      }
      const exported = provider.exportNative?.(object) as NativeExport | undefined;
      if (!exported) continue; // a kind its provider does not import (macros)
      const path = freePath(context.projectDir, folder, safeName(exported.id), exported.suffix, taken);
      files.push({ path, content: fileText(exported, target), ...key });
      variables.push(...exported.variables, ...literalReferences(exported));
    }
  }
  return { status: 'imported', files, variables, skipped, listed };
}

/**
 * What must not be imported again: objects the last release adopted (listed unowned when their
 * ownership is in the history), and objects a native definition in the environment's rules
 * already names (imported, not deployed yet).
 */
async function managedElsewhere(context: ImportContext): Promise<{ byHistory: Set<string>; byFile: Map<string, string> }> {
  let byHistory = new Set<string>();
  try {
    const previous = await previousState(await createReleaseStore(context.environment, context.projectDir), context.environment.name);
    byHistory = new Set(previous.adopted.map((o) => encodeObjectKey(objectKey(o))));
  } catch {
    // no history store: nothing was adopted
  }
  const byFile = new Map<string, string>();
  const { files } = discoverRuleFiles(context.environment.settings.rules, resolve(context.projectDir));
  for (const loaded of loadRuleFiles(files)) {
    const rule = loaded.rule;
    if (rule?.kind === 'native-watch') byFile.set(`watch\0${rule.id}`, `already defined by ${rule.path}`);
    if (rule?.kind === 'native-saved-search') byFile.set(`saved-search\0${rule.name}`, `already defined by ${rule.path}`);
  }
  return { byHistory, byFile };
}

/** A file name from an id or name (base/file-name.ts). */
export const safeName = safeFileName;

/** `folder/name<suffix>`, or `name-2<suffix>`… when that path is taken (given out, or an existing file). */
function freePath(projectDir: string, folder: string, name: string, suffix: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const path = posix.join(folder, `${name}${n === 1 ? '' : `-${n}`}${suffix}`);
    if (taken.has(path.toLowerCase()) || existsSync(join(projectDir, path))) continue;
    taken.add(path.toLowerCase());
    return path;
  }
}

/** The definition as YAML (the core schema detctl reads files with), after a line saying where it came from. */
function fileText(exported: NativeExport, target: TargetAdapter): string {
  const yaml = jsyaml.dump(exported.definition, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true });
  return `# Imported by detctl import from target ${target.name} (${target.url}); docs/import.md\n${yaml}`;
}

/**
 * Text of the object that reads as a reference (`${NAME}`) but is no placeholder of import's: a
 * native file reads every `${NAME}` as a variable (there is no escape), so it must be set too —
 * to the text itself, to keep the object as it is.
 */
function literalReferences(exported: NativeExport): { name: string; what: string }[] {
  const placeholders = new Set(exported.variables.map((v) => v.name));
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') for (const m of value.matchAll(REFERENCE_PATTERN)) if (!placeholders.has(m[1])) found.add(m[1]);
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(exported.definition);
  return [...found].map((name) => ({ name, what: `the text \${${name}} in ${exported.id}, read as a variable: set ${name}='\${${name}}' to keep it as it is` }));
}

/** A glob (`*`, `?`) as an anchored regular expression. */
function globPattern(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
