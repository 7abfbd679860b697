// Test sources: detctl's .tests.yml (inline events, JSONL files, every problem at path:line:col)
// and SigmaHQ's regression data (regression_tests_path resolved upwards, concatenated JSON events).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFiles, type Rule } from '../../src/rules/load-rules.js';
import { findRuleTests } from '../../src/ruletest/find-tests.js';
import { readJsonLines, readJsonValues } from '../../src/ruletest/json-values.js';
import { tempProject } from '../helpers/run-cli.js';

const RULE = `title: Encoded PowerShell
id: 3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10
status: test
logsource: {category: process_creation, product: windows}
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

/** Flattening of SigmaHQ events is the Sigma helper's; here a stand-in that keeps EventData's fields. */
const evaluators = { flattenSigmaHqEvent: (json: unknown) => (json as { Event: { EventData: Record<string, string> } }).Event.EventData };

function load(files: Record<string, string>, paths = ['rules']): { dir: string; rules: Rule[]; found: ReturnType<typeof findRuleTests> } {
  const dir = tempProject(files);
  const loaded = loadRuleFiles(discoverRuleFiles(paths, dir).files);
  const rules = loaded.flatMap((l) => (l.rule ? [l.rule] : []));
  return { dir, rules, found: findRuleTests(rules, { cwd: dir, evaluators }) };
}

const messages = (found: ReturnType<typeof findRuleTests>) => found.diagnostics.map(formatDiagnostic);

test('a .tests.yml beside the rule: inline events and a JSONL file, each with its expectation; not read as a rule', () => {
  const { rules, found } = load({
    'rules/enc.yml': RULE,
    'rules/enc.tests.yml': `events:
  - name: encoded command
    match: true
    event: {Image: 'C:\\Windows\\powershell.exe', CommandLine: 'powershell -enc AAAA', process: {parent: {name: explorer.exe}}}
  - match: false
    file: benign.jsonl
