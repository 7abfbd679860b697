// environments/<name>.yaml into validated settings: YAML with positions, ${VAR} from the process
// environment, then the schema. Every problem names the file, line and key.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { References } from '../base/references.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { locate as locateIn, parseYaml, readYamlFile, schemaDiagnostics, toPlain } from '../yaml-tree.js';
import { interpolate } from './interpolate.js';
import { environmentSchema, type EnvironmentSettings } from './schema.js';

export interface Environment {
  name: string;
  /** The file as shown in messages (relative to the project folder). */
  file: string;
  settings: EnvironmentSettings;
  /**
   * The variables the file references and their values: rendered objects, plans, releases and
   * output hold `${VAR}` instead of a value; adapters resolve it in request bodies only.
   */
  secrets: References;
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
  const read = readYamlFile(path, file);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  return parseEnvironment(read.text, file, name, env);
}

export function parseEnvironment(text: string, file: string, name: string, env: NodeJS.ProcessEnv): LoadedEnvironment {
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const root = parsed.documents[0];
  if (!root || root.kind !== 'map') {
    return { diagnostics: [diagnostic('env-shape', 'an environment file must be a YAML mapping', root?.loc ?? { file, line: 1, column: 1 })] };
  }
  const { node, secrets, diagnostics } = interpolate(root, env);
  const locate = (path: (string | number)[]) => locateIn(node, path);
  const result = environmentSchema.safeParse(toPlain(node));
  if (!result.success) diagnostics.push(...schemaDiagnostics(result.error.issues, node, { code: 'env-schema', what: 'an environment file', hint: 'docs/environments.md describes every key of an environment file' }));
  if (!result.success || diagnostics.length > 0) return { diagnostics };
  const settings = result.data;
  const history = settings.history;
  if (history.store === 'elasticsearch' && settings.targets[history.target]?.type !== 'elasticsearch') {
    return { diagnostics: [diagnostic('env-history', `history.target '${history.target}' is not an elasticsearch target of this environment`, locate(['history', 'target']))] };
  }
  return { environment: { name, file, settings, secrets, locate }, diagnostics: [] };
}
