// The runner with fake evaluators: which targets run, what each is given (the deployed query, the
// event renamed by the target's mapping), and how verdicts become pass, fail (with the first
// disagreeing event and what decided it), not expressible or error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseEnvironment } from '../../src/config/load-environment.js';
import { QuerySyntaxError, type CompiledQuery, type FlatEvent } from '../../src/evaluate/types.js';
import { loadRuleFile, type Rule } from '../../src/rules/load-rules.js';
import type { Evaluators } from '../../src/ruletest/evaluators.js';
import type { Expectation, RuleTests } from '../../src/ruletest/model.js';
import { runRuleTests, runTests, testTargets } from '../../src/ruletest/run-tests.js';

const repo = resolve(import.meta.dirname, '..', '..');

function rule(text: string): Rule {
  const loaded = loadRuleFile({ path: 'rules/r.yml', absolute: '/nowhere/r.yml' }, text);
  assert.deepEqual(loaded.diagnostics, []);
  return loaded.rule!;
}

const ENCODED_TEXT = `title: Encoded PowerShell
logsource: {category: process_creation, product: windows}
detection:
  selection: {CommandLine|contains: ' -enc '}
  condition: selection
`;
const ENCODED = rule(ENCODED_TEXT);

/** The command line as written, or as the fake mapping renames it. */
const commandLine = (e: FlatEvent) => String(e['process.command_line'] ?? e.CommandLine ?? '');

/** What each fake was asked to compile, and which events it saw. */
interface Calls {
  lucene: { query: string; keywordSuffix?: string }[];
  spl: string[];
  seen: Record<string, FlatEvent[]>;
}

/**
 * Sigma and SPL: ' -enc ' anywhere, any case. Lucene is case-sensitive on purpose (a keyword
 * field), so 'POWERSHELL -ENC' is where it disagrees. A query holding UNREADABLE cannot be read.
 */
function fakes(calls: Calls = { lucene: [], spl: [], seen: {} }): Evaluators {
  const query = (name: string, matches: (e: FlatEvent) => boolean, decidedBy: string): CompiledQuery => ({
    evaluate: (e) => {
      (calls.seen[name] ??= []).push(e);
      return { matched: matches(e), decidedBy };
    },
  });
  return {
    compileSigma: () => query('sigma', (e) => commandLine(e).toLowerCase().includes(' -enc '), "CommandLine|contains: ' -enc '"),
    compileLucene: (q, options) => {
      calls.lucene.push({ query: q, ...options });
      if (q.includes('UNREADABLE')) throw new QuerySyntaxError('unexpected token', 3);
      return query('lucene', (e) => commandLine(e).includes(' -enc '), q);
    },
    compileSpl: (q) => {
      calls.spl.push(q);
      return query('spl', (e) => commandLine(e).toLowerCase().includes(' -enc '), q);
    },
    flattenSigmaHqEvent: (json) => json as FlatEvent,
    // The fake mapping: CommandLine becomes ECS's name, and the event says which mapping and logsource it was given.
    mapEvent: (e, mapping, logsource) => ({ 'process.command_line': e.CommandLine ?? null, mappedBy: `${mapping}/${logsource.category}` }),
  };
}

const event = (name: string, commandLine: string) => ({ name, event: { CommandLine: commandLine }, where: { file: 'rules/r.tests.yml', line: 3, column: 5 } });

function tests(r: Rule, cases: { name: string; expect: Expectation; events: ReturnType<typeof event>[] }[]): RuleTests {
  return { rule: r, format: 'detctl', file: 'rules/r.tests.yml', cases };
}

const positive = { name: 'encoded', expect: { kind: 'each', match: true } as const, events: [event('encoded', 'powershell -enc AAAA')] };
const negative = { name: 'plain', expect: { kind: 'each', match: false } as const, events: [event('plain', 'powershell -File a.ps1')] };
const DEFAULT_TARGETS = testTargets();

