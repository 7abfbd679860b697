// `detctl deploy --env E [--dry-run] [--yes] [--plan PLAN.json] [--concurrency N] [--format text|json]
//  [--allow-mass-delete] [--force-unlock]`: lock, plan, show, confirm, apply, record a release.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import { deleteShare, planHasChanges } from '../plan/build-plan.js';
import { fingerprintLive } from '../plan/live-fingerprint.js';
import type { Plan } from '../plan/model.js';
import { planFrom } from '../plan/plan-environment.js';
import { redact } from '../plan/redact.js';
import { parsePlanJson } from '../plan/render-json.js';
import type { DesiredObject } from '../render/objects.js';
import { createReleaseStore } from '../history/create-store.js';
import { gitInfo } from '../history/git-info.js';
import { lockHolder } from '../history/lock-holder.js';
import { makeRelease } from '../history/record-release.js';
import { LockedError, type ReleaseStore } from '../history/release-store.js';
import type { Release } from '../history/release.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { listLiveReporting, loadPlanContext, type PlanContext } from './load-plan-context.js';
import { progressBar } from './progress.js';
import { renderPlan } from './render-plan.js';

/** Above this share of a target's managed objects, deletes need --allow-mass-delete. */
export const MASS_DELETE_SHARE = 0.25;

export interface DeployOptions {
  env: string;
  dryRun?: boolean;
  yes?: boolean;
  plan?: string;
  concurrency: string;
  format: 'text' | 'json';
  allowMassDelete?: boolean;
  forceUnlock?: boolean;
}

export function registerDeploy(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  const command = program
    .command('deploy')
    .description("plan, confirm and apply the environment's changes, and record a release")
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .option('--plan <file>', 'apply a plan saved with `plan --out`, refused if live objects changed since');
  return addApplyOptions(command).action(async (options: DeployOptions, cmd: Command) => {
    const context = await loadPlanContext(io, cmd, options.env);
    if (!context) return setExit(1);
    setExit(await deployDesired(io, { context, desired: context.desired, options, command: 'deploy' }));
  });
}

/** The options deploy and rollback share. */
export function addApplyOptions(command: Command): Command {
  return command
    .option('--dry-run', 'show the plan and change nothing')
    .option('--yes', 'apply without asking (required when there is no terminal)')
    .option('--concurrency <n>', 'changes in flight at once, per target', '8')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--allow-mass-delete', `allow deleting more than ${MASS_DELETE_SHARE * 100}% of a target's managed objects`)
    .option('--force-unlock', "clear the environment's lock first (after a run that died)");
}

export interface DeployRequest {
  context: PlanContext;
  /** The desired state: the rules' objects (deploy) or an earlier release's (rollback). */
  desired: DesiredObject[];
  options: DeployOptions;
  command: 'deploy' | 'rollback';
  rollbackOf?: string;
}

/** Lock, plan, show, confirm, apply, record. Resolves to the exit code. */
export async function deployDesired(io: CliIO, request: DeployRequest): Promise<number> {
  const { context, options } = request;
  const secrets = context.environment.secrets;
  const say = (text: string) => io.err(redact(text, secrets));
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    say(`error: --concurrency must be a positive integer, got '${options.concurrency}'\n`);
    return 1;
  }
  let store: ReleaseStore;
  try {
    store = await createReleaseStore(context.environment, context.projectDir);
    if (options.forceUnlock && (await store.forceUnlock(context.environment.name))) say(`Cleared the lock of ${context.environment.name}.\n`);
  } catch (error) {
    say(`error: history store: ${(error as Error).message}\n`);
    return 1;
  }
  // A dry run reads only; it neither takes nor needs the lock.
  let lock;
  if (!options.dryRun) {
    try {
      lock = await store.lock(context.environment.name, lockHolder(request.command));
    } catch (error) {
      say(`error: ${(error as Error).message}\n`);
      return 1;
    }
  }
  try {
    const plan = await obtainPlan(io, { ...context, desired: request.desired }, options);
    if (!plan) return 1;
    if (options.format === 'text') io.out(redact(renderPlan(plan, 'text', { color: context.color }), secrets));
    const applied = await confirmAndApply(io, context, plan, options, concurrency);
    if (applied === undefined) return 0; // no changes
    if ('code' in applied) return applied.code;
    const { result } = applied;
    let release: Release | undefined;
    if (result.results.length > 0) {
      release = makeRelease({ plan, desired: request.desired, result, detctlVersion: VERSION, git: gitInfo(context.projectDir), rollbackOf: request.rollbackOf });
      const text = JSON.stringify(release);
      if (secrets.some((s) => s.length >= 4 && text.includes(s))) throw new Error('the release record would contain a secret; not saved');
      await store.save(release);
    }
    report(io, context, plan, result, release, options.format, context.color);
    return result.summary.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof LockedError) say(`error: ${error.message}\n`);
    else say(`error: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await lock?.release();
  }
}

