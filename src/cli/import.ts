// `detctl import --env E [--target T] [--select PATTERN] [--out DIR]`: write the targets' objects
// detctl does not own as native definition files (docs/import.md), then say which variables to set
// and what to run next. Only the environment file needs to be valid: the rules may not be yet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { redact } from '../plan/redact.js';
import { DEFAULT_RETRY } from '../targets/retry.js';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir as projectDirOf, type ProjectOptions } from './rule-paths.js';

interface ImportOptions {
  env: string;
  target?: string;
  select?: string;
  out?: string;
}

export function registerImport(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('import')
    .description("write the targets' objects detctl does not own as native definition files, to adopt them with the next deploy")
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .option('--target <name>', 'only this target of the environment')
    .option('--select <pattern>', 'only objects whose id or name matches (* any text, ? one character)')
    .option('--out <dir>', 'folder for the files, one folder per target in it (default: <first rules path>/imported)')
    .action(async (options: ImportOptions, command: Command) => {
      const [{ loadEnvironment }, { createTargets }, { importObjects }] = await Promise.all([import('../config/load-environment.js'), import('../live/create-targets.js'), import('../deploy/import.js')]);
      const globals = command.optsWithGlobals<ProjectOptions & { quiet?: boolean }>();
      const projectDir = projectDirOf(io, globals);
      const { environment, diagnostics } = loadEnvironment(projectDir, options.env, io.env);
      if (!environment) {
        printDiagnostics(io, diagnostics);
        return setExit(1);
      }
      const rulesPath = environment.settings.rules[0] ?? 'rules/';
      // --out is relative to the current folder, as every path argument; the files' paths to the project folder.
      const outDir = options.out === undefined ? posix.join(rulesPath, 'imported') : relative(projectDir, resolve(io.cwd, options.out)) || '.';
      const secrets = environment.secrets;
      let outcome;
      try {
        const targets = await createTargets(environment, { projectDir });
        outcome = await importObjects({ environment, targets, projectDir, retry: { ...DEFAULT_RETRY, ...io.retry } }, { target: options.target, select: options.select, outDir });
      } catch (error) {
        io.err(`error: ${redact((error as Error).message, secrets)}\n`);
        return setExit(1);
      }
      if (outcome.status === 'error') {
        io.err(`error: ${redact(outcome.message, secrets)}\n`);
        return setExit(1);
      }
      for (const file of outcome.files) {
        const path = join(projectDir, file.path);
        mkdirSync(dirname(path), { recursive: true });
        // 'wx': a file that appeared since the names were chosen is never overwritten.
        writeFileSync(path, redact(file.content, secrets), { flag: 'wx' });
      }
      const quiet = globals.quiet === true;
      if (!quiet) for (const s of outcome.skipped) io.err(`skipped ${s.kind} ${s.id} on ${s.target}: ${s.why}\n`);
      const listed = Object.entries(outcome.listed).map(([t, n]) => `${t}: ${n} unowned`).join(', ');
      io.out(`Imported ${outcome.files.length} object${outcome.files.length === 1 ? '' : 's'} into ${outDir}/ (${listed || 'nothing listed'}).\n`);
      if (outcome.variables.length > 0) {
        io.out(`The files hold placeholders for secrets the server does not show; set these variables before planning:\n`);
        for (const v of outcome.variables) io.out(`  ${v.name}  (${v.what})\n`);
      }
      const underRules = environment.settings.rules.some((r) => {
        const rel = relative(resolve(projectDir, r), resolve(projectDir, outDir));
        return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
      });
      if (!underRules) io.err(`warning: ${outDir} is not under the environment's rules paths (${environment.settings.rules.join(', ')}): plan will not read the files there\n`);
      if (outcome.files.length > 0) io.out(`Next: detctl plan --env ${environment.name}   (each imported object shows as "adopt")\n`);
      setExit(0);
    });
}