test('without an environment: Sigma, Lucene and SPL without mappings; a rule passes when all agree with the expectation', () => {
  assert.deepEqual(DEFAULT_TARGETS, [
    { name: 'sigma', language: 'sigma' },
    { name: 'lucene', language: 'lucene' },
    { name: 'spl', language: 'spl' },
  ]);
  const calls: Calls = { lucene: [], spl: [], seen: {} };
  const result = runRuleTests(tests(ENCODED, [positive, negative]), DEFAULT_TARGETS, fakes(calls));
  assert.equal(result.passed, true);
  assert.deepEqual(result.targets.map((t) => t.outcome), [1, 2, 3].map(() => ({ status: 'pass', matched: 1, events: 2 })));
  // The queries evaluated are the ones detctl deploys, compiled by detctl's own compiler.
  assert.deepEqual(calls.lucene, [{ query: 'CommandLine:*\\ \\-enc\\ *' }]);
  assert.deepEqual(calls.spl, ['CommandLine="* -enc *"']);
});

test('a target that disagrees fails the rule: the first such event, expected and actual, Sigma beside it, and what decided it', () => {
  const shouting = { name: 'shouting', expect: { kind: 'each', match: true } as const, events: [event('upper case', 'POWERSHELL -ENC AAAA')] };
  const result = runRuleTests(tests(ENCODED, [positive, shouting, negative]), DEFAULT_TARGETS, fakes());
  assert.equal(result.passed, false);
  const [sigma, lucene, spl] = result.targets.map((t) => t.outcome);
  assert.equal(sigma.status, 'pass');
  assert.equal(spl.status, 'pass');
  assert.deepEqual(lucene, {
    status: 'fail',
    matched: 1,
    events: 3,
    first: { case: 'shouting', event: 'upper case', where: { file: 'rules/r.tests.yml', line: 3, column: 5 }, expected: 'match', actual: 'no match', decidedBy: 'CommandLine:*\\ \\-enc\\ *', query: 'CommandLine:*\\ \\-enc\\ *', sigma: 'match' },
  });
});

test("a rule the language cannot express is 'not expressible', not a failure; a query the evaluator cannot read is an error", () => {
  const fieldref = rule(`title: Same user
logsource: {category: process_creation, product: windows}
detection:
  selection: {User|fieldref: TargetUser, CommandLine|contains: ' -enc '}
  condition: selection
`);
  const result = runRuleTests(tests(fieldref, [positive]), [{ name: 'lucene', language: 'lucene' }], fakes());
  assert.equal(result.targets[0].outcome.status, 'not-expressible');
  assert.match((result.targets[0].outcome as { reason: string }).reason, /query_string cannot compare two fields/);
  assert.equal(result.passed, true);

  const unreadable = rule(ENCODED_TEXT.replace(' -enc ', 'UNREADABLE'));
  const broken = runRuleTests(tests(unreadable, [{ ...positive, events: [event('x', 'UNREADABLE')] }]), [{ name: 'lucene', language: 'lucene' }], fakes());
  assert.equal(broken.targets[0].outcome.status, 'error');
  assert.match((broken.targets[0].outcome as { reason: string }).reason, /the lucene evaluator cannot read the query at character 3: unexpected token/);
  assert.equal(broken.passed, false);
});