async function obtainPlan(io: CliIO, context: PlanContext, options: DeployOptions): Promise<Plan | undefined> {
  const input = { env: context.environment.name, detctlVersion: VERSION, desired: context.desired, targets: context.targets };
  const live = await listLiveReporting(io, context);
  if (!options.plan) return planFrom(input, live);
  const saved = parsePlanJson(readFileSync(resolve(io.cwd, options.plan), 'utf8'), options.plan);
  if (saved.env !== context.environment.name) {
    io.err(`error: ${options.plan} is a plan for environment '${saved.env}', not '${context.environment.name}'\n`);
    return undefined;
  }
  if (saved.liveFingerprint !== fingerprintLive(live)) {
    io.err(`error: ${options.plan} is stale: live objects changed since it was made; run \`detctl plan --env ${saved.env} --out ${options.plan}\` again\n`);
    return undefined;
  }
  return saved;
}

/** Whether the plan is refused before asking (collisions, mass delete); prints why. */
function blocked(io: CliIO, plan: Plan, options: DeployOptions): boolean {
  if (plan.collisions.length > 0) {
    io.err(`error: ${plan.collisions.length} desired object${plan.collisions.length === 1 ? '' : 's'} collide with objects detctl does not own; nothing applied\n`);
    return true;
  }
  const massive = plan.targets.filter((t) => deleteShare(plan, t.name) > MASS_DELETE_SHARE);
  if (massive.length > 0 && !options.allowMassDelete) {
    const which = massive.map((t) => `${t.name} (${Math.round(deleteShare(plan, t.name) * 100)}% of its managed objects)`).join(', ');
    io.err(`error: this would delete too much of ${which}; check the rules path and filters, or pass --allow-mass-delete\n`);
    return true;
  }
  return false;
}

/** undefined: nothing to apply (or refused); {code}: stopped; {result}: applied. */
async function confirmAndApply(io: CliIO, context: PlanContext, plan: Plan, options: DeployOptions, concurrency: number): Promise<undefined | { code: number } | { result: ApplyResult }> {
  if (plan.collisions.length === 0 && !planHasChanges(plan)) {
    if (options.format === 'json') io.out(JSON.stringify({ plan, result: null }, null, 2) + '\n');
    else io.out('No changes. Live objects match the desired state.\n');
    return undefined;
  }
  if (blocked(io, plan, options)) return { code: 1 };
  if (options.dryRun) {
    if (options.format === 'json') io.out(JSON.stringify({ plan, result: null }, null, 2) + '\n');
    io.err('Dry run: nothing was changed.\n');
    return { code: 0 };
  }
  if (!options.yes) {
    if (!io.isTTY) {
      io.err('error: refusing to apply without confirmation: there is no terminal to ask on; pass --yes\n');
      return { code: 1 };
    }
    const answer = await io.ask(`Apply these changes to ${context.environment.name}? Only 'yes' is accepted: `);
    if (answer.trim() !== 'yes') {
      io.err('Cancelled: nothing was changed.\n');
      return { code: 1 };
    }
  }
  const bar = progressBar(io, io.isTTY && options.format === 'text');
  const result = await applyPlan(plan, context.targets, { concurrency, onProgress: (done, total) => bar.update(done, total) });
  bar.end();
  return { result };
}

function report(io: CliIO, context: PlanContext, plan: Plan, result: ApplyResult, release: Release | undefined, format: 'text' | 'json', color: boolean): void {
  const secrets = context.environment.secrets;
  if (format === 'json') {
    io.out(redact(JSON.stringify({ plan, result, release: release?.id ?? null }, null, 2), secrets) + '\n');
    return;
  }
  for (const r of result.results.filter((x) => !x.ok)) {
    const line = `failed: ${r.change.action} ${r.change.kind} ${r.change.id} on ${r.change.target} after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}: ${r.error}`;
    io.err(redact((color ? `\x1b[31m${line}\x1b[0m` : line) + '\n', secrets));
  }
  const s = result.summary;
  const recorded = release ? ` Release ${release.id} (${release.status}).` : '';
  io.out(`Deployed ${context.environment.name}: ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.unchanged} unchanged, ${s.failed} failed.${recorded}\n`);
}
