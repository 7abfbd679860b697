// Finds rule files below the paths a user gave: files as given, folders searched for *.yml/*.yaml
// (but not the rules' tests, *.tests.yml) and native watch definitions, *.watch.json.
// Symbolic links are followed, safely: a dangling link, a link loop or a link back to an
// enclosing folder is that entry's error (`path:1:1`), and every other file is still found. A
// folder reached twice is searched once, and a file reached twice is loaded once.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { fileProblem } from '../yaml-tree.js';

export interface RuleFile {
  /** The argument joined with the file's path below it (what messages and reports show). */
  path: string;
  /** Where to read it from. */
  absolute: string;
  /**
   * Found to be a regular file (by the folder listing's file type, or a stat): it is read without
   * another stat (readYamlFile). A stat per file was ~25 ms of CPU time over SigmaHQ's 3,754 files.
   */
  regular?: true;
}

const YAML_FILE = /\.ya?ml$/i;
/** `x.tests.yml`: the tests of the rule `x.yml` (docs/testing.md), not a rule. */
export const TESTS_FILE = /\.tests\.ya?ml$/i;
/** `x.watch.json`: a native watch definition (rules/native/), JSON as Watcher's API takes it. */
const WATCH_JSON_FILE = /\.watch\.json$/i;
const isRuleFile = (name: string) => (YAML_FILE.test(name) && !TESTS_FILE.test(name)) || WATCH_JSON_FILE.test(name);

/**
 * `where`, when given, is where each path was written (by its index in `paths`, e.g. an entry of
 * an environment file's `rules:`): a path that does not exist is an error there.
 */
export function discoverRuleFiles(paths: string[], cwd: string, where?: (index: number) => SourceLocation | undefined): { files: RuleFile[]; diagnostics: Diagnostic[] } {
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const walked = new Set<string>();
  const add = (path: string, absolute: string, real: string) => {
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ path, absolute, regular: true });
  };
  const problem = (shown: string, message: string) => diagnostics.push(diagnostic('rules-path', message, { file: shown, line: 1, column: 1 }, LINK_HINT));
  /**
   * `real`: the folder's path with every link resolved; `ancestors`: those of the folders above it,
   * itself included. `shownJoined`: `shown` came from path.join (below the paths given), so its
   * children's paths are joined by childPath.
   */
  const walk = (shown: string, absolute: string, real: string, ancestors: Set<string>, shownJoined = false) => {
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      problem(shown, `cannot read the folder: ${fileProblem(error, absolute)}`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const childShown = shownJoined ? childPath(shown, name) : join(shown, name);
      const childAbsolute = childPath(absolute, name);
      if (entry.isDirectory()) {
        const childReal = childPath(real, name);
        if (!walked.has(childReal)) walk(childShown, childAbsolute, childReal, new Set(ancestors).add(childReal), true);
        continue;
      }
      if (entry.isFile()) {
        if (isRuleFile(name)) add(childShown, childAbsolute, childPath(real, name));
        continue;
      }
      if (!entry.isSymbolicLink()) {
        if (isRuleFile(name)) problem(childShown, 'not a regular file');
        continue;
      }
      // A link: what it leads to decides. A broken one is reported where it could be a rule or a folder.
      let target: Stats;
      let targetReal: string;
      try {
        target = statSync(childAbsolute);
        targetReal = realpathSync(childAbsolute);
      } catch (error) {
        if (isRuleFile(name) || !name.includes('.')) problem(childShown, fileProblem(error, childAbsolute));
        continue;
      }
      if (target.isDirectory()) {
        if (ancestors.has(targetReal)) problem(childShown, `symbolic link loop: the link leads back to the enclosing folder ${targetReal}`);
        else if (!walked.has(targetReal)) walk(childShown, childAbsolute, targetReal, new Set(ancestors).add(targetReal), true);
      } else if (isRuleFile(name)) {
        if (target.isFile()) add(childShown, childAbsolute, targetReal);
        else problem(childShown, 'the link leads to something that is not a regular file');
      }
    }
  };
  paths.forEach((path, i) => {
    const absolute = resolve(cwd, path);
    let stat: Stats;
    let real: string;
    try {
      stat = statSync(absolute);
      real = realpathSync(absolute);
    } catch (error) {
      const location = where?.(i);
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' && !isLink(absolute) ? `no such file or folder: ${path}` : `${path}: ${fileProblem(error, absolute)}`;
      diagnostics.push(diagnostic('rules-path', why, location, location ? `the paths under rules: (default: rules/) are relative to the project folder, ${cwd}` : undefined));
      return;
    }
    if (stat.isDirectory()) walk(path, absolute, real, new Set([real]));
    else if (stat.isFile()) add(path, absolute, real);
    else diagnostics.push(diagnostic('rules-path', `${path}: not a regular file or a folder`, where?.(i)));
  });
  return { files, diagnostics };
}

/**
 * join(parent, name) for a parent path.join or path.resolve made (normalised: no `//`, `.` or
 * `..` steps; a trailing separator only at the root or kept from the path given) and a name from a folder
 * listing (never `.`, `..`, or with a `/`): what join gives, without normalising again. join was
 * ~10% of finding SigmaHQ's 3,754 files (three per file).
 */
function childPath(parent: string, name: string): string {
  if (parent === '.') return name;
  return parent.endsWith(sep) ? parent + name : parent + sep + name;
}

const LINK_HINT = 'the other rule files are still checked; remove or fix this entry';

function isLink(absolute: string): boolean {
  try {
    return lstatSync(absolute).isSymbolicLink();
  } catch {
    return false;
  }
}
