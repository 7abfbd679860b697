// Sigma regexes (PCRE, searching) as Lucene RegExp terms (whole-value, Elasticsearch's operators
// on): each translation is evaluated by the product's Lucene evaluator and must agree with
// JavaScript's reading of the PCRE on every sample, matches and non-matches alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luceneRegex } from '../../src/compile/lucene-regex.js';
import { compileLucene } from '../../src/evaluate/lucene/index.js';

const regex = (pattern: string, i = false) => luceneRegex({ kind: 'regex', pattern, flags: { i, m: false, s: false } });

const CASES: [pcre: string, samples: string[]][] = [
  ['a@b', ['xa@by', 'xaby']], // `@` is "any string" in Lucene
  ['a~b#c&d', ['a~b#c&d', 'abcd']],
  ['x<y>', ['x<y>', 'xy']], // `<…>` an interval or named automaton
  ['"q"', ['say "q"', 'q']], // `"` a quoted string
  ['[+-]x', ['+x', '-x', ',x']], // `[+-]` a range in Lucene
  ['[a-c-]z', ['bz', '-z', 'dz']],
  ['(?:ab|cd)e', ['zabe', 'cde', 'abd']],
  ['(?<name>ab)c', ['abc', 'ac']],
  ['a(b|)c', ['ac', 'abc', 'adc']], // an empty alternative
  ['a\\nb', ['a\nb', 'anb']],
  ['\\x41B', ['AB', 'xB']],
  ['[\\d\\s]+z', ['1 z', 'az']],
  ['^start', ['start1', '1start']],
  ['end$', ['the end', 'ends']],
  ['(^0oa.*|[a-z]+@[a-z]+\\.[a-z]{2,10})', ['0oa1', 'x a@b.com y', 'a0oa', 'x@y']], // SigmaHQ okta rule's shape
  ['(^|\\/)\\.[^.\\/]', ['.git', 'a/.x', 'a.x', '/..']], // auditd hidden files
  ['(^[a-zA-Z]{4}$)|(^[a-zA-Z]{8}$)', ['abcd', 'abcdefgh', 'abcde', 'ab cd']], // psexec service names
  ['x(\\s|$)', ['ax', 'x y', 'xy']],
  ['a/b', ['a/b', 'ab']],
];

for (const [pcre, samples] of CASES) {
  test(`${pcre} means in Lucene what it means in PCRE`, () => {
    const translated = regex(pcre);
    assert.equal(typeof translated, 'string', JSON.stringify(translated));
    const query = compileLucene(`f:/${translated as string}/`);
    const js = new RegExp(pcre);
    for (const sample of samples) assert.equal(query.evaluate({ f: sample }).matched, js.test(sample), `${JSON.stringify(sample)} against /${translated as string}/`);
  });
}

test('case-insensitive regexes become letter classes and still agree', () => {
  const translated = regex('ab@c', true) as string;
  const query = compileLucene(`f:/${translated}/`);
  for (const sample of ['xAB@C', 'ab@c', 'abc']) assert.equal(query.evaluate({ f: sample }).matched, /ab@c/i.test(sample), sample);
});

test('what Lucene RegExp cannot say is unsupported, with the reason', () => {
  for (const [pcre, reason] of [
    ['\\bword\\b', /word boundary/],
    ['(?=x)y', /lookaround/],
    ['(\\w)\\1', /\\1/],
    ['a(^|b)c', /anchor/],
  ] as const) {
    const result = regex(pcre);
    assert.equal(typeof result, 'object', pcre);
    assert.match((result as { unsupported: string }).unsupported, reason, pcre);
  }
});

test('caseInsensitive: string terms match as Sigma means them, whatever the case; |cased and numbers stay as they are', async () => {
  const { parseYaml } = await import('../../src/yaml-tree.js');
  const { loadSigmaRule } = await import('../../src/rules/sigma/load-sigma-rule.js');
  const { compileRule } = await import('../../src/compile/compile-rule.js');
  const text = "title: T\nlogsource:\n    product: windows\ndetection:\n    sel:\n        CommandLine|contains|windash: '-urlcache'\n        Image|endswith: '\\\\certutil.exe'\n        EventID: 1\n    tag:\n        Tag|cased: 'Ab'\n    condition: sel";
  const load = (condition: string) => loadSigmaRule(parseYaml(text.replace('condition: sel', `condition: ${condition}`), 't.yml').documents[0], 't.yml').rule!;
  const [cased] = compileRule(load('sel'), 'lucene');
  const [folded] = compileRule(load('sel and tag'), 'lucene', { caseInsensitive: true });
  const event = { CommandLine: 'CERTUTIL /URLCACHE -f x', Image: 'C:\\Windows\\System32\\CertUtil.EXE', EventID: 1, Tag: 'Ab' };
  assert.equal(compileLucene(cased).evaluate(event).matched, false, 'keyword fields compare with case');
  assert.equal(compileLucene(folded).evaluate(event).matched, true, folded);
  assert.equal(compileLucene(folded).evaluate({ ...event, Tag: 'ab' }).matched, false, '|cased keeps its case');
  assert.equal(compileLucene(folded).evaluate({ ...event, Image: 'C:\\x\\certutil.exe.bak' }).matched, false, 'still the whole value');
  assert.match(folded, /EventID:1/);
});
