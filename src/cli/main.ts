// Entry point: builds the command tree and returns the exit code. Commands live one per file.
import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { colorFor, processIO, type CliIO } from './io.js';
import { registerValidate } from './validate.js';
import { registerTest } from './test.js';
import { registerConvert } from './convert.js';
import { registerBuild } from './build.js';
import { registerPlan } from './plan.js';
import { registerDeploy } from './deploy.js';
import { registerRollback } from './rollback.js';
import { registerImport } from './import.js';
import { registerReleases } from './releases.js';
import { registerSandbox } from './sandbox.js';
import { registerDemo } from './demo-command.js';
import { addExamples } from './help-examples.js';
import { VERSION } from '../version.js';

/**
 * Commander must report through our IO and never call process.exit itself (tests run in-process).
 * Help is wrapped to the terminal's width and coloured as our own output is (io.ts colorFor), from
 * the IO too: commander's defaults would build process.stdout for it.
 */
function quietExits(command: Command, output: OutputConfiguration): void {
  command.exitOverride().configureOutput(output);
  for (const sub of command.commands) quietExits(sub, output);
}

function outputTo(io: CliIO): OutputConfiguration {
  // 80: commander's width for output that is not a terminal.
  return { writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), getOutHelpWidth: () => io.columns ?? 80, getOutHasColors: () => colorFor(io, 'out') };
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let exitCode = 0;
  const output = outputTo(io);
  const program = new Command('detctl')
    .description('Detection-as-code: Sigma and ESCU rules to Elasticsearch Watcher and Splunk, planned and deployed')
    .version(VERSION)
    .option('--dir <dir>', 'project folder holding rules/ and environments/ (default: current folder)')
    .option('--no-color', 'plain output without ANSI colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)')
    .option('--quiet', 'print only errors and results')
    .option('--verbose', 'also print what was loaded and listed, with timings (on stderr)')
    .exitOverride()
    .configureOutput(output);

  const setExit = (code: number) => {
    exitCode = code;
  };
  for (const register of [registerValidate, registerTest, registerConvert, registerBuild, registerPlan, registerDeploy, registerRollback, registerImport, registerReleases, registerSandbox, registerDemo]) {
    quietExits(register(program, io, setExit), output);
  }
  addExamples(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; usage errors with 1.
      return error.exitCode === 0 ? 0 : 1;
    }
    throw error;
  }
  return exitCode;
}
