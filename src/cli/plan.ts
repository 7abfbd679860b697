// `detctl plan --env E [--format text|markdown|json] [--out PLAN.json] [--detailed-exitcode]`
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { massDeleteWarning } from '../plan/mass-delete.js';
import { redact } from '../plan/redact.js';
import type { PlanFormat } from './render-plan.js';
import { DEFAULT_MAX_CHARS } from '../plan/markdown-budget.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import type { WhileLoading } from './load-plan-context.js';
import type { PreviousState } from '../deploy/previous-rules.js';
import type { LiveObject } from '../targets/target-object.js';

/**
 * The longest `plan` waits for its listing's requests to be written before it loads the rules
 * (live/requests-out.ts): on a local network a few milliseconds. Past it, the loading starts
 * anyway and a request not yet out goes once the loading ends, as before this overlap.
 */
const REQUESTS_OUT_CAP_MS = 200;

interface PlanOptions {
  env: string;
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
  maxChars: string;
  test?: boolean;
}

export function registerPlan(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('plan')
    .description('show what a deploy would create, update and delete (changes nothing)')
    .requiredOption('--env <name>', 'environment (environments/<name>.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--out <file>', 'save the plan (JSON) for `deploy --plan`')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option('--test', "run the rules' tests first (as `detctl test --env`); no plan when one fails")
    .option('--max-chars <n>', 'markdown: the longest plan; past it, changes are listed by name only', String(DEFAULT_MAX_CHARS))
    .action(async (options: PlanOptions, command: Command) => {
      const maxChars = Number(options.maxChars);
      if (!Number.isInteger(maxChars) || maxChars < 1) {
        io.err(`error: --max-chars must be a positive integer, got '${options.maxChars}'\n`);
        return setExit(1);
      }
      // Loaded when a plan is made: `detctl --help` and the other commands do not pay for them.
      const [{ planFrom }, { canonicalWhileListing }, { planHasChanges }, { adoptedInput, previousStateOf }, { renderPlan }, { renderPlanJson }, { listLiveReporting, loadPlanContext, loadPlanContextListing }, { watchRequests }] = await Promise.all([
        import('../plan/plan-environment.js'),
        import('../deploy/plan-environment.js'),
        import('../plan/build-plan.js'),
        import('../deploy/previous-rules.js'),
        import('./render-plan.js'),
        import('../plan/render-json.js'),
        import('./load-plan-context.js'),
        import('../live/requests-out.js'),
      ]);
      let listed!: { live: Promise<LiveObject[]>; previous: Promise<PreviousState>; adoption: Promise<ReturnType<typeof adoptedInput>> };
      // The reads a plan needs: the last release (its rules pair renames into replaces; its
      // adopted objects are listed too and count as owned, docs/import.md "Ownership") and the
      // listing, started as soon as the environment is valid: the servers answer while the rules
      // load (docs/deploy.md, "Order of work"). Only what the listing asks for about the desired
      // objects waits for them.
      const startReads: WhileLoading = async (early, desired, signal) => {
        const previous = previousStateOf(early.environment, early.projectDir);
        const adoption = Promise.all([desired, previous]).then(([objects, last]) => adoptedInput(objects, last.adopted));
        adoption.catch(() => undefined); // awaited below once the rules are valid
        const requests = watchRequests();
        const live = listLiveReporting(io, early, adoption.then((a) => a.toList), signal, desired);
        live.catch(() => undefined); // awaited below; dropped when the rules are invalid
        listed = { live, previous, adoption };
        await requests.out(REQUESTS_OUT_CAP_MS);
      };
      let context;
      if (options.test) {
        // The rules' tests first, as the option says: nothing is sent when one fails.
        context = await loadPlanContext(io, command, options.env);
        if (!context) return setExit(1);
        const { testsPass } = await import('./test.js');
        if (!(await testsPass(io, context))) return setExit(1);
        await startReads(context, Promise.resolve(context.desired), new AbortController().signal);
      } else {
        context = await loadPlanContextListing(io, command, options.env, startReads);
        if (!context) return setExit(1);
      }
      let plan;
      try {
        // While the targets answer: the desired objects' canonical forms.
        const desired = await canonicalWhileListing(context.desired, context.targets);
        const adoption = await listed.adoption;
        const input = { env: context.environment.name, detctlVersion: VERSION, desired: context.desired, targets: context.targets, previousRules: (await listed.previous).rules, adopted: adoption.adopted };
        plan = planFrom(input, await listed.live, desired);
      } catch (error) {
        io.err(`error: ${redact((error as Error).message, context.environment.secrets)}\n`);
        return setExit(1);
      }
      const secrets = context.environment.secrets;
      io.out(redact(renderPlan(plan, options.format, { color: context.color, quiet: context.quiet, verbose: context.verbose, maxChars }), secrets));
      // The text and markdown plans carry the mass-delete warning; the JSON one a field, so say it here too.
      if (options.format === 'json') for (const m of plan.massDelete) io.err(redact(`warning: ${massDeleteWarning(m)}\n`, secrets));
      if (options.out) {
        writeFileSync(resolve(io.cwd, options.out), redact(renderPlanJson(plan), secrets));
        // A confirmation, not the result: on stderr, so that stdout stays the plan alone.
        if (!context.quiet) io.err(`Saved the plan to ${options.out}; apply it with \`detctl deploy --env ${context.environment.name} --plan ${options.out}\`.\n`);
      }
      if (plan.collisions.length > 0) return setExit(1);
      setExit(options.detailedExitcode && planHasChanges(plan) ? 2 : 0);
    });
}
