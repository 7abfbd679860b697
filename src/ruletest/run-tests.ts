// The runner: for every rule with tests and every target, the target's verdict on each event
// against what the test expects. The targets are Sigma's own meaning of the rule (its conditions,
// on the events as written) and each query the environment would deploy — compiled by the same
// compiler, language, mapping and keyword suffix as `render`, on the events renamed by the same
// mapping. A rule passes when every target agrees with the expectation on every event.
import type { Environment } from '../config/load-environment.js';
import { DiagnosticError } from '../diagnostics.js';
import { compileRule } from '../compile/compile-rule.js';
import type { LanguageName } from '../compile/language-names.js';
import { QuerySyntaxError, type CompiledQuery, type FlatEvent, type Verdict } from '../evaluate/types.js';
import type { EscuDetection } from '../rules/escu/model.js';
import type { Rule } from '../rules/load-rules.js';
import type { SigmaRule } from '../rules/sigma/model.js';
import { ruleLabel, type SigmaCorrelation } from '../rules/sigma/correlation-model.js';
import { evaluateCorrelation, type CorrelatedEvent, type GroupOutcome } from '../evaluate/correlation.js';
import { providerOf } from '../targets/registry.js';
import { testableEscuSearch } from './escu-search.js';
import type { Evaluators } from './evaluators.js';
import type { CorrelationCase, Disagreement, RuleResult, RuleTests, TargetOutcome, TargetResult, TestCase, TestEvent, TestReport, TestTarget } from './model.js';

export const SIGMA_TARGET: TestTarget = { name: 'sigma', language: 'sigma' };

/** Sigma, then each target of the environment as it compiles Sigma rules; without one, Lucene and SPL without a mapping. */
export function testTargets(environment?: Environment): TestTarget[] {
  if (!environment) return [SIGMA_TARGET, { name: 'lucene', language: 'lucene' }, { name: 'spl', language: 'spl' }];
  const targets = Object.entries(environment.settings.targets).map(([name, settings]): TestTarget => {
    const { language, mapping, keywordSuffix, caseInsensitive } = providerOf(settings.type).sigmaQueries(settings);
    return { name, language, ...(mapping ? { mapping } : {}), ...(keywordSuffix ? { keywordSuffix } : {}), ...(caseInsensitive ? { caseInsensitive } : {}) };
  });
  return [SIGMA_TARGET, ...targets];
}

type Queries = { text: string; compiled: CompiledQuery }[];

/** A rule's queries in one target's language, ready to evaluate, and how the target names an event's fields; or why there are none. */
type Prepared = { queries: Queries; mapEvent: (event: FlatEvent) => FlatEvent } | { outcome: TargetOutcome };

const asWritten = (event: FlatEvent) => event;
const messageOf = (error: DiagnosticError) => error.diagnostics.map((d) => d.message).join('; ');

function prepare(rule: Rule, target: TestTarget, evaluators: Evaluators): Prepared {
  if (rule.kind === 'escu') return prepareEscu(rule, target, evaluators);
  // A correlation matches no event itself: runCorrelationTests evaluates the rules it names.
  if (rule.kind === 'sigma-correlation') return { outcome: { status: 'not-expressible', reason: 'a correlation is tested through the rules it names' } };
  // A watch or saved search written as its server takes it: no query detctl compiled to evaluate.
  if (rule.kind === 'native-watch' || rule.kind === 'native-saved-search') return { outcome: { status: 'not-expressible', reason: 'a native definition is not evaluated by detctl test' } };
  if (target.language === 'sigma') return prepareSigma(rule, evaluators);
  return prepareDeployed(rule, { ...target, language: target.language }, evaluators);
}

/** An ESCU detection is a Splunk search already: only SPL targets deploy it (escu-search.ts: which part is evaluated). */
function prepareEscu(rule: EscuDetection, target: TestTarget, evaluators: Evaluators): Prepared {
  if (target.language !== 'spl') return { outcome: { status: 'not-expressible', reason: target.language === 'sigma' ? 'an ESCU detection is a Splunk search, not a Sigma rule' : 'an ESCU detection is deployed to Splunk only' } };
  const search = testableEscuSearch(rule.search);
  try {
    return { queries: [{ text: search, compiled: evaluators.compileSpl(search) }], mapEvent: asWritten };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { outcome: { status: 'not-expressible', reason: `the SPL evaluator cannot read the search: ${error.message} (at character ${error.offset})` } };
    throw error;
  }
}

