// Sigma filters (sigma-filters-specification.md, pySigma sigma/filters.py): loading and its
// errors at path:line:col, application to the named rules' conditions (pySigma's output shape
// `(<rule condition>) and (<filter condition>)`), the log source rule, and what a filter among the
// rules does (validated, never a rule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFiles, type Rule } from '../../src/rules/load-rules.js';
import { applyFilters, loadFilterFiles } from '../../src/rules/apply-filters.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import type { SigmaCorrelation } from '../../src/rules/sigma/correlation-model.js';
import type { SigmaRule } from '../../src/rules/sigma/model.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

// pySigma tests/test_filters.py: the rule and filter of test_basic_filter_application.
const FAILED_LOGIN = `title: Failed login
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
name: failed_login
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        - EventID: 4625
        - EventID2: 4624
    condition: selection
`;
const OTHER = `title: Other
id: 257f7780-ea6c-48d4-ae8e-2b95b3740d84
logsource: {category: network_connection, product: windows}
detection:
    selection: {DestinationPort: 4444}
    condition: selection
`;
const FILTER = (rules: string, extra = '') => `title: Filter Administrator account
description: The valid administrator account start with adm_
logsource:
    category: process_creation
    product: windows
filter:
    rules: ${rules}
    selection:
        User|startswith: 'adm_'
    condition: not selection
${extra}`;

function load(files: Record<string, string>) {
  const dir = tempProject(files);
  const rules = loadRuleFiles(discoverRuleFiles(['rules/'], dir).files).flatMap((l) => (l.rule ? [l.rule] : []));
  const filters = loadFilterFiles(discoverRuleFiles(['filters/'], dir).files);
  return { dir, rules, filters };
}

const byTitle = (rules: Rule[], title: string) => rules.find((r) => r.kind !== 'escu' && r.title === title) as SigmaRule;
const errorsOf = (d: { diagnostics: Parameters<typeof formatDiagnostic>[0][] }) => d.diagnostics.map(formatDiagnostic);

test("a filter adds 'and not <selection>' to the rule it names, in every language", () => {
  const { rules, filters } = load({ 'rules/a.yml': FAILED_LOGIN, 'rules/b.yml': OTHER, 'filters/f.yml': FILTER('[6f3e2987-db24-4c78-a860-b4f4095a7095]') });
  assert.deepEqual(filters.diagnostics, []);
  const applied = applyFilters(rules, filters.filters);
  assert.deepEqual(applied.diagnostics, []);
  const filtered = byTitle(applied.rules, 'Failed login');
  assert.deepEqual(compileRule(filtered, 'lucene'), ['(EventID:4625 OR EventID2:4624) AND (NOT User:adm_*)']);
  assert.deepEqual(compileRule(filtered, 'spl'), ['EventID=4625 OR EventID2=4624 NOT User="adm_*"']);
  // The rule it does not name, and the loaded rule itself, are untouched.
  assert.equal(byTitle(applied.rules, 'Other'), byTitle(rules, 'Other'));
  assert.deepEqual(compileRule(byTitle(rules, 'Failed login'), 'lucene'), ['EventID:4625 OR EventID2:4624']);
});

test('rules by name, a single reference, and `any` for every rule of the log source', () => {
  for (const ref of ['[failed_login]', 'failed_login', 'any', 'all', '[]']) {
    const { rules, filters } = load({ 'rules/a.yml': FAILED_LOGIN, 'rules/b.yml': OTHER, 'filters/f.yml': FILTER(ref) });
    const applied = applyFilters(rules, filters.filters);
    assert.deepEqual(applied.diagnostics, [], ref);
    assert.deepEqual(compileRule(byTitle(applied.rules, 'Failed login'), 'lucene'), ['(EventID:4625 OR EventID2:4624) AND (NOT User:adm_*)'], ref);
    // `any` applies only where the filter's log source contains the rule's (network_connection is not process_creation).
    assert.deepEqual(compileRule(byTitle(applied.rules, 'Other'), 'lucene'), ['DestinationPort:4444'], ref);
  }
});

