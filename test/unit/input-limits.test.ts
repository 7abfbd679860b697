// Issue 11, "Bounded input": YAML aliases, nesting depth and file size are limited, each a
// `path:line:col` error naming the limit, with a hint; rules and environment files alike.
// (How long refusing takes, and in how much memory, is measured by the bench, not here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { loadEnvironment, parseEnvironment } from '../../src/config/load-environment.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { DEFAULT_LIMITS, parseYaml, readYamlFile, yamlLimits } from '../../src/yaml-tree.js';
import { aliasBomb, aliasBombRule, bigRule, deepRule } from '../helpers/hostile-yaml.js';
import { tempProject } from '../helpers/run-cli.js';

const errorsOf = (text: string, file = 'rules/r.yml') => parseYaml(text, file).diagnostics.map(formatDiagnostic);

function assertOne(errors: string[], where: string, message: RegExp) {
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.ok(errors[0].startsWith(`${where}: error: `), errors[0]);
  assert.match(errors[0], message);
  assert.match(errors[0], /\n {2}hint: .*Input limits/);
}

test('the defaults: 1 MB, 100 levels, 100 aliases, 10,000 aliased values', () => {
  assert.deepEqual(DEFAULT_LIMITS, { maxFileBytes: 1024 * 1024, maxDepth: 100, maxAliases: 100, maxAliasValues: 10_000 });
});

test('an alias bomb in a rule: an error at the alias that goes over the expansion limit (in a4, the first anchor over 10,000)', () => {
  const loaded = loadRuleFile({ path: 'rules/bomb.yml', absolute: '/nonexistent' }, aliasBombRule);
  assert.equal(loaded.rule, undefined);
  assertOne(loaded.diagnostics.map(formatDiagnostic), 'rules/bomb.yml:11:14', /the YAML aliases stand for more than 10000 values \(the alias expansion limit\)/);
});

test('aliases below the limits still work', () => {
  const { documents, diagnostics } = parseYaml('a: &a {b: [1, 2]}\nc: *a\nd: [*a, *a]\n', 'f.yml');
  assert.deepEqual(diagnostics, []);
  assert.equal(documents.length, 1);
});

test('more than 100 alias references: an error at the 101st', () => {
  assertOne(errorsOf(`a: &a 1\nb: [${Array(101).fill('*a').join(', ')}]\n`), `rules/r.yml:2:${5 + 100 * 4}`, /more than 100 YAML aliases \(\*name\) in one file \(the alias limit\)/);
  assert.deepEqual(errorsOf(`a: &a 1\nb: [${Array(100).fill('*a').join(', ')}]\n`), []);
});

test('100,000 nested [: the nesting limit, not a stack overflow', () => {
  // The document is level 1, `detection` level 2: the 100th `[` opens level 101.
  assertOne(loadRuleFile({ path: 'rules/deep.yml', absolute: '/nonexistent' }, deepRule).diagnostics.map(formatDiagnostic), 'rules/deep.yml:6:111', /the YAML nests deeper than 100 levels \(the nesting limit\)/);
});

test('100,000 nested block sequences and mappings: the nesting limit', () => {
  assertOne(errorsOf('- '.repeat(100_000) + 'x\n'), 'rules/r.yml:1:201', /nests deeper than 100 levels/);
  assertOne(errorsOf('{a: '.repeat(100_000) + '1\n'), 'rules/r.yml:1:394', /nests deeper than 100 levels/);
  assert.deepEqual(errorsOf('['.repeat(99) + ']'.repeat(99) + '\n'), []);
});

test('a syntax error before deep nesting is still a syntax error', () => {
  const errors = errorsOf('a: b: c\nd: ' + '['.repeat(100_000) + '\n');
  assert.ok(errors.length > 0);
  assert.match(errors[0], /^rules\/r\.yml:1:\d+: error: YAML syntax error/);
});

test('a file over the size limit is not read: path:1:1, the limit and how to raise it', () => {
  const dir = tempProject({ 'rules/big.yml': bigRule() });
  const loaded = loadRuleFile({ path: 'rules/big.yml', absolute: join(dir, 'rules/big.yml') });
  assert.equal(loaded.rule, undefined);
  assert.equal(loaded.diagnostics.length, 1);
  assert.equal(formatDiagnostic(loaded.diagnostics[0]).split('\n')[0], 'rules/big.yml:1:1: error: the file is 5 MB, over the file size limit of 1 MB');
  assert.match(loaded.diagnostics[0].hint!, /DETCTL_MAX_FILE_SIZE=4MB/);
});

