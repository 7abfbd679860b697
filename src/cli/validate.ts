// `detctl validate [PATH...]`: load and check every rule file, print every problem, exit 1 on any.
// The problems are diagnostics (stderr); the summary line is the command's result (stdout).
import type { Command } from 'commander';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir, rulePaths, type ProjectOptions } from './rule-paths.js';

export function registerValidate(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('validate')
    .description('parse and validate rules; every problem is printed as path:line:col: error: message')
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const [{ discoverRuleFiles }, { loadRuleFiles }] = await Promise.all([import('../rules/discover.js'), import('../rules/load-rules.js')]);
      const options = command.optsWithGlobals<ProjectOptions & { quiet?: boolean }>();
      const cwd = projectDir(io, options);
      const { files, diagnostics } = discoverRuleFiles(rulePaths(paths), cwd);
      printDiagnostics(io, diagnostics);
      const loaded = loadRuleFiles(files);
      let failed = diagnostics.length > 0 ? 1 : 0;
      for (const l of loaded) {
        printDiagnostics(io, l.diagnostics);
        if (l.diagnostics.length > 0) failed++;
      }
      if (!options.quiet) {
        const bad = loaded.filter((l) => l.diagnostics.length > 0).length;
        io.out(`${loaded.length} rule file${loaded.length === 1 ? '' : 's'} checked, ${bad} with errors\n`);
      }
      setExit(failed > 0 ? 1 : 0);
    });
}
