// `detctl validate [PATH...]`: load and check every rule file, print every problem, exit 1 on any.
// The problems are diagnostics (stderr); the summary line is the command's result (stdout).
// Rules without tests get a warning (stderr), which does not change the exit code.
import type { Command } from 'commander';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir, rulePaths, type ProjectOptions } from './rule-paths.js';

/** How many rules without tests are named one by one; past that, they are counted. */
const UNTESTED_SHOWN = 20;

const testsFileName = (path: string) => path.replace(/\.ya?ml$/i, '.tests.yml');

export function registerValidate(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('validate')
    .description('parse and validate rules; every problem is printed as path:line:col: error: message')
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const [{ discoverRuleFiles }, { loadRuleFiles }, { hasTests }] = await Promise.all([import('../rules/discover.js'), import('../rules/load-rules.js'), import('../ruletest/has-tests.js')]);
      const options = command.optsWithGlobals<ProjectOptions & { quiet?: boolean }>();
      const cwd = projectDir(io, options);
      const { files, diagnostics } = discoverRuleFiles(rulePaths(paths), cwd);
      printDiagnostics(io, diagnostics);
      const loaded = loadRuleFiles(files);
      // Native definitions get their target's checks too (the Watcher grammar, the saved-search key
      // table), as plan would run them; only the app, which needs an environment's target, is not
      // checked. Loaded only when there are any: the checks bring the targets' settings (and zod).
      if (loaded.some((l) => l.rule?.kind.startsWith('native-'))) {
        const [{ checkNativeWatch }, { checkNativeSavedSearch }] = await Promise.all([import('../targets/elasticsearch/native-watch.js'), import('../targets/splunk/native-saved-search.js')]);
        for (const l of loaded) {
          if (l.rule?.kind === 'native-watch') l.diagnostics.push(...checkNativeWatch(l.rule));
          if (l.rule?.kind === 'native-saved-search') l.diagnostics.push(...checkNativeSavedSearch(l.rule));
        }
      }
      let failed = diagnostics.length > 0 ? 1 : 0;
      for (const l of loaded) {
        printDiagnostics(io, l.diagnostics);
        if (l.diagnostics.length > 0) failed++;
      }
      // Rules without tests are worth knowing about, not an error: `detctl test` has nothing to check for them.
      // A native watch or saved search has no query detctl compiled, so nothing to test (docs/import.md).
      const untested = loaded.flatMap((l) => (l.rule && !l.rule.kind.startsWith('native-') && !hasTests(l.rule, cwd) ? [l.rule] : []));
      if (!options.quiet) {
        for (const rule of untested.slice(0, UNTESTED_SHOWN)) io.err(`${rule.path}:${rule.loc.line}:${rule.loc.column}: warning: the rule has no tests (add ${testsFileName(rule.path)}; docs/testing.md)\n`);
        if (untested.length > UNTESTED_SHOWN) io.err(`warning: ${untested.length - UNTESTED_SHOWN} more rules have no tests\n`);
      }
      if (!options.quiet) {
        // A file may hold several documents (a Sigma correlation and its rules): files are counted.
        const checked = new Set(loaded.map((l) => l.file.path)).size;
        const bad = new Set(loaded.filter((l) => l.diagnostics.length > 0).map((l) => l.file.path)).size;
        io.out(`${checked} rule file${checked === 1 ? '' : 's'} checked, ${bad} with errors\n`);
      }
      setExit(failed > 0 ? 1 : 0);
    });
}
