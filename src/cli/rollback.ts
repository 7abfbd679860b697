// `detctl rollback --env E [--to RELEASE] [--dry-run] [--yes]`: make an earlier release's objects
// the desired state and go through the same plan, confirmation and apply as a deploy.
import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { addApplyOptions, runDeploy, type DeployOptions } from './deploy.js';

export function registerRollback(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  const command = program
    .command('rollback')
    .description('restore the objects of an earlier release (default: the one before the current)')
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .option('--to <release>', 'release id to restore');
  return addApplyOptions(command).action(async (options: DeployOptions & { to?: string }, cmd: Command) => {
    const [{ selectRollback }, { loadPlanContext }] = await Promise.all([import('../deploy/rollback.js'), import('./load-plan-context.js')]);
    const context = await loadPlanContext(io, cmd, options.env);
    if (!context) return setExit(1);
    const selection = await selectRollback(context.environment, context.projectDir, context.targets.map((t) => t.name), options.to);
    switch (selection.status) {
      case 'history-error':
        io.err(`error: history store: ${selection.message}\n`);
        return setExit(1);
      case 'no-such-release':
        io.err(`error: no release ${selection.id} of ${options.env}\n`);
        return setExit(1);
      case 'no-previous-release':
        io.err(`error: ${options.env} has no release before the current one to roll back to\n`);
        return setExit(1);
      case 'missing-targets':
        io.err(`error: release ${selection.release.id} has objects for targets this environment no longer has: ${selection.targets.join(', ')}\n`);
        return setExit(1);
      case 'selected': {
        const { release, desired } = selection;
        if (!context.quiet) io.err(`Rolling ${options.env} back to release ${release.id} (${release.createdAt}${release.git ? `, commit ${release.git.commit.slice(0, 12)}` : ''}).\n`);
        setExit(await runDeploy(io, context, options, { desired, command: 'rollback', rollbackOf: release.id }));
      }
    }
  });
}