/** Sigma's own meaning: the rule's conditions, on the events as written. */
function prepareSigma(rule: SigmaRule, evaluators: Evaluators): Prepared {
  try {
    return { queries: rule.conditions.map((c, i) => ({ text: `condition ${i + 1}`, compiled: evaluators.compileSigma(c) })), mapEvent: asWritten };
  } catch (error) {
    if (error instanceof DiagnosticError) return { outcome: { status: 'not-expressible', reason: messageOf(error) } };
    if (error instanceof QuerySyntaxError) return { outcome: { status: 'not-expressible', reason: error.message } };
    throw error;
  }
}

/** The queries the target deploys: compiled as its provider renders them, read by the language's evaluator. */
function prepareDeployed(rule: SigmaRule, target: TestTarget & { language: LanguageName }, evaluators: Evaluators): Prepared {
  const { mapping, keywordSuffix, caseInsensitive } = target;
  let texts: string[];
  try {
    texts = compileRule(rule, target.language, { ...(mapping ? { mapping } : {}), ...(keywordSuffix ? { keywordSuffix } : {}), ...(caseInsensitive ? { caseInsensitive } : {}) });
  } catch (error) {
    // What the compiler refuses is never deployed (render reports it): not a failed test.
    if (error instanceof DiagnosticError) return { outcome: { status: 'not-expressible', reason: messageOf(error) } };
    throw error;
  }
  const compile = target.language === 'lucene' ? (q: string) => evaluators.compileLucene(q, keywordSuffix ? { keywordSuffix } : {}) : (q: string) => evaluators.compileSpl(q);
  const queries: Queries = [];
  for (const text of texts) {
    try {
      queries.push({ text, compiled: compile(text) });
    } catch (error) {
      // detctl emitted it, so its evaluator must read it: a bug in one of the two.
      if (error instanceof QuerySyntaxError) return { outcome: { status: 'error', reason: `the ${target.language} evaluator cannot read the query at character ${error.offset}: ${error.message}: ${text}` } };
      throw error;
    }
  }
  return { queries, mapEvent: mapping ? (event) => evaluators.mapEvent(event, mapping, rule.logsource) : asWritten };
}

/** The rule's verdict: a rule with several conditions deploys several queries and fires when any does. */
function verdictOf(queries: Queries, event: FlatEvent): Verdict & { query: string } {
  let first: (Verdict & { query: string }) | undefined;
  for (const q of queries) {
    const v = { ...q.compiled.evaluate(event), query: q.text };
    if (v.matched) return v;
    first ??= v;
  }
  return first ?? { matched: false, decidedBy: '(no query)', query: '' };
}

const said = (matched: boolean) => (matched ? 'match' : 'no match');

/**
 * The case's first disagreement. `each`: the first event whose verdict is not the expected one.
 * `atLeast`: when too few events match, the first the target missed that Sigma matched, else
 * the first it missed.
 */
function checkCase(c: TestCase, verdicts: (Verdict & { query: string })[], sigma: (boolean | undefined)[]): Disagreement | undefined {
  const at = (i: number, expected: string, actual: string): Disagreement => ({
    case: c.name,
    event: c.events[i].name,
    where: c.events[i].where,
    expected,
    actual,
    decidedBy: verdicts[i].decidedBy,
    query: verdicts[i].query,
    ...(sigma[i] === undefined ? {} : { sigma: said(sigma[i]!) }),
  });
  if (c.expect.kind === 'each') {
    const wanted = c.expect.match;
    const i = verdicts.findIndex((v) => v.matched !== wanted);
    return i < 0 ? undefined : at(i, said(wanted), said(verdicts[i].matched));
  }
  const matched = verdicts.filter((v) => v.matched).length;
  if (matched >= c.expect.count || verdicts.length === 0) return undefined;
  const missedWhereSigmaMatched = verdicts.findIndex((v, i) => !v.matched && sigma[i] === true);
  const i = missedWhereSigmaMatched >= 0 ? missedWhereSigmaMatched : verdicts.findIndex((v) => !v.matched);
  const n = c.events.length;
  return at(i, `at least ${c.expect.count} of ${n} events to match`, `${matched} matched, not this one`);
}

