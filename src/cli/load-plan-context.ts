// What plan, deploy and rollback share: the environment's desired state (validated, all problems
// printed) and its target adapters. Nothing is sent anywhere before this succeeds.
import type { Environment } from '../config/load-environment.js';
import { loadDesiredState } from '../project.js';
import type { DesiredObject } from '../render/objects.js';
import { createTargets } from '../targets/create-targets.js';
import type { TargetAdapter } from '../targets/target.js';
import { printDiagnostics, type CliIO } from './io.js';

export interface PlanContext {
  environment: Environment;
  desired: DesiredObject[];
  targets: TargetAdapter[];
}

export async function loadPlanContext(io: CliIO, projectDir: string, envName: string): Promise<PlanContext | undefined> {
  const state = loadDesiredState(projectDir, envName, io.env);
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
