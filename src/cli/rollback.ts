// `detctl rollback --env E [--to RELEASE] [--dry-run] [--yes]`: make an earlier release's objects
// the desired state and go through the same plan, confirmation and apply as a deploy.
import type { Command } from 'commander';
import { createReleaseStore } from '../history/create-store.js';
import { previousRelease } from '../history/release-history.js';
import type { CliIO } from './io.js';
import { loadPlanContext } from './load-plan-context.js';
import { addApplyOptions, deployDesired, type DeployOptions } from './deploy.js';

export function registerRollback(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  const command = program
    .command('rollback')
    .description('restore the objects of an earlier release (default: the one before the current)')
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .option('--to <release>', 'release id to restore');
  return addApplyOptions(command).action(async (options: DeployOptions & { to?: string }, cmd: Command) => {
    const context = await loadPlanContext(io, cmd, options.env);
    if (!context) return setExit(1);
    let target;
    try {
      const releases = await (await createReleaseStore(context.environment, context.projectDir)).list(context.environment.name);
      target = options.to ? releases.find((r) => r.id === options.to) : previousRelease(releases);
      if (!target) {
        io.err(options.to ? `error: no release ${options.to} of ${options.env}\n` : `error: ${options.env} has no release before the current one to roll back to\n`);
        return setExit(1);
      }
    } catch (error) {
      io.err(`error: history store: ${(error as Error).message}\n`);
      return setExit(1);
    }
    const targetNames = new Set(context.targets.map((t) => t.name));
    const missing = Object.keys(target.targets).filter((t) => !targetNames.has(t));
    if (missing.length > 0) {
      io.err(`error: release ${target.id} has objects for targets this environment no longer has: ${missing.join(', ')}\n`);
      return setExit(1);
    }
    io.err(`Rolling ${options.env} back to release ${target.id} (${target.createdAt}${target.git ? `, commit ${target.git.commit.slice(0, 12)}` : ''}).\n`);
    const desired = Object.values(target.targets).flatMap((t) => t.desired);
    setExit(await deployDesired(io, { context, desired, options, command: 'rollback', rollbackOf: target.id }));
  });
}