type Verdicts = (Verdict & { query: string })[][];

/** Every event of every case through the target's queries (each event renamed by its mapping first). */
function evaluateCases(tests: RuleTests, prepared: Extract<Prepared, { queries: unknown }>): Verdicts {
  return tests.cases.map((c) => c.events.map((e: TestEvent) => verdictOf(prepared.queries, prepared.mapEvent(e.event))));
}

/** `sigma`: Sigma's verdicts, shown beside another target's disagreement (none for Sigma's own). */
function outcomeOf(tests: RuleTests, verdicts: Verdicts, sigma: Verdicts | undefined): TargetOutcome {
  let matched = 0;
  let events = 0;
  let first: Disagreement | undefined;
  tests.cases.forEach((c, ci) => {
    matched += verdicts[ci].filter((v) => v.matched).length;
    events += verdicts[ci].length;
    first ??= checkCase(c, verdicts[ci], sigma?.[ci].map((v) => v.matched) ?? []);
  });
  return first ? { status: 'fail', matched, events, first } : { status: 'pass', matched, events };
}

/**
 * A correlation in one target: each named rule prepared as the target deploys it (Sigma's own
 * meaning for the Sigma column), each event's matches, then the correlation's groups and windows
 * (src/evaluate/correlation.ts). Group-by fields are read from the events as written: the
 * correlation's group-by and alias fields are deployed as given, not mapped (docs/correlations.md).
 */
function correlationGroups(correlation: SigmaCorrelation, cases: CorrelationCase[], target: TestTarget, evaluators: Evaluators): { groups: GroupOutcome[][]; queries: string } | { outcome: TargetOutcome } {
  const prepared: { label: string; queries: Queries; mapEvent: (e: FlatEvent) => FlatEvent }[] = [];
  for (const rule of correlation.resolved) {
    const label = ruleLabel(rule);
    if (rule.kind === 'sigma-correlation') return { outcome: { status: 'not-expressible', reason: `'${label}' is a correlation: correlations of correlations are not tested` } };
    const p = prepare(rule, target, evaluators);
    // A named rule a target cannot express (or read) makes the correlation so there: said with the rule's name.
    if ('outcome' in p) return { outcome: 'reason' in p.outcome ? { ...p.outcome, reason: `${label}: ${p.outcome.reason}` } : p.outcome };
    prepared.push({ label, ...p });
  }
  const groups = cases.map((c) => {
    const events: CorrelatedEvent[] = c.events.flatMap((e) => {
      const rules = new Set(prepared.filter((p) => verdictOf(p.queries, p.mapEvent(e.event)).matched).map((p) => p.label));
      return rules.size > 0 ? [{ time: e.time, event: e.event, rules }] : [];
    });
    return evaluateCorrelation(correlation, events);
  });
  return { groups, queries: prepared.map((p) => `${p.label}: ${p.queries.map((q) => q.text).join(' ; ')}`).join(' | ') };
}

const sameGroup = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
const fires = (fired: boolean) => (fired ? 'the correlation fires' : 'no alert');

