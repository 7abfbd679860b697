// `detctl deploy --env E [--dry-run] [--yes] [--plan PLAN.json] [--concurrency N] [--format text|json]
//  [--allow-mass-delete] [--force-unlock]`: parse the flags, run the deploy use case (deploy/),
//  confirm when it asks, print what it returns.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { durationMillis } from '../base/duration.js';
import type { DeployOutcome, DeployRequest } from '../deploy/deploy.js';
import { MASS_DELETE_FLOOR, MASS_DELETE_SHARE } from '../plan/mass-delete.js';
import type { Plan } from '../plan/model.js';
import { redact } from '../plan/redact.js';
import { stdinIsTTY, type CliIO } from './io.js';
import { INTERRUPT_DESCRIPTION, Interruption } from './interrupt.js';
import type { PlanContext } from './load-plan-context.js';
import { progressBar, type StatusLine } from './progress.js';

export interface DeployOptions {
  env: string;
  dryRun?: boolean;
  yes?: boolean;
  plan?: string;
  concurrency: string;
  format: 'text' | 'json';
  allowMassDelete?: boolean;
  forceUnlock?: boolean;
  test?: boolean;
}

export function registerDeploy(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  const command = program
    .command('deploy')
    .description("plan, confirm and apply the environment's changes, and record a release")
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .option('--plan <file>', 'apply a plan saved with `plan --out`, refused if live objects changed since')
    .option('--test', "run the rules' tests first (as `detctl test --env`); refuse to deploy when one fails");
  return addApplyOptions(command).action(async (options: DeployOptions, cmd: Command) => {
    const { loadPlanContext } = await import('./load-plan-context.js');
    const context = await loadPlanContext(io, cmd, options.env);
    if (!context) return setExit(1);
    if (options.test) {
      // Before the lock, the listing and any write: a rule that fails its tests is never sent.
      const { testsPass } = await import('./test.js');
      if (!(await testsPass(io, context))) return setExit(1);
    }
    setExit(await runDeploy(io, context, options, { desired: context.desired, command: 'deploy' }));
  });
}

/** The options deploy and rollback share. */
export function addApplyOptions(command: Command): Command {
  return command
    .option('--dry-run', 'show the plan and change nothing')
    .option('--yes', 'apply without asking (required when there is no terminal)')
    .option('--concurrency <n>', 'changes in flight at once, per target', '8')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--allow-mass-delete', `allow deleting every managed object of a target, or more than ${MASS_DELETE_FLOOR} and more than ${MASS_DELETE_SHARE * 100}% of them`)
    .option('--force-unlock', "clear the environment's lock first (after a run that died)");
}

/** Runs the deploy use case with the flags, asking and printing on the way. Resolves to the exit code. */
export async function runDeploy(io: CliIO, context: PlanContext, options: DeployOptions, what: Pick<DeployRequest, 'desired' | 'command' | 'rollbackOf'>): Promise<number> {
  // Loaded when a deploy or rollback runs: `detctl --help` and the other commands do not pay for them.
  const [{ deploy, deploySucceeded }, { listingStatus, reportFailure, reportListed, statusLine }, { renderPlan }] = await Promise.all([import('../deploy/deploy.js'), import('./load-plan-context.js'), import('./render-plan.js')]);
  const secrets = context.environment.secrets;
  const say = (text: string) => io.err(redact(text, secrets));
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    say(`error: --concurrency must be a positive integer, got '${options.concurrency}'\n`);
    return 1;
  }
  const planFile = options.plan;
  // Read before the lock and the listing, so that a wrong path is said at once.
  let planText: string | undefined;
  try {
    planText = planFile === undefined ? undefined : readPlanFile(io.cwd, planFile, context.environment.name);
  } catch (error) {
    say(`error: ${(error as Error).message}\n`);
    return 1;
  }
  const status = statusLine(io);
  const listing = listingStatus(status, context);
  // In-process callers (tests) pass no interruption: one that never fires.
  const interruption = io.interruption ?? new Interruption();
  const unguard = interruption.guard();
  const onStop = () => {
    status.log(`${INTERRUPT_DESCRIPTION[interruption.reason ?? 'SIGINT']}: no further change starts; waiting for the requests in flight${interruption.reason === 'EPIPE' ? '' : ' (again to stop at once)'}`);
    // The requests in flight end within their targets' timeout (nothing is retried any more); past that, stop waiting.
    setTimeout(() => interruption.abandonNow(), graceMs(context)).unref();
  };
  interruption.signal.addEventListener('abort', onStop, { once: true });
  let outcome: DeployOutcome;
  try {
    outcome = await deploy(
      { environment: context.environment, targets: context.targets, projectDir: context.projectDir, retry: context.retry, signal: interruption.signal, abandon: interruption.abandon },
      {
        ...what,
        dryRun: options.dryRun,
        forceUnlock: options.forceUnlock,
        allowMassDelete: options.allowMassDelete,
        concurrency,
        ...(planFile !== undefined && planText !== undefined ? { savedPlan: { file: planFile, read: () => planText } } : {}),
      },
      {
        lockCleared: () => say(`Cleared the lock of ${context.environment.name}.\n`),
        listing: listing.listing,
        listFailed: listing.failed,
        targetListed: listing.listed,
        listed: (live, ms) => {
          status.clear();
          reportListed(io, context, live, ms);
        },
        planned: (plan) => {
          if (options.format === 'text') io.out(redact(renderPlan(plan, 'text', { color: context.color, quiet: context.quiet, verbose: context.verbose }), secrets));
        },
        confirm: () => confirm(io, context, options, interruption.signal),
        progress: (done, total) => status.set(progressBar(done, total)),
        changeFailed: (change, failure) => reportFailure(status, context, `${change.target}: ${change.action} ${change.kind} ${change.id}`, change.target, failure),
        applied: () => status.clear(),
      },
    );
  } finally {
    status.clear();
    interruption.signal.removeEventListener('abort', onStop);
    unguard();
  }
  printOutcome(io, context, outcome, options, status);
  return interruption.exitCode ?? (deploySucceeded(outcome) ? 0 : 1);
}

