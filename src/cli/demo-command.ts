// `detctl demo`: the main job on the built-in sandbox (cli/demo.ts), from wherever detctl is
// installed. Loaded lazily: only this command pays for the sandbox.
import type { Command } from 'commander';
import type { CliIO } from './io.js';

export function registerDemo(program: Command, _io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('demo')
    .description('deploy the example rules to a built-in sandbox, change one, plan, redeploy and roll back')
    .action(async () => {
      const { runDemo } = await import('./demo.js');
      setExit(await runDemo());
    });
}
