// environments/<name>.yaml into validated settings: YAML with positions, ${VAR} from the process
// environment, then the schema. Every problem names the file, line and key.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { didYouMean } from '../base/did-you-mean.js';
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

/** The environments of a project (environments/*.yaml and *.yml), sorted; none when there is no such folder. */
export function environmentNames(projectDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(projectDir, 'environments'));
  } catch {
    return [];
  }
  const found = names.filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, ''));
  return [...new Set(found)].sort();
}

export function loadEnvironment(projectDir: string, name: string, env: NodeJS.ProcessEnv): LoadedEnvironment {
  const path = environmentFile(projectDir, name);
  if (!path) {
    const known = environmentNames(projectDir);
    const hint = known.length > 0 ? `the environments in environments/: ${known.join(', ')}` : 'environments are files in the project folder\'s environments/ (see --dir)';
    return { diagnostics: [diagnostic('env-missing', `no environment '${name}': environments/${name}.yaml does not exist${didYouMean(name, known)}`, undefined, hint)] };
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
  if (!result.success) diagnostics.push(...schemaDiagnostics(result.error.issues, node, { code: 'env-schema', what: 'an environment file', hint: 'docs/environments.md describes every key of an environment file', schema: environmentSchema }));
  if (!result.success || diagnostics.length > 0) return { diagnostics };
  const settings = result.data;
  const history = settings.history;
  if (history.store === 'elasticsearch' && settings.targets[history.target]?.type !== 'elasticsearch') {
    return { diagnostics: [diagnostic('env-history', `history.target '${history.target}' is not an elasticsearch target of this environment`, locate(['history', 'target']))] };
  }
  return { environment: { name, file, settings, secrets, locate }, diagnostics: [] };
}