/** How long an interrupted deploy waits for its requests in flight: the longest request timeout, and a little. */
function graceMs(context: PlanContext): number {
  const timeouts = Object.values(context.environment.settings.targets).map((t) => durationMillis(t.timeout));
  return Math.max(0, ...timeouts) + 2000;
}

/** The saved plan's text; an error naming the file and how to make one when it cannot be read. */
function readPlanFile(cwd: string, file: string, env: string): string {
  const path = resolve(cwd, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new Error(`cannot read the plan file ${file}: ${why} (looked at ${path}); nothing was changed\n  hint: save a plan with \`detctl plan --env ${env} --out ${file}\`, then deploy it with --plan ${file}`);
  }
}

async function confirm(io: CliIO, context: PlanContext, options: DeployOptions, signal: AbortSignal): Promise<boolean> {
  if (options.yes) return true;
  if (!stdinIsTTY(io)) {
    io.err('error: refusing to apply without confirmation: there is no terminal to ask on; pass --yes\n');
    return false;
  }
  const answer = await io.ask(`Apply these changes to ${context.environment.name}? Only 'yes' is accepted: `, signal);
  if (answer.trim() !== 'yes') {
    io.err('Cancelled: nothing was changed.\n');
    return false;
  }
  return true;
}

function printOutcome(io: CliIO, context: PlanContext, outcome: DeployOutcome, options: DeployOptions, status: StatusLine): void {
  const secrets = context.environment.secrets;
  const planOnly = (plan: Plan) => {
    if (options.format === 'json') io.out(JSON.stringify({ plan, result: null }, null, 2) + '\n');
  };
  switch (outcome.status) {
    case 'error':
      return io.err(redact(`error: ${outcome.message}\n`, secrets));
    case 'wrong-environment':
      return io.err(`error: ${outcome.file} is a plan for environment '${outcome.planEnv}', not '${context.environment.name}'\n`);
    case 'stale-plan':
      return io.err(`error: ${outcome.file} is stale: live objects changed since it was made; run \`detctl plan --env ${outcome.planEnv} --out ${outcome.file}\` again\n`);
    case 'no-changes':
      planOnly(outcome.plan);
      if (options.format !== 'json') io.out('No changes. Live objects match the desired state.\n');
      return;
    case 'collisions': {
      const n = outcome.plan.collisions.length;
      return io.err(`error: ${n} desired object${n === 1 ? '' : 's'} collide with objects detctl does not own; nothing applied\n`);
    }
    case 'mass-delete': {
      const which = outcome.targets.map((t) => `${t.name} (${Math.round(t.share * 100)}% of its managed objects)`).join(', ');
      return io.err(`error: this would delete too much of ${which}; check the rules path and filters, or pass --allow-mass-delete\n`);
    }
    case 'dry-run':
      planOnly(outcome.plan);
      return io.err('Dry run: nothing was changed.\n');
    case 'cancelled':
      return; // confirm() said why
    case 'applied':
      return report(io, context, outcome, options.format);
    case 'interrupted':
      return reportInterrupted(io, context, outcome, options.format, status);
  }
}

function reportInterrupted(io: CliIO, context: PlanContext, outcome: Extract<DeployOutcome, { status: 'interrupted' }>, format: 'text' | 'json', status: StatusLine): void {
  const { plan, result, release } = outcome;
  const why = INTERRUPT_DESCRIPTION[io.interruption?.reason ?? 'SIGINT'];
  if (format === 'json' && plan) io.out(redact(JSON.stringify({ plan, result: result ?? null, release: release?.id ?? null, interrupted: true }, null, 2), context.environment.secrets) + '\n');
  if (!result || result.results.length === 0) {
    status.log(`${why}: nothing was changed on ${context.environment.name}; the lock is released.`);
    return;
  }
  if (format === 'text') for (const r of result.results.filter((x) => !x.ok)) status.log(redact(`failed: ${r.change.action} ${r.change.kind} ${r.change.id} on ${r.change.target} after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}: ${r.error}`, context.environment.secrets));
  const s = result.summary;
  const notStarted = result.interrupted?.notStarted.length ?? 0;
  const recorded = release ? ` Release ${release.id} (${release.status}) records what was made.` : '';
  status.log(`${why}: ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.failed} failed, ${notStarted} not started.${recorded} The lock is released; deploy again to finish.`);
}

function report(io: CliIO, context: PlanContext, { plan, result, release }: Extract<DeployOutcome, { status: 'applied' }>, format: 'text' | 'json'): void {
  const secrets = context.environment.secrets;
  if (format === 'json') {
    io.out(redact(JSON.stringify({ plan, result, release: release?.id ?? null }, null, 2), secrets) + '\n');
    return;
  }
  for (const r of result.results.filter((x) => !x.ok)) {
    const line = `failed: ${r.change.action} ${r.change.kind} ${r.change.id} on ${r.change.target} after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}: ${r.error}`;
    io.err(redact((context.errColor ? `\x1b[31m${line}\x1b[0m` : line) + '\n', secrets));
  }
  const s = result.summary;
  const recorded = release ? ` Release ${release.id} (${release.status}).` : '';
  io.out(`Deployed ${context.environment.name}: ${s.adopted ? `${s.adopted} adopted, ` : ''}${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.unchanged} unchanged, ${s.failed} failed.${recorded}\n`);
}
