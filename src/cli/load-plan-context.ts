// What plan, deploy and rollback share: the environment's desired state (validated, all problems
// printed) and its target adapters. Nothing is sent anywhere before this succeeds, but for plan's
// listing, which starts once the environment is valid (loadPlanContextListing).
import { performance } from 'node:perf_hooks';
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { loadEnvironment } from '../config/load-environment.js';
import { desiredStateOf } from '../desired/load-desired-state.js';
import { createTargets, type TargetOptions } from '../live/create-targets.js';
import { listLive, type ListHooks } from '../live/list-live.js';
import { redact } from '../plan/redact.js';
import type { Rule } from '../rules/load-rules.js';
import type { DesiredObject } from '../targets/registry.js';
import { DEFAULT_RETRY, shortReason, type FailedAttempt, type RetryPolicy } from '../targets/retry.js';
import type { DesiredList, TargetAdapter } from '../targets/target.js';
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

/** The global options plan, deploy and rollback read. */
function globalsOf(io: CliIO, command: Command): { projectDir: string; verbose: boolean; quiet: boolean; color: boolean } {
  const globals = command.optsWithGlobals<ProjectOptions & { color: boolean; verbose?: boolean; quiet?: boolean }>();
  return { projectDir: projectDirOf(io, globals), verbose: globals.verbose === true, quiet: globals.quiet === true, color: globals.color };
}

/** What a listing needs: the environment, valid, and its targets (a PlanContext without the rules). */
export type ListingContext = Omit<PlanContext, 'rules' | 'desired'>;

/**
 * Loads an environment's rules and renders them, saying how long it took with --verbose; prints
 * the warnings, and the errors with `outcome` ("nothing was sent to any server"). Undefined on errors.
 */
function loadDesired(io: CliIO, environment: Environment, globals: ReturnType<typeof globalsOf>, outcome: string): { environment: Environment; rules: Rule[]; desired: DesiredObject[] } | undefined {
  const started = performance.now();
  const state = desiredStateOf(environment, globals.projectDir, io.env);
  if (globals.verbose) io.err(`loaded ${state.rules.length} rules into ${state.objects.length} desired objects in ${Math.round(performance.now() - started)} ms\n`);
  // Warnings are printed whatever follows (--quiet: only errors and results).
  if (!globals.quiet) printDiagnostics(io, state.warnings);
  if (state.diagnostics.length > 0 || !state.environment) {
    printDiagnostics(io, state.diagnostics);
    io.err(`${state.diagnostics.length} error${state.diagnostics.length === 1 ? '' : 's'}; ${outcome}\n`);
    return undefined;
  }
  return { environment: state.environment, rules: state.rules, desired: state.objects };
}

/** The environment file, validated; undefined (problems printed) when invalid: then nothing at all is sent. */
function loadValidEnvironment(io: CliIO, projectDir: string, envName: string): Environment | undefined {
  const { environment, diagnostics } = loadEnvironment(projectDir, envName, io.env);
  if (environment) return environment;
  printDiagnostics(io, diagnostics);
  io.err(`${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}; nothing was sent to any server\n`);
  return undefined;
}

/** The targets' adapters, or undefined with the problem printed (e.g. an unreadable tls.ca file: a diagnostic at its key). */
async function createTargetsReporting(io: CliIO, environment: Environment, options: TargetOptions): Promise<TargetAdapter[] | undefined> {
  try {
    return await createTargets(environment, options);
  } catch (error) {
    if (error instanceof DiagnosticError) printDiagnostics(io, error.diagnostics);
    else io.err(`error: ${(error as Error).message}\n`);
    return undefined;
  }
}

function listingContext(io: CliIO, globals: ReturnType<typeof globalsOf>, environment: Environment, targets: TargetAdapter[]): ListingContext {
  return { environment, targets, projectDir: globals.projectDir, color: colorFor(io, 'out', globals.color), errColor: colorFor(io, 'err', globals.color), verbose: globals.verbose, quiet: globals.quiet, retry: { ...DEFAULT_RETRY, ...io.retry } };
}

/**
 * The context of a command's run, from its global options; undefined (problems printed) when
 * invalid. Everything is loaded and validated before anything is sent (deploy and rollback).
 */
export async function loadPlanContext(io: CliIO, command: Command, envName: string): Promise<PlanContext | undefined> {
  const globals = globalsOf(io, command);
  const { environment: loaded, diagnostics } = loadEnvironment(globals.projectDir, envName, io.env);
  const state = loaded ? loadDesired(io, loaded, globals, 'nothing was sent to any server') : undefined;
  if (!loaded) {
    printDiagnostics(io, diagnostics);
    io.err(`${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}; nothing was sent to any server\n`);
  }
  if (!state) return undefined;
  const targets = await createTargetsReporting(io, state.environment, { projectDir: globals.projectDir });
  return targets && { ...listingContext(io, globals, state.environment, targets), rules: state.rules, desired: state.desired };
}