test('several filters on one rule are each added', () => {
  const second = `title: Filter the deployment agent
logsource: {product: windows}
filter:
    rules: failed_login
    agent: {ParentImage|endswith: '\\deployagent.exe'}
    condition: not agent
`;
  const { rules, filters } = load({ 'rules/a.yml': FAILED_LOGIN, 'filters/1.yml': FILTER('failed_login'), 'filters/2.yml': second });
  const applied = applyFilters(rules, filters.filters);
  assert.deepEqual(compileRule(byTitle(applied.rules, 'Failed login'), 'lucene'), ['(EventID:4625 OR EventID2:4624) AND (NOT User:adm_*) AND (NOT ParentImage:*\\\\deployagent.exe)']);
});

test('a correlation counts the filtered matches of the rules it names (pySigma test_basic_filter_application_against_correlation_rule)', () => {
  const corr = `title: Many failed logins
correlation:
    type: event_count
    rules: [failed_login]
    group-by: [TargetUserName]
    timespan: 5m
    condition: {gte: 10}
`;
  const { rules, filters } = load({ 'rules/a.yml': `${FAILED_LOGIN}---\n${corr}`, 'filters/f.yml': FILTER('failed_login') });
  const applied = applyFilters(rules, filters.filters);
  const correlation = applied.rules.find((r) => r.kind === 'sigma-correlation') as SigmaCorrelation;
  assert.equal(correlation.resolved[0], byTitle(applied.rules, 'Failed login'));
  assert.match(compileRule(correlation, 'spl')[0]!, /^EventID=4625 OR EventID2=4624 NOT User="adm_\*"\n\n\| bin _time span=5m/);
});

test('a filter naming an unknown rule, a correlation, or a rule of another log source is an error at the name', () => {
  const corr = `title: Many failed logins
name: many_failed
correlation: {type: event_count, rules: [failed_login], group-by: [TargetUserName], timespan: 5m, condition: {gte: 10}}
`;
  const { rules, filters } = load({
    'rules/a.yml': `${FAILED_LOGIN}---\n${corr}`,
    'rules/b.yml': OTHER,
    'filters/f.yml': FILTER('[failed_logni, many_failed, 257f7780-ea6c-48d4-ae8e-2b95b3740d84]'),
  });
  const applied = applyFilters(rules, filters.filters);
  assert.deepEqual(errorsOf(applied), [
    "filters/f.yml:7:13: error: filter 'Filter Administrator account' names 'failed_logni', but no rule of this environment has that id or name; did you mean 'failed_login'?\n  hint: a filter names rules by their id or their name attribute, among the rules the environment loads",
    "filters/f.yml:7:27: error: filter 'Filter Administrator account' names the correlation 'many_failed'; filters apply to Sigma rules only\n  hint: name the rules the correlation counts: it counts their filtered matches",
    "filters/f.yml:7:40: error: filter 'Filter Administrator account' is for log source {category: process_creation, product: windows}, which does not contain the log source {category: network_connection, product: windows} of '257f7780-ea6c-48d4-ae8e-2b95b3740d84' (rules/b.yml): it would not apply\n  hint: a filter applies to a rule only when each of its logsource's category, product and service is the rule's",
  ]);
});