/** Each declared group against the target's verdict; the first that disagrees fails the target. */
function correlationOutcome(cases: CorrelationCase[], result: ReturnType<typeof correlationGroups>, sigma: GroupOutcome[][] | undefined): TargetOutcome {
  if ('outcome' in result) return result.outcome;
  let matched = 0;
  let count = 0;
  let first: Disagreement | undefined;
  cases.forEach((c, ci) => {
    for (const g of c.groups) {
      const found = result.groups[ci]!.find((o) => sameGroup(o.group, g.group));
      const fired = found?.fired ?? false;
      count++;
      if (fired) matched++;
      if (fired === g.match || first) continue;
      const sigmaFired = sigma ? (sigma[ci]!.find((o) => sameGroup(o.group, g.group))?.fired ?? false) : undefined;
      first = {
        case: c.name,
        event: g.name,
        where: g.where,
        expected: fires(g.match),
        actual: fires(fired),
        decidedBy: found?.decidedBy ?? 'no event of this group matched a named rule',
        query: result.queries,
        ...(sigmaFired === undefined ? {} : { sigma: fires(sigmaFired) }),
      };
    }
  });
  return first ? { status: 'fail', matched, events: count, first } : { status: 'pass', matched, events: count, unit: 'groups' };
}

function runCorrelationTests(tests: RuleTests & { rule: SigmaCorrelation; correlationCases: CorrelationCase[] }, targets: readonly TestTarget[], evaluators: Evaluators): TargetResult[] {
  const cases = tests.correlationCases;
  const sigma = correlationGroups(tests.rule, cases, SIGMA_TARGET, evaluators);
  const sigmaGroups = 'outcome' in sigma ? undefined : sigma.groups;
  return targets.map((target) => {
    if (target.language === 'sigma') return { target, outcome: correlationOutcome(cases, sigma, undefined) };
    return { target, outcome: correlationOutcome(cases, correlationGroups(tests.rule, cases, target, evaluators), sigmaGroups) };
  });
}

export function runRuleTests(tests: RuleTests, targets: readonly TestTarget[], evaluators: Evaluators): RuleResult {
  if (tests.rule.kind === 'sigma-correlation' && tests.correlationCases) {
    const results = runCorrelationTests({ ...tests, rule: tests.rule, correlationCases: tests.correlationCases }, targets, evaluators);
    return resultOf(tests, results, tests.correlationCases.reduce((n, c) => n + c.events.length, 0));
  }
  // Sigma's verdicts once: its own column, and beside every other target's disagreement.
  const sigmaPrepared = prepare(tests.rule, SIGMA_TARGET, evaluators);
  const sigma = 'outcome' in sigmaPrepared ? undefined : evaluateCases(tests, sigmaPrepared);
  const results: TargetResult[] = targets.map((target) => {
    if (target.language === 'sigma') return { target, outcome: 'outcome' in sigmaPrepared ? sigmaPrepared.outcome : outcomeOf(tests, sigma!, undefined) };
    const prepared = prepare(tests.rule, target, evaluators);
    return { target, outcome: 'outcome' in prepared ? prepared.outcome : outcomeOf(tests, evaluateCases(tests, prepared), sigma) };
  });
  return resultOf(tests, results, tests.cases.reduce((n, c) => n + c.events.length, 0));
}

function resultOf(tests: RuleTests, results: TargetResult[], events: number): RuleResult {
  const { rule } = tests;
  return {
    path: rule.path,
    title: rule.kind === 'escu' ? rule.name : rule.title,
    ...(rule.id ? { id: rule.id } : {}),
    format: tests.format,
    file: tests.file,
    events,
    targets: results,
    passed: results.every((r) => r.outcome.status === 'pass' || r.outcome.status === 'not-expressible'),
  };
}

export interface RunOptions {
  /** Called after each rule, for a progress line on long runs. */
  progress?: (done: number, total: number) => void;
}

export function runTests(tests: readonly RuleTests[], targets: readonly TestTarget[], evaluators: Evaluators, untested: string[] = [], options: RunOptions = {}): TestReport {
  const rules: RuleResult[] = [];
  const totals: TestReport['totals'] = Object.fromEntries(targets.map((t) => [t.name, { pass: 0, fail: 0, 'not-expressible': 0, error: 0 }]));
  for (const t of tests) {
    const result = runRuleTests(t, targets, evaluators);
    rules.push(result);
    for (const r of result.targets) totals[r.target.name][r.outcome.status]++;
    options.progress?.(rules.length, tests.length);
  }
  return { rules, untested, totals, passed: rules.every((r) => r.passed) };
}
