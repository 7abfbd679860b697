// What plan, deploy and rollback share: the environment's desired state (validated, all problems
// printed) and its target adapters. Nothing is sent anywhere before this succeeds.
import { performance } from 'node:perf_hooks';
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { loadDesiredState } from '../desired/load-desired-state.js';
import { createTargets } from '../live/create-targets.js';
import { listLive, type ListHooks } from '../live/list-live.js';
import { redact } from '../plan/redact.js';
import type { Rule } from '../rules/load-rules.js';
import type { DesiredObject } from '../targets/registry.js';
import { DEFAULT_RETRY, shortReason, type FailedAttempt, type RetryPolicy } from '../targets/retry.js';
import type { TargetAdapter } from '../targets/target.js';
import type { LiveObject } from '../targets/target-object.js';
import type { Command } from 'commander';
import { colorFor, printDiagnostics, stderrIsTTY, type CliIO } from './io.js';
import { StatusLine } from './progress.js';
import { projectDir as projectDirOf, type ProjectOptions } from './rule-paths.js';

export interface PlanContext {
  environment: Environment;
  /** The environment's selected rules (what `--test` tests). */
  rules: Rule[];
  desired: DesiredObject[];
  targets: TargetAdapter[];
  /** The project folder (`--dir`). */
  projectDir: string;
  /** Colours in what goes to stdout (io.ts colorFor: a terminal, no `--no-color`, NO_COLOR, FORCE_COLOR). */
  color: boolean;
  /** Colours in what goes to stderr, decided the same way for stderr. */
  errColor: boolean;
  verbose: boolean;
  /** The global --quiet: only errors and results (a plan's summary). */
  quiet: boolean;
  /** Retries of listing and applying (io.retry: tests pass one that does not wait). */
  retry: RetryPolicy;
}

/** The context of a command's run, from its global options; undefined (problems printed) when invalid. */
export async function loadPlanContext(io: CliIO, command: Command, envName: string): Promise<PlanContext | undefined> {
  const globals = command.optsWithGlobals<ProjectOptions & { color: boolean; verbose?: boolean; quiet?: boolean }>();
  const projectDir = projectDirOf(io, globals);
  const verbose = globals.verbose === true;
  const started = performance.now();
  const state = loadDesiredState(projectDir, envName, io.env);
  if (verbose) io.err(`loaded ${state.rules.length} rules into ${state.objects.length} desired objects in ${Math.round(performance.now() - started)} ms\n`);
  // Warnings are printed whatever follows (--quiet: only errors and results).
  if (!(globals.quiet === true)) printDiagnostics(io, state.warnings);
  if (state.diagnostics.length > 0 || !state.environment) {
    printDiagnostics(io, state.diagnostics);
    io.err(`${state.diagnostics.length} error${state.diagnostics.length === 1 ? '' : 's'}; nothing was sent to any server\n`);
    return undefined;
  }
  try {
    const targets = await createTargets(state.environment, { projectDir });
    return { environment: state.environment, rules: state.rules, desired: state.objects, targets, projectDir, color: colorFor(io, 'out', globals.color), errColor: colorFor(io, 'err', globals.color), verbose, quiet: globals.quiet === true, retry: { ...DEFAULT_RETRY, ...io.retry } };
  } catch (error) {
    // e.g. an unreadable tls.ca file: a diagnostic at its key
    if (error instanceof DiagnosticError) printDiagnostics(io, error.diagnostics);
    else io.err(`error: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Lists every target, with a status line on a terminal; with --verbose, says how many objects, how long it took and every retry. */
export async function listLiveReporting(io: CliIO, context: PlanContext, toList: readonly DesiredObject[] = context.desired): Promise<LiveObject[]> {
  const started = performance.now();
  const status = statusLine(io);
  try {
    const live = await listLive(context.targets, toList, context.retry, listingStatus(status, context));
    status.clear();
    reportListed(io, context, live, performance.now() - started);
    return live;
  } finally {
    status.clear();
  }
}

/** The status line of a command: drawn when stderr is a terminal. */
export function statusLine(io: CliIO): StatusLine {
  return new StatusLine(io, stderrIsTTY(io));
}

/** Listing hooks that keep the status line up to date ("listing elastic, splunk…", retries). */
export function listingStatus(status: StatusLine, context: PlanContext): Required<Omit<ListHooks, 'signal'>> {
  const pending = new Set<string>();
  const show = () => status.set(pending.size > 0 ? `listing ${[...pending].join(', ')}…` : '');
  return {
    listing: (target) => {
      pending.add(target);
      show();
    },
    failed: (target, failure) => reportFailure(status, context, `${target}: listing`, target, failure),
    listed: (target) => {
      pending.delete(target);
      show();
    },
  };
}

/**
 * A failed attempt: on the status line "elastic: retry 2/5 after 503" when it is retried; with
 * --verbose, a line for every retry and every timeout.
 */
export function reportFailure(status: StatusLine, context: PlanContext, what: string, target: string, failure: FailedAttempt): void {
  const retried = failure.delayMs !== undefined;
  if (retried) status.noteRetry(`${target}: retry ${failure.attempt + 1}/${failure.attempts} after ${shortReason(failure.error)}`);
  if (!context.verbose || (!retried && !failure.timeout)) return;
  const then = retried ? `retrying in ${failure.delayMs} ms` : 'giving up';
  status.log(`${what}: attempt ${failure.attempt}/${failure.attempts} ${failure.timeout ? 'timed out' : 'failed'} (${redact(failure.error.message, context.environment.secrets)}); ${then}`);
}


/** With --verbose, how many objects the listing found and how long it took. */
export function reportListed(io: CliIO, context: PlanContext, live: LiveObject[], elapsedMs: number): void {
  if (!context.verbose) return;
  const owned = live.filter((l) => l.owned).length;
  io.err(`listed ${context.targets.map((t) => t.name).join(', ')}: ${owned} managed objects, ${live.length - owned} unowned with a desired id, in ${Math.round(elapsedMs)} ms\n`);
}
