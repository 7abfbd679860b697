// environments/<name>.yaml into validated settings: YAML with positions, ${VAR} from the process
// environment, then the schema. Every problem names the file, line and key.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { parseYaml, toPlain, type YamlNode } from '../yaml-tree.js';
import { interpolate } from './interpolate.js';
import { environmentSchema, TARGET_TYPES, type EnvironmentSettings } from './schema.js';

export interface Environment {
  name: string;
  /** The file as shown in messages (relative to the project folder). */
  file: string;
  settings: EnvironmentSettings;
  /** Values that came from the environment: never to be printed or written. */
  secrets: string[];
  /** Locations of keys, for errors found later (e.g. a rule filter that selects nothing). */
  locate(path: (string | number)[]): SourceLocation;
}

export interface LoadedEnvironment {
  environment?: Environment;
  diagnostics: Diagnostic[];
}

function environmentFile(projectDir: string, name: string): string | undefined {
  for (const ext of ['yaml', 'yml']) {
    const path = join(projectDir, 'environments', `${name}.${ext}`);
    if (existsSync(path)) return path;
  }
  return undefined;
}

export function loadEnvironment(projectDir: string, name: string, env: NodeJS.ProcessEnv): LoadedEnvironment {
  const path = environmentFile(projectDir, name);
  if (!path) {
    return { diagnostics: [diagnostic('env-missing', `no environment '${name}': environments/${name}.yaml does not exist`, undefined, 'environments are files in the project folder\'s environments/ (see --dir)')] };
  }
  const file = relative(projectDir, path);
  return parseEnvironment(readFileSync(path, 'utf8'), file, name, env);
}

export function parseEnvironment(text: string, file: string, name: string, env: NodeJS.ProcessEnv): LoadedEnvironment {
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const root = parsed.documents[0];
  if (!root || root.kind !== 'map') {
    return { diagnostics: [diagnostic('env-shape', 'an environment file must be a YAML mapping', root?.loc ?? { file, line: 1, column: 1 })] };
  }
  const { node, secrets, diagnostics } = interpolate(root, env);
  const locate = (path: (string | number)[]) => locateIn(node, path) ?? node.loc;
  const result = environmentSchema.safeParse(toPlain(node));
  if (!result.success) diagnostics.push(...result.error.issues.map((issue) => issueDiagnostic(issue, node, locate)));
  if (!result.success || diagnostics.length > 0) return { diagnostics };
  const settings = result.data;
  const history = settings.history;
  if (history.store === 'elasticsearch' && settings.targets[history.target]?.type !== 'elasticsearch') {
    return { diagnostics: [diagnostic('env-history', `history.target '${history.target}' is not an elasticsearch target of this environment`, locate(['history', 'target']))] };
  }
  return { environment: { name, file, settings, secrets, locate }, diagnostics: [] };
}

/** The key at the end of a path (or the node, for list items). */
function locateIn(root: YamlNode, path: (string | number)[]): SourceLocation | undefined {
  let node: YamlNode | undefined = root;
  let loc: SourceLocation | undefined;
  for (const step of path) {
    if (node?.kind === 'map') {
      const e: { keyLoc: SourceLocation; value: YamlNode } | undefined = node.entries.find((x) => x.key === String(step));
      if (!e) return loc;
      loc = e.keyLoc;
      node = e.value;
    } else if (node?.kind === 'seq' && typeof step === 'number') {
      node = node.items[step];
      loc = node?.loc ?? loc;
    } else return loc;
  }
  return loc;
}

function issueDiagnostic(issue: z.core.$ZodIssue, root: YamlNode, locate: (p: (string | number)[]) => SourceLocation): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const key = path.join('.') || '(top level)';
  const loc = locate(path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return diagnostic('env-schema', `${key === '(top level)' ? '' : `${key}: `}unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`, locate([...path, keys[0]]));
  }
  if (issue.code === 'invalid_union' && path[0] === 'targets' && path.length >= 2) {
    const type = targetType(root, String(path[1]));
    if (type !== undefined && !(TARGET_TYPES as readonly string[]).includes(type)) {
      return diagnostic('env-schema', `targets.${String(path[1])}: unknown target type '${type}'; expected ${TARGET_TYPES.join(' or ')}`, locate(['targets', path[1], 'type']));
    }
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const parent = path.slice(0, -1);
    return diagnostic('env-schema', `${parent.join('.') || '(top level)'}: missing required key '${String(path[path.length - 1])}'`, locate(parent));
  }
  return diagnostic('env-schema', `${key}: ${issue.message}`, loc);
}

function targetType(root: YamlNode, name: string): string | undefined {
  if (root.kind !== 'map') return undefined;
  const targets = root.entries.find((e) => e.key === 'targets')?.value;
  const target = targets?.kind === 'map' ? targets.entries.find((e) => e.key === name)?.value : undefined;
  const type = target?.kind === 'map' ? target.entries.find((e) => e.key === 'type')?.value : undefined;
  return type?.kind === 'scalar' ? String(type.value) : undefined;
}