`,
    'rules/benign.jsonl': '{"Image": "C:\\\\Windows\\\\powershell.exe", "CommandLine": "powershell -File x.ps1"}\n\n{"Image": "C:\\\\Windows\\\\cmd.exe", "Tags": ["a", "b"]}\n',
  });
  assert.equal(rules.length, 1, 'enc.tests.yml is not loaded as a rule');
  assert.deepEqual(found.diagnostics, []);
  assert.equal(found.tests.length, 1);
  const [tests] = found.tests;
  assert.equal(tests.format, 'detctl');
  assert.equal(tests.file, join('rules', 'enc.tests.yml'));
  assert.deepEqual(
    tests.cases.map((c) => [c.name, c.expect, c.events.length]),
    [
      ['encoded command', { kind: 'each', match: true }, 1],
      ['event 2', { kind: 'each', match: false }, 2],
    ],
  );
  assert.deepEqual(tests.cases[0].events[0].event, { Image: 'C:\\Windows\\powershell.exe', CommandLine: 'powershell -enc AAAA', 'process.parent.name': 'explorer.exe' });
  assert.deepEqual(tests.cases[1].events[1].event, { Image: 'C:\\Windows\\cmd.exe', Tags: ['a', 'b'] });
  // A JSONL event is named by its line, blank lines counted.
  assert.equal(tests.cases[1].events[1].where.line, 3);
  assert.match(tests.cases[1].events[1].name, /benign\.jsonl:3$/);
});

test('malformed test files are path:line:col errors, and the other rules are still tested', () => {
  const { found } = load({
    'rules/a.yml': RULE,
    'rules/a.tests.yml': 'events:\n  - match: yes please\n    event: {Image: x}\n',
    'rules/b.yml': RULE.replace('3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10', '0c1c0c9a-7b7e-4a53-9a55-6f2f1b3c0d11'),
    'rules/b.tests.yml': 'events:\n  - match: true\n    event: {Image: x}\n    file: b.jsonl\n  - match: false\n    evnt: {Image: y}\n',
    'rules/c.yml': RULE.replace('3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10', '1c1c0c9a-7b7e-4a53-9a55-6f2f1b3c0d12'),
    'rules/c.tests.yml': 'events:\n  - match: true\n    file: c.jsonl\n',
    'rules/c.jsonl': '{"Image": "x"}\n{"Image": "y",}\n[1]\n',
    'rules/d.yml': RULE.replace('3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10', '2c1c0c9a-7b7e-4a53-9a55-6f2f1b3c0d13'),
    'rules/d.tests.yml': 'events: [\n',
    'rules/e.yml': RULE.replace('3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10', '3c1c0c9a-7b7e-4a53-9a55-6f2f1b3c0d14'),
    'rules/e.tests.yml': 'events:\n  - match: true\n    event: {Image: ok}\n',
  });
  const text = messages(found);
  const at = (file: string) => text.filter((m) => m.startsWith(join('rules', file) + ':'));
  assert.match(at('a.tests.yml')[0], /^rules\/a\.tests\.yml:2:\d+: error: 'events\[0\]\.match' /);
  assert.ok(at('b.tests.yml').some((m) => /^rules\/b\.tests\.yml:2:\d+: error: .*either 'event' .* or 'file'/.test(m)), text.join('\n'));
  assert.ok(at('b.tests.yml').some((m) => /^rules\/b\.tests\.yml:6:5: error: unknown key 'evnt'.*did you mean 'event'/.test(m)), text.join('\n'));
  assert.match(at('c.jsonl')[0], /^rules\/c\.jsonl:2:\d+: error: not valid JSON/);
  assert.match(at('c.jsonl')[1], /^rules\/c\.jsonl:3:1: error: each line must be a JSON object/);
  assert.match(at('d.tests.yml')[0], /^rules\/d\.tests\.yml:\d+:\d+: error: /);
  // e's tests are loaded whatever the others' problems.
  assert.deepEqual(found.tests.map((t) => t.file), [join('rules', 'e.tests.yml')]);
  assert.deepEqual(found.untested, [], 'a rule with an unreadable tests file is not "without tests"');
});

test("an environment's tests folder is read by the rule's file name, besides the tests beside it", () => {
  const dir = tempProject({ 'rules/a.yml': RULE, 'rules/a.tests.yml': 'events:\n  - {match: true, event: {Image: beside}}\n', 'env-tests/a.tests.yml': 'events:\n  - {match: false, event: {Image: env}}\n' });
  const rules = loadRuleFiles(discoverRuleFiles(['rules'], dir).files).flatMap((l) => (l.rule ? [l.rule] : []));
  const found = findRuleTests(rules, { cwd: dir, evaluators, testsDir: join(dir, 'env-tests') });
  assert.deepEqual(found.tests.map((t) => t.file), [join('env-tests', 'a.tests.yml'), join('rules', 'a.tests.yml')]);
});

const SIGMAHQ_RULE = (path: string) => `${RULE}regression_tests_path: ${path}\n`;
const record = (image: string) => JSON.stringify({ Event: { System: { EventID: 1 }, EventData: { Image: image } } }, null, 2);

test("SigmaHQ's regression_tests_path: resolved from the rule's folder upwards to the repository root; concatenated JSON events; match_count a floor", () => {
  const { found } = load(
    {
      'sigma/rules/windows/proc/enc.yml': SIGMAHQ_RULE('regression_data/rules/windows/proc/enc/info.yml'),
      'sigma/regression_data/rules/windows/proc/enc/info.yml': `id: 0e0a3b1e-0000-4000-8000-000000000000
rule_metadata:
    - id: 3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10
regression_tests_info:
    - name: Positive Detection Test
      type: evtx
      provider: Microsoft-Windows-Sysmon
      match_count: 2
      path: regression_data/rules/windows/proc/enc/3b6ab547.evtx
