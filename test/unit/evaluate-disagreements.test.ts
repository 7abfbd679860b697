// Where Sigma's meaning, Lucene and SPL disagree on purpose, because the servers do: the three
// evaluators on one rule each, with events on both sides of the difference. A change that made two
// of them agree here would be a change in what a server is modelled to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/yaml-tree.js';
import { loadSigmaRule } from '../../src/rules/sigma/load-sigma-rule.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import { compileSigma } from '../../src/evaluate/sigma/index.js';
import { compileLucene } from '../../src/evaluate/lucene/index.js';
import { compileSpl } from '../../src/evaluate/spl/index.js';
import type { FlatEvent } from '../../src/evaluate/types.js';

function verdicts(detection: string, event: FlatEvent) {
  const text = `title: T\nlogsource:\n    product: windows\ndetection:\n${detection}\n    condition: sel`;
  const rule = loadSigmaRule(parseYaml(text, 't.yml').documents[0], 't.yml').rule!;
  return {
    sigma: compileSigma(rule.conditions[0]).evaluate(event).matched,
    lucene: compileLucene(compileRule(rule, 'lucene')[0]).evaluate(event).matched,
    luceneCaseInsensitive: compileLucene(compileRule(rule, 'lucene', { caseInsensitive: true })[0]).evaluate(event).matched,
    spl: compileSpl(compileRule(rule, 'spl')[0]).evaluate(event).matched,
  };
}

test('case: Sigma and SPL ignore it; Lucene on a keyword field does not, unless caseInsensitive', () => {
  const sel = "    sel:\n        Image|endswith: '\\\\cmd.exe'";
  assert.deepEqual(verdicts(sel, { Image: 'C:\\Windows\\System32\\CMD.EXE' }), { sigma: true, lucene: false, luceneCaseInsensitive: true, spl: true });
  assert.deepEqual(verdicts(sel, { Image: 'C:\\Windows\\System32\\cmd.exe' }), { sigma: true, lucene: true, luceneCaseInsensitive: true, spl: true });
});

test('`?`: one character in Sigma and Lucene; SPL has no such wildcard and widens it to `*`', () => {
  const sel = "    sel:\n        Name: 'x?z'";
  assert.deepEqual(verdicts(sel, { Name: 'xyz' }), { sigma: true, lucene: true, luceneCaseInsensitive: true, spl: true });
  assert.deepEqual(verdicts(sel, { Name: 'xyyz' }), { sigma: false, lucene: false, luceneCaseInsensitive: false, spl: true });
});

test('a missing field under NOT: no value matches, so NOT matches — in all three', () => {
  const text = "    sel:\n        Image|endswith: '.exe'\n    filter:\n        ParentImage: 'x'";
  const event = { Image: 'a.exe' };
  const rule = loadSigmaRule(parseYaml(`title: T\nlogsource:\n    product: windows\ndetection:\n${text}\n    condition: sel and not filter`, 't.yml').documents[0], 't.yml').rule!;
  assert.equal(compileSigma(rule.conditions[0]).evaluate(event).matched, true);
  assert.equal(compileLucene(compileRule(rule, 'lucene')[0]).evaluate(event).matched, true);
  assert.equal(compileSpl(compileRule(rule, 'spl')[0]).evaluate(event).matched, true);
});
