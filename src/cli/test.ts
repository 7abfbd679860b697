// `detctl test [PATH...] [--env E] [--format text|json|junit] [--out FILE]`: every rule with tests
// checked, offline, against Sigma's meaning of the rule and each query the environment would
// deploy. The report is the result (stdout, or --out); problems with test files and progress go
// to stderr. Exit 1 when any rule fails or a test file cannot be read.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Environment } from '../config/load-environment.js';
import type { Rule } from '../rules/load-rules.js';
import type { TestReport } from '../ruletest/model.js';
import type { PlanContext } from './load-plan-context.js';
import { colorFor, printDiagnostics, stderrIsTTY, type CliIO } from './io.js';
import { StatusLine, progressBar } from './progress.js';
import { projectDir as projectDirOf, rulePaths, type ProjectOptions } from './rule-paths.js';

type TestFormat = 'text' | 'json' | 'junit';

interface TestOptions {
  env?: string;
  format: TestFormat;
  out?: string;
}

interface Globals extends ProjectOptions {
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Below this many rules a run is over before a progress line would help. */
const PROGRESS_FROM = 50;

/** Runs the tests of `rules` with a progress line on a terminal; problems with test files printed. */
export async function runRuleTests(io: CliIO, rules: readonly Rule[], projectDir: string, environment?: Environment): Promise<TestReport> {
  const [{ testRules }, { loadEvaluators }] = await Promise.all([import('../ruletest/test-rules.js'), import('../ruletest/load-evaluators.js')]);
  const status = new StatusLine(io, stderrIsTTY(io));
  try {
    const { report, diagnostics } = testRules(rules, {
      projectDir,
      evaluators: await loadEvaluators(),
      ...(environment ? { environment } : {}),
      progress: (done, total) => {
        if (total >= PROGRESS_FROM) status.set(`testing ${progressBar(done, total)}`);
      },
    });
    status.clear();
    printDiagnostics(io, diagnostics);
    return report;
  } finally {
    status.clear();
  }
}

/**
 * `plan --test` and `deploy --test`: the environment's rules tested before anything is listed or
 * written. Failing rules are printed on stderr (stdout stays the plan); true when all pass.
 */
export async function testsPass(io: CliIO, context: Pick<PlanContext, 'rules' | 'projectDir' | 'environment' | 'errColor' | 'quiet'>): Promise<boolean> {
  const { rules, projectDir, environment } = context;
  const { renderTextReport } = await import('../ruletest/report-text.js');
  const report = await runRuleTests(io, rules, projectDir, environment);
  if (report.passed) {
    if (!context.quiet) io.err(`Tests passed: ${report.rules.length} rule${report.rules.length === 1 ? '' : 's'} with tests, ${report.untested.length} without.\n`);
    return true;
  }
  io.err(renderTextReport(report, { color: context.errColor, quiet: true }));
  io.err(`error: the tests fail (see above); nothing was sent to ${environment.name}\n`);
  return false;
}

/** The rules of `paths` (relative to the project folder), or the environment's rules selected as it deploys them; problems printed. */
async function loadRules(io: CliIO, projectDir: string, paths: string[], environment?: Environment): Promise<{ rules: Rule[]; failed: boolean }> {
  const [{ discoverRuleFiles }, { loadRuleFiles }, { selectRules }, { loadEnvironmentRules }] = await Promise.all([
    import('../rules/discover.js'),
    import('../rules/load-rules.js'),
    import('../desired/select-rules.js'),
    import('../desired/environment-rules.js'),
  ]);
  let rules: Rule[];
  let problems;
  if (environment && paths.length === 0) {
    // As the environment deploys them: its filters applied, then its selection.
    const loaded = loadEnvironmentRules(environment, projectDir);
    const selected = selectRules(loaded.rules, environment);
    problems = [...loaded.diagnostics, ...selected.diagnostics];
    rules = selected.rules;
  } else {
    const discovered = discoverRuleFiles(rulePaths(paths), projectDir);
    const loaded = loadRuleFiles(discovered.files);
    problems = [...discovered.diagnostics, ...loaded.flatMap((l) => l.diagnostics)];
    rules = loaded.flatMap((l) => (l.rule ? [l.rule] : []));
  }
  printDiagnostics(io, problems);
  return { rules, failed: problems.length > 0 };
}

/** What an unset variable reads as in `detctl test`: tests send nothing, so they need no credentials. */
const UNSET = 'unset-for-detctl-test';

/**
 * The environment `--env` names; undefined (problems printed) when it is invalid. Its variables
 * (`${ES_API_KEY}`) need not be set — CI can test without production's secrets — unless a value
 * must be valid where it is used (a URL).
 */
async function loadEnvironmentNamed(io: CliIO, projectDir: string, name: string): Promise<Environment | undefined> {
  const { loadEnvironment } = await import('../config/load-environment.js');
  const variables = new Proxy(io.env, { get: (env, key) => (typeof key === 'string' && !env[key] ? UNSET : Reflect.get(env, key)) });
  const loaded = loadEnvironment(projectDir, name, variables);
  printDiagnostics(io, loaded.diagnostics);
  return loaded.environment;
}

export function registerTest(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('test')
    .description("check rules against their sample events, offline: Sigma's meaning and each query the environment would deploy")
    .argument('[paths...]', "rule files or folders (default: the environment's rules, or rules/)")
    .option('--env <name>', "test the queries of this environment's targets, with their mappings (default: Sigma, Lucene and SPL without mappings)")
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('--out <file>', 'write the report to this file (stdout then gets the text report)')
    .action(async (paths: string[], options: TestOptions, command: Command) => {
      const globals = command.optsWithGlobals<Globals>();
      const projectDir = projectDirOf(io, globals);
      const environment = options.env === undefined ? undefined : await loadEnvironmentNamed(io, projectDir, options.env);
      if (options.env !== undefined && !environment) return setExit(1);
      const { rules, failed } = await loadRules(io, projectDir, paths, environment);
      const report = await runRuleTests(io, rules, projectDir, environment);
      const [{ renderTextReport }, { renderJunitReport }] = await Promise.all([import('../ruletest/report-text.js'), import('../ruletest/report-junit.js')]);
      const text = (color: boolean) => renderTextReport(report, { color, quiet: globals.quiet === true, verbose: globals.verbose === true });
      const formatted = options.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : options.format === 'junit' ? renderJunitReport(report) : text(false);
      if (options.out) {
        writeFileSync(resolve(io.cwd, options.out), formatted);
        io.out(text(colorFor(io, 'out', globals.color)));
        if (!globals.quiet) io.err(`Wrote the ${options.format} report to ${options.out}.\n`);
      } else {
        io.out(options.format === 'text' ? text(colorFor(io, 'out', globals.color)) : formatted);
      }
      setExit(report.passed && !failed ? 0 : 1);
    });
}
