// `detctl build --env E --out DIR`: write the desired objects as files for review.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { containsSecret } from '../base/references.js';
import { VERSION } from '../version.js';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir, type ProjectOptions } from './rule-paths.js';

export function registerBuild(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('build')
    .description('render the environment\'s watches and saved searches into files (nothing is sent anywhere)')
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .requiredOption('--out <dir>', 'output folder')
    .action(async (options: { env: string; out: string }, command: Command) => {
      const [{ loadDesiredState }, { buildFiles, writeBuild }] = await Promise.all([import('../desired/load-desired-state.js'), import('../targets/build-files.js')]);
      const globals = command.optsWithGlobals<ProjectOptions & { quiet?: boolean }>();
      const dir = projectDir(io, globals);
      const state = loadDesiredState(dir, options.env, io.env);
      if (!globals.quiet) printDiagnostics(io, state.warnings);
      if (state.diagnostics.length > 0) {
        printDiagnostics(io, state.diagnostics);
        io.err(`build: nothing written (${state.diagnostics.length} error${state.diagnostics.length === 1 ? '' : 's'})\n`);
        return setExit(1);
      }
      const files = buildFiles(state.objects, VERSION);
      // Values from the environment are rendered as references (`${VAR}`); make sure none found its way into a file.
      const leaked = files.find((f) => containsSecret(f.content, state.environment!.secrets));
      if (leaked) {
        io.err(`error: ${leaked.path} would contain a secret from the environment; nothing written\n`);
        return setExit(1);
      }
      const out = resolve(io.cwd, options.out);
      writeBuild(out, files);
      if (!globals.quiet) io.out(`build: ${state.objects.length} objects from ${state.rules.length} rules into ${options.out} (${files.length} files)\n`);
      setExit(0);
    });
}