`,
      'sigma/regression_data/rules/windows/proc/enc/3b6ab547.json': `${record('a.exe')}\n${record('b "{x}".exe')}\n${record('c.exe')}\n`,
    },
    ['sigma/rules'],
  );
  assert.deepEqual(found.diagnostics, []);
  const [tests] = found.tests;
  assert.equal(tests.format, 'sigmahq');
  assert.equal(tests.file, join('sigma', 'regression_data', 'rules', 'windows', 'proc', 'enc', 'info.yml'));
  assert.deepEqual(tests.cases[0].expect, { kind: 'atLeast', count: 2 });
  assert.deepEqual(
    tests.cases[0].events.map((e) => [e.event, e.where.line]),
    [
      [{ Image: 'a.exe' }, 1],
      [{ Image: 'b "{x}".exe' }, 11],
      [{ Image: 'c.exe' }, 21],
    ],
  );
});

test('SigmaHQ tests without match_count: at least one event; a missing info or events file is an error at its key', () => {
  const { found } = load({
    'rules/a.yml': SIGMAHQ_RULE('regression_data/a/info.yml'),
    'regression_data/a/info.yml': 'regression_tests_info:\n  - {name: t, type: evtx, path: regression_data/a/a.evtx}\n',
    'regression_data/a/a.json': record('a.exe'),
    'rules/b.yml': SIGMAHQ_RULE('regression_data/nowhere/info.yml').replace('3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10', '0c1c0c9a-7b7e-4a53-9a55-6f2f1b3c0d11'),
    'rules/c.yml': SIGMAHQ_RULE('regression_data/c/info.yml').replace('3b6ab547-8ec2-4991-b9f2-2d2c9c4c1a10', '1c1c0c9a-7b7e-4a53-9a55-6f2f1b3c0d12'),
    'regression_data/c/info.yml': 'regression_tests_info:\n  - {name: t, type: evtx, path: regression_data/c/gone.evtx}\n  - {name: u, type: raw, path: regression_data/c/x.raw}\n',
  });
  assert.deepEqual(found.tests.map((t) => t.cases[0].expect), [{ kind: 'atLeast', count: 1 }]);
  const text = messages(found);
  assert.match(text[0], /^rules\/b\.yml:10:1: error: regression_tests_path: no regression_data\/nowhere\/info\.yml in the rule's folder or any folder above it/);
  assert.match(text[1], /^regression_data\/c\/info\.yml:2:5: error: no events for regression_data\/c\/gone\.evtx/);
  assert.match(text[2], /^regression_data\/c\/info\.yml:3:5: error: test type 'raw' is not supported/);
});

test('JSON values: one after another, one array, or one per line; where each starts, and where a bad one breaks', () => {
  assert.deepEqual(readJsonValues('{"a": "}"}\n  {"b": [1, {"c": 2}]}', 'f.json').values.map((v) => [v.value, v.loc.line, v.loc.column]), [
    [{ a: '}' }, 1, 1],
    [{ b: [1, { c: 2 }] }, 2, 3],
  ]);
  assert.deepEqual(readJsonValues('[{"a": 1}, {"a": 2}]', 'f.json').values.map((v) => v.value), [{ a: 1 }, { a: 2 }]);
  const broken = readJsonValues('{"a": 1}\n{"a": tru}\n', 'f.json');
  assert.equal(broken.values.length, 1);
  assert.equal(broken.diagnostics[0].location?.line, 2);
  assert.match(readJsonValues('{"a": 1} 42', 'f.json').diagnostics[0].message, /expected a JSON object/);
  assert.match(readJsonValues('{"a": 1', 'f.json').diagnostics[0].message, /not closed/);
  const lines = readJsonLines('{"a": 1}\n\n{"a": }\n', 'f.jsonl');
  assert.deepEqual(lines.values.map((v) => v.loc.line), [1]);
  assert.equal(lines.diagnostics[0].location?.line, 3);
  assert.equal(lines.diagnostics[0].message, "not valid JSON: Unexpected token '}'");
});