test('DETCTL_MAX_FILE_SIZE sets the size limit (bytes, kB or MB); anything else is an error', () => {
  assert.equal(yamlLimits({ DETCTL_MAX_FILE_SIZE: '8MB' }).limits.maxFileBytes, 8 * 1024 * 1024);
  assert.equal(yamlLimits({ DETCTL_MAX_FILE_SIZE: '512k' }).limits.maxFileBytes, 512 * 1024);
  assert.equal(yamlLimits({ DETCTL_MAX_FILE_SIZE: '2000' }).limits.maxFileBytes, 2000);
  assert.equal(yamlLimits({}).limits.maxFileBytes, 1024 * 1024);
  const dir = tempProject({ 'r.yml': 'title: t\n'.repeat(300) });
  const small = readYamlFile(join(dir, 'r.yml'), 'r.yml', yamlLimits({ DETCTL_MAX_FILE_SIZE: '1k' }));
  assert.equal(small.text, undefined);
  assert.match(formatDiagnostic(small.diagnostics[0]), /^r\.yml:1:1: error: the file is 2\.6 kB, over the file size limit of 1 kB/);
  assert.equal(readYamlFile(join(dir, 'r.yml'), 'r.yml', yamlLimits({ DETCTL_MAX_FILE_SIZE: '8MB' })).text?.length, 2700);
  const bad = readYamlFile(join(dir, 'r.yml'), 'r.yml', yamlLimits({ DETCTL_MAX_FILE_SIZE: 'lots' }));
  assert.match(formatDiagnostic(bad.diagnostics[0]), /^r\.yml:1:1: error: DETCTL_MAX_FILE_SIZE is 'lots', which is not a size\n {2}hint: give bytes or kB\/MB/);
});

test('DETCTL_MAX_FILE_SIZE is read from the process environment', () => {
  const dir = tempProject({ 'rules/big.yml': bigRule(2 * 1024 * 1024) });
  const file = { path: 'rules/big.yml', absolute: join(dir, 'rules/big.yml') };
  const before = process.env.DETCTL_MAX_FILE_SIZE;
  try {
    process.env.DETCTL_MAX_FILE_SIZE = '3MB';
    const loaded = loadRuleFile(file);
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.rule?.kind, 'sigma');
  } finally {
    if (before === undefined) delete process.env.DETCTL_MAX_FILE_SIZE;
    else process.env.DETCTL_MAX_FILE_SIZE = before;
  }
  assert.match(loadRuleFile(file).diagnostics[0].message, /over the file size limit of 1 MB/);
});

const ENV = `targets:
  es:
    type: elasticsearch
    url: http://127.0.0.1:9200
    auth: {apiKey: k}
`;

test('environment files have the same limits: alias bomb, nesting, size', () => {
  const errors = (text: string) => parseEnvironment(text, 'environments/e.yaml', 'e', {}).diagnostics.map(formatDiagnostic);
  assertOne(errors(ENV + 'x:\n' + aliasBomb('  ')), 'environments/e.yaml:11:12', /alias expansion limit/);
  assertOne(errors(ENV + 'x: ' + '['.repeat(100_000) + '\n'), 'environments/e.yaml:6:103', /nesting limit/);
  const dir = tempProject({ 'environments/e.yaml': ENV + '#'.repeat(2 * 1024 * 1024) + '\n' });
  const loaded = loadEnvironment(dir, 'e', {});
  assert.equal(loaded.environment, undefined);
  assert.match(formatDiagnostic(loaded.diagnostics[0]), /^environments\/e\.yaml:1:1: error: the file is 2 MB, over the file size limit of 1 MB\n {2}hint: /);
});

test('a file that cannot be read is that file\'s error', () => {
  const dir = tempProject({ 'rules/x.yml': 'a: 1\n' });
  writeFileSync(join(dir, 'rules/x.yml'), 'a: 1\n');
  assert.match(formatDiagnostic(loadRuleFile({ path: 'rules/gone.yml', absolute: join(dir, 'rules/gone.yml') }).diagnostics[0]), /^rules\/gone\.yml:1:1: error: cannot read the file: no such file/);
  assert.match(formatDiagnostic(loadRuleFile({ path: 'rules', absolute: join(dir, 'rules') }).diagnostics[0]), /^rules:1:1: error: is a folder, not a file/);
});

test('a file known to be regular (discover) is read without a stat: same text, same limit, same errors', () => {
  const accented = 'title: Détection ünïcode ✓\n';
  const dir = tempProject({ 'a.yml': 'title: ascii\n', 'u.yml': accented, 'r.yml': 'title: t\n'.repeat(300), 'm.yml': `title: '${'x'.repeat(200_000)}'\n`, 'bad.yml': 'a: \xff\n' });
  writeFileSync(join(dir, 'bad.yml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a])); // not UTF-8: U+FFFD, as readFileSync gives
  for (const name of ['a.yml', 'u.yml', 'r.yml', 'm.yml', 'bad.yml']) {
    const absolute = join(dir, name);
    assert.deepEqual(readYamlFile(absolute, name, yamlLimits({}), true), readYamlFile(absolute, name, yamlLimits({})), name);
    for (const limit of ['1k', '2700', '2699', '200k', '8MB']) {
      const limits = yamlLimits({ DETCTL_MAX_FILE_SIZE: limit });
      assert.deepEqual(readYamlFile(absolute, name, limits, true).diagnostics.map(formatDiagnostic), readYamlFile(absolute, name, limits).diagnostics.map(formatDiagnostic), `${name} ${limit}`);
      assert.equal(readYamlFile(absolute, name, limits, true).text, readYamlFile(absolute, name, limits).text, `${name} ${limit}`);
    }
  }
  assert.equal(readYamlFile(join(dir, 'u.yml'), 'u.yml', yamlLimits({}), true).text, accented);
  assert.equal(readYamlFile(join(dir, 'bad.yml'), 'bad.yml', yamlLimits({}), true).text, 'a: \ufffd\n');
  assert.match(formatDiagnostic(readYamlFile(join(dir, 'gone.yml'), 'gone.yml', yamlLimits({}), true).diagnostics[0]), /^gone\.yml:1:1: error: cannot read the file: no such file/);
});
