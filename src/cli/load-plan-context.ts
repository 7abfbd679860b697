// What plan, deploy and rollback share: the environment's desired state (validated, all problems
// printed) and its target adapters. Nothing is sent anywhere before this succeeds.
import { performance } from 'node:perf_hooks';
import type { Environment } from '../config/load-environment.js';
import { loadDesiredState } from '../project.js';
import type { DesiredObject } from '../render/objects.js';
import { createTargets } from '../targets/create-targets.js';
import type { TargetAdapter } from '../targets/target.js';
import { listLive } from '../plan/plan-environment.js';
import type { LiveObject } from '../plan/model.js';
import { printDiagnostics, type CliIO } from './io.js';

export interface PlanContext {
  environment: Environment;
  desired: DesiredObject[];
  targets: TargetAdapter[];
}

export async function loadPlanContext(io: CliIO, projectDir: string, envName: string, verbose = false): Promise<PlanContext | undefined> {
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
    return { environment: state.environment, desired: state.objects, targets };
  } catch (error) {
    // e.g. an unreadable tls.ca file
    io.err(`error: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Lists every target; with --verbose, says how many objects and how long it took. */
export async function listLiveReporting(io: CliIO, context: PlanContext, verbose = false): Promise<LiveObject[]> {
  const started = performance.now();
  const live = await listLive(context.targets, context.desired);
  if (verbose) {
    const owned = live.filter((l) => l.owned).length;
    io.err(`listed ${context.targets.map((t) => t.name).join(', ')}: ${owned} managed objects, ${live.length - owned} unowned with a desired id, in ${Math.round(performance.now() - started)} ms\n`);
  }
  return live;
}