/**
 * What `plan` starts while its rules load (docs/deploy.md, "Order of work"): given the listing
 * context, the desired objects (a promise: they are still loading; it rejects when the rules are
 * invalid) and a signal aborted when they are, it starts its reads and resolves once they are
 * under way; the rules are loaded after that.
 */
export type WhileLoading = (context: ListingContext, desired: Promise<readonly DesiredObject[]>, signal: AbortSignal) => Promise<void>;

/**
 * loadPlanContext for a command that only reads (plan): once the environment is valid and its
 * targets are made, `whileLoading` starts the listing, and the rules load while the servers answer.
 * An invalid environment still means no request at all; invalid rules, no request that changes
 * anything (a listing's result is then dropped, and its failure not reported: the rules' problems are).
 */
export async function loadPlanContextListing(io: CliIO, command: Command, envName: string, whileLoading: WhileLoading): Promise<PlanContext | undefined> {
  const globals = globalsOf(io, command);
  const loaded = loadValidEnvironment(io, globals.projectDir, envName);
  if (!loaded) return undefined;
  // A native definition's variables join the references when the rules are loaded: before the
  // listing ends, which is when the adapters hide values behind them.
  let environment = loaded;
  const targets = await createTargetsReporting(io, loaded, { projectDir: globals.projectDir, references: () => environment.secrets });
  if (!targets) return undefined;
  let settle!: { resolve(desired: readonly DesiredObject[]): void; reject(error: Error): void };
  const desired = new Promise<readonly DesiredObject[]>((resolve, reject) => (settle = { resolve, reject }));
  desired.catch(() => undefined); // whileLoading's listing awaits it; rejected only when nothing waits for the listing
  const aborted = new AbortController();
  await whileLoading(listingContext(io, globals, loaded, targets), desired, aborted.signal);
  const state = loadDesired(io, loaded, globals, 'nothing was changed on any server');
  if (!state) {
    aborted.abort();
    settle.reject(new Error('the rules are invalid'));
    return undefined;
  }
  environment = state.environment;
  settle.resolve(state.desired);
  return { ...listingContext(io, globals, state.environment, targets), rules: state.rules, desired: state.desired };
}

/** Lists every target, with a status line on a terminal; with --verbose, says how many objects, how long it took and every retry. */
export async function listLiveReporting(io: CliIO, context: ListingContext, toList: DesiredList, signal?: AbortSignal, shownFrom?: Promise<unknown>): Promise<LiveObject[]> {
  const started = performance.now();
  const status = statusLine(io);
  try {
    const live = await listLive(context.targets, toList, context.retry, { ...heldUntil(listingStatus(status, context), shownFrom), signal });
    status.clear();
    reportListed(io, context, live, performance.now() - started);
    return live;
  } finally {
    status.clear();
  }
}

/**
 * `hooks`, each call held back until `from` resolves and then made in order; never made when it
 * rejects. `plan` lists while its rules load, and the loading prints (warnings, errors, --verbose)
 * on the line the status line would be drawn on: the status starts once the rules are loaded.
 */
function heldUntil(hooks: Required<Omit<ListHooks, 'signal'>>, from: Promise<unknown> | undefined): Required<Omit<ListHooks, 'signal'>> {
  if (!from) return hooks;
  let held: (() => void)[] | undefined = [];
  from.then(
    () => {
      const calls = held!;
      held = undefined;
      for (const call of calls) call();
    },
    () => undefined,
  );
  const later =
    <A extends unknown[]>(hook: (...args: A) => void) =>
    (...args: A) =>
      held ? held.push(() => hook(...args)) : hook(...args);
  return { listing: later(hooks.listing), failed: later(hooks.failed), listed: later(hooks.listed) };
}

/** The status line of a command: drawn when stderr is a terminal. */
export function statusLine(io: CliIO): StatusLine {
  return new StatusLine(io, stderrIsTTY(io));
}

/** Listing hooks that keep the status line up to date ("listing elastic, splunk…", retries). */
export function listingStatus(status: StatusLine, context: ListingContext): Required<Omit<ListHooks, 'signal'>> {
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
export function reportFailure(status: StatusLine, context: ListingContext, what: string, target: string, failure: FailedAttempt): void {
  const retried = failure.delayMs !== undefined;
  if (retried) status.noteRetry(`${target}: retry ${failure.attempt + 1}/${failure.attempts} after ${shortReason(failure.error)}`);
  if (!context.verbose || (!retried && !failure.timeout)) return;
  const then = retried ? `retrying in ${failure.delayMs} ms` : 'giving up';
  status.log(`${what}: attempt ${failure.attempt}/${failure.attempts} ${failure.timeout ? 'timed out' : 'failed'} (${redact(failure.error.message, context.environment.secrets)}); ${then}`);
}


/** With --verbose, how many objects the listing found and how long it took. */
export function reportListed(io: CliIO, context: ListingContext, live: LiveObject[], elapsedMs: number): void {
  if (!context.verbose) return;
  const owned = live.filter((l) => l.owned).length;
  io.err(`listed ${context.targets.map((t) => t.name).join(', ')}: ${owned} managed objects, ${live.length - owned} unowned with a desired id, in ${Math.round(elapsedMs)} ms\n`);
}