test("an environment's targets: their language, mapping and keyword suffix; events renamed by the target's mapping", () => {
  const { environment, diagnostics } = parseEnvironment(
    `targets:
  elastic: {type: elasticsearch, url: 'http://es:9200', auth: {apiKey: k}, watch: {indices: [logs-*], mapping: ecs_windows, keywordSuffix: .keyword}}
  splunk: {type: splunk, url: 'https://splunk:8089', auth: {token: t}, app: search, savedSearch: {mapping: splunk_windows}}
`,
    'environments/e.yaml',
    'e',
    {},
  );
  assert.deepEqual(diagnostics, []);
  const targets = testTargets(environment);
  assert.deepEqual(targets, [
    { name: 'sigma', language: 'sigma' },
    { name: 'elastic', language: 'lucene', mapping: 'ecs_windows', keywordSuffix: '.keyword' },
    { name: 'splunk', language: 'spl', mapping: 'splunk_windows' },
  ]);
  const calls: Calls = { lucene: [], spl: [], seen: {} };
  const result = runRuleTests(tests(ENCODED, [positive]), targets, fakes(calls));
  assert.equal(result.passed, true);
  // Lucene is compiled with the target's mapping and keyword suffix and sees the mapped event; Sigma the event as written.
  assert.deepEqual(calls.lucene, [{ query: 'process.command_line.keyword:*\\ \\-enc\\ *', keywordSuffix: '.keyword' }]);
  assert.deepEqual(calls.seen.lucene, [{ 'process.command_line': 'powershell -enc AAAA', mappedBy: 'ecs_windows/process_creation' }]);
  assert.deepEqual(calls.seen.spl, [{ 'process.command_line': 'powershell -enc AAAA', mappedBy: 'splunk_windows/process_creation' }]);
  assert.deepEqual(calls.seen.sigma, [{ CommandLine: 'powershell -enc AAAA' }]);
});

test('at least match_count events (SigmaHQ): the first event missed is named', () => {
  const events = [event('event 1', 'powershell -File a.ps1'), event('event 2', 'powershell -enc AAAA')];
  const one = runRuleTests(tests(ENCODED, [{ name: 'regression', expect: { kind: 'atLeast', count: 1 }, events }]), DEFAULT_TARGETS, fakes());
  assert.equal(one.passed, true);
  const two = runRuleTests(tests(ENCODED, [{ name: 'regression', expect: { kind: 'atLeast', count: 2 }, events }]), DEFAULT_TARGETS, fakes());
  const first = (two.targets[1].outcome as { first: { event: string; expected: string; actual: string } }).first;
  assert.deepEqual([first.event, first.expected, first.actual], ['event 1', 'at least 2 of 2 events to match', '1 matched, not this one']);
});

test('a rule with several conditions fires when any of its queries does', () => {
  const two = rule(`title: Two
logsource: {category: process_creation, product: windows}
detection:
  enc: {CommandLine|contains: ' -enc '}
  other: {CommandLine|contains: 'never'}
  condition: [other, enc]
`);
  const result = runRuleTests(tests(two, [positive, negative]), DEFAULT_TARGETS, fakes());
  assert.equal(result.passed, true, JSON.stringify(result.targets));
});

test("ESCU detections are tested on SPL targets only: a tstats search by its where condition", () => {
  const escu = loadRuleFile({ path: 'rules/escu/certutil_decoding_a_file.yml', absolute: resolve(repo, 'rules/escu/certutil_decoding_a_file.yml') }).rule!;
  assert.equal(escu.kind, 'escu');
  const calls: Calls = { lucene: [], spl: [], seen: {} };
  const result = runRuleTests(tests(escu, [negative]), DEFAULT_TARGETS, fakes(calls));
  assert.deepEqual(result.targets.map((t) => t.outcome.status), ['not-expressible', 'not-expressible', 'pass']);
  assert.deepEqual(calls.spl, ['search Processes.process_name=certutil.exe Processes.process="*-decode*"']);
});

test('totals per target, and a run passes only when every rule does', () => {
  const report = runTests([tests(ENCODED, [positive]), tests(ENCODED, [{ ...positive, events: [event('upper', 'X -ENC Y')] }])], DEFAULT_TARGETS, fakes(), ['rules/untested.yml']);
  assert.equal(report.passed, false);
  assert.deepEqual(report.untested, ['rules/untested.yml']);
  assert.deepEqual(report.totals.lucene, { pass: 1, fail: 1, 'not-expressible': 0, error: 0 });
  assert.deepEqual(report.totals.sigma, { pass: 2, fail: 0, 'not-expressible': 0, error: 0 });
});