test('filter documents: every mistake at its path:line:col', () => {
  const cases: [string, string][] = [
    [FILTER('failed_login', 'level: high\n'), "filters/f.yml:11:1: error: unknown key 'level'"],
    [FILTER('failed_login').replace('logsource:\n    category: process_creation\n    product: windows\n', ''), "filters/f.yml:1:1: error: missing required attribute 'logsource'"],
    [FILTER('failed_login').replace('    rules: failed_login\n', '    rule: failed_login\n'), "filters/f.yml:7:5: error: 'filter' needs the key 'rules'; is the selection 'rule' meant to be 'rules'?"],
    [FILTER('failed_login').replace('condition: not selection', 'condition: [selection, not selection]'), "filters/f.yml:10:5: error: 'filter.condition' must be one condition string (a filter has exactly one condition)"],
    [FILTER('failed_login').replace('condition: not selection', 'condition: not selections'), "filters/f.yml:10:20: error: condition names unknown detection 'selections'"],
    [FILTER('failed_login').replace('    condition: not selection\n', '    conditon: not selection\n'), "filters/f.yml:10:5: error: 'filter' needs the key 'condition'; is the selection 'conditon' meant to be 'condition'?"],
    [FILTER('failed_login').replace("User|startswith: 'adm_'", "User|startwith: 'adm_'"), "filters/f.yml:9:9: error: field 'User': unknown modifier 'startwith'; did you mean 'startswith'?"],
    [FILTER('failed_login').replace("    selection:\n        User|startswith: 'adm_'\n", ''), "filters/f.yml:6:1: error: 'filter' has no selection"],
    ["title: A rule\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\n", 'filters/f.yml:1:1: error: not a Sigma filter but a rule'],
  ];
  for (const [text, expected] of cases) {
    const { filters } = load({ 'rules/a.yml': FAILED_LOGIN, 'filters/f.yml': text });
    assert.equal(filters.filters.length, 0, expected);
    assert.ok(errorsOf(filters).some((e) => e.startsWith(expected)), `${expected}\nin:\n${errorsOf(filters).join('\n')}`);
  }
});

test('a filter among the rules is validated like a rule but is no rule: validate reports it, convert prints nothing for it', async () => {
  const dir = tempProject({ 'rules/a.yml': FAILED_LOGIN, 'rules/filters/ok.yml': FILTER('failed_login'), 'rules/filters/bad.yml': FILTER('failed_login', 'levle: high\n') });
  const loaded = loadRuleFiles(discoverRuleFiles(['rules/'], dir).files);
  assert.deepEqual(loaded.flatMap((l) => (l.rule ? [l.rule.path] : [])), ['rules/a.yml']);
  const validated = await runCli(['validate', 'rules'], { cwd: dir });
  assert.equal(validated.code, 1);
  assert.match(validated.err, /^rules\/filters\/bad\.yml:11:1: error: unknown key 'levle'/m);
  const converted = await runCli(['convert', '--to', 'lucene', join('rules', 'a.yml'), join('rules', 'filters', 'ok.yml')], { cwd: dir });
  assert.equal(converted.code, 0, converted.err);
  assert.equal(converted.out, '# rules/a.yml: Failed login\nEventID:4625 OR EventID2:4624\n\n');
});

test('detctl test --env evaluates the rules as the environment deploys them: filters applied', async () => {
  const env = (filters: string) => `rules: [rules/]
${filters}tests: tests/
targets:
  es: {type: elasticsearch, url: "http://127.0.0.1:9", auth: {apiKey: k}, watch: {indices: [x-*]}}
  splunk: {type: splunk, url: "http://127.0.0.1:9", auth: {token: t}, app: a}
`;
  const dir = tempProject({
    'rules/a.yml': FAILED_LOGIN,
    'filters/f.yml': FILTER('failed_login'),
    'environments/plain.yaml': env(''),
    'environments/tuned.yaml': env('filters: [filters/]\n'),
    'tests/a.tests.yml': 'events:\n  - {name: an administrator, match: false, event: {EventID: 4625, User: adm_alice}}\n  - {name: a user, match: true, event: {EventID: 4625, User: bob}}\n',
  });
  const tuned = await runCli(['test', '--env', 'tuned'], { cwd: dir });
  assert.equal(tuned.code, 0, tuned.out + tuned.err);
  assert.match(tuned.out, /PASS/);
  // Without the filter every target (Sigma too) matches the administrator's logon.
  const plain = await runCli(['test', '--env', 'plain', '--format', 'json'], { cwd: dir });
  assert.equal(plain.code, 1);
  const report = JSON.parse(plain.out) as { rules: { passed: boolean }[] };
  assert.deepEqual(report.rules.map((r) => r.passed), [false]);
});
