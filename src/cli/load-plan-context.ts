// What plan, deploy and rollback share: the environment's desired state (validated, all problems
// printed) and its target adapters. Nothing is sent anywhere before this succeeds.
import { performance } from 'node:perf_hooks';
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { loadDesiredState } from '../desired/load-desired-state.js';
import { createTargets } from '../live/create-targets.js';
import { listLive } from '../live/list-live.js';
import type { DesiredObject } from '../targets/registry.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../targets/retry.js';
import type { TargetAdapter } from '../targets/target.js';
import type { LiveObject } from '../targets/target-object.js';
import type { Command } from 'commander';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir as projectDirOf, type ProjectOptions } from './rule-paths.js';

export interface PlanContext {
  environment: Environment;
  desired: DesiredObject[];
  targets: TargetAdapter[];
  /** The project folder (`--dir`). */
  projectDir: string;
  /** Colours on: a terminal and no `--no-color`. */
  color: boolean;
  verbose: boolean;
  /** Retries of listing and applying (io.retry: tests pass one that does not wait). */
  retry: RetryPolicy;
}

/** The context of a command's run, from its global options; undefined (problems printed) when invalid. */
export async function loadPlanContext(io: CliIO, command: Command, envName: string): Promise<PlanContext | undefined> {
  const globals = command.optsWithGlobals<ProjectOptions & { color: boolean; verbose?: boolean }>();
  const projectDir = projectDirOf(io, globals);
  const verbose = globals.verbose === true;
  const started = performance.now();
  const state = loadDesiredState(projectDir, envName, io.env);
  if (verbose) io.err(`loaded ${state.rules.length} rules into ${state.objects.length} desired objects in ${Math.round(performance.now() - started)} ms\n`);
  if (state.diagnostics.length > 0 || !state.environment) {
    printDiagnostics(io, state.diagnostics);
    io.err(`${state.diagnostics.length} error${state.diagnostics.length === 1 ? '' : 's'}; nothing was sent to any server\n`);
    return undefined;
  }
  try {
    const targets = await createTargets(state.environment, { projectDir });
    return { environment: state.environment, desired: state.objects, targets, projectDir, color: globals.color && io.isTTY, verbose, retry: { ...DEFAULT_RETRY, ...io.retry } };
  } catch (error) {
    // e.g. an unreadable tls.ca file: a diagnostic at its key
    if (error instanceof DiagnosticError) printDiagnostics(io, error.diagnostics);
    else io.err(`error: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Lists every target; with --verbose, says how many objects and how long it took. */
export async function listLiveReporting(io: CliIO, context: PlanContext): Promise<LiveObject[]> {
  const started = performance.now();
  const live = await listLive(context.targets, context.desired, context.retry);
  reportListed(io, context, live, performance.now() - started);
  return live;
}

/** With --verbose, how many objects the listing found and how long it took. */
export function reportListed(io: CliIO, context: PlanContext, live: LiveObject[], elapsedMs: number): void {
  if (!context.verbose) return;
  const owned = live.filter((l) => l.owned).length;
  io.err(`listed ${context.targets.map((t) => t.name).join(', ')}: ${owned} managed objects, ${live.length - owned} unowned with a desired id, in ${Math.round(elapsedMs)} ms\n`);
}
