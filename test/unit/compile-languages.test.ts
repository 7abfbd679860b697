// The compiler on one feature at a time, in both languages. Expected texts follow the reference
// converter's conventions except where docs/conformance.md says why detctl differs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/yaml-tree.js';
import { loadSigmaRule } from '../../src/rules/sigma/load-sigma-rule.js';
import { compileRule, type RuleCompileOptions } from '../../src/compile/compile-rule.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { compileSpl } from '../../src/evaluate/spl/index.js';

function rule(detection: string, logsource = 'product: windows') {
  const text = `title: T\nid: 33333333-3333-4333-8333-333333333333\nlogsource:\n    ${logsource}\ndetection:\n${detection}`;
  const { documents, diagnostics } = parseYaml(text, 't.yml');
  assert.deepEqual(diagnostics, []);
  const loaded = loadSigmaRule(documents[0], 't.yml');
  assert.deepEqual(loaded.diagnostics.map((d) => d.message), []);
  return loaded.rule!;
}

function both(detection: string, lucene: string | string[], spl: string | string[], options: RuleCompileOptions = {}, logsource?: string) {
  const r = rule(detection, logsource);
  assert.deepEqual(compileRule(r, 'lucene', options), [lucene].flat());
  assert.deepEqual(compileRule(r, 'spl', options), [spl].flat());
}

describe('values and escapes', () => {
  test('strings, wildcards and escapes', () =>
    both(
      "    sel:\n        a: 'x y*'\n        b|contains: 'lit\\*star'\n        c: 'q\"uote\\'\n    condition: sel",
      'a:x\\ y* AND b:*lit\\*star* AND c:q\\"uote\\\\',
      // Splunk's search cannot escape `*` (a backslash before it is a backslash): a regex stage says it.
      'a="x y*" c="q\\"uote\\\\"\n| regex b="(?i)lit\\\\*star"',
    ));
  test('numbers, booleans, null and empty', () =>
    both(
      "    sel:\n        n: 5\n        s: '5'\n        b: true\n        z: null\n        e: ''\n    condition: sel",
      'n:5 AND s:5 AND b:true AND (NOT _exists_:z) AND e:""',
      'n=5 s="5" b=true NOT z=* e=""',
    ));
  test('not null means exists; |exists', () =>
    both("    sel:\n        z: null\n    ex:\n        f|exists: true\n    condition: not sel and ex", '_exists_:z AND _exists_:f', 'NOT NOT z=* f=*'));
  test('odd field names', () =>
    both("    sel:\n        'Request Method': GET\n        'c-uri': x\n    condition: sel", 'Request\\ Method:GET AND c-uri:x', '"Request Method"="GET" "c-uri"="x"'));
  test('keywords', () =>
    both("    keywords:\n        - 'rm -rf'\n        - 42\n    condition: keywords", '*rm\\ \\-rf* OR 42', '"rm -rf" OR 42'));
});

describe('modifiers', () => {
  test('value lists become list terms; |all links with AND', () =>
    both(
      "    sel:\n        EventID: [1, 2]\n        c|contains|all: [a, b]\n    condition: sel",
      '(EventID:(1 OR 2)) AND (c:*a* AND c:*b*)',
      'EventID IN (1, 2) c="*a*" c="*b*"',
    ));
  test('|windash expands dashes that start a word', () =>
    both(
      "    sel:\n        c|windash|contains: '-x a-b'\n    condition: sel",
      'c:(*\\-x\\ a\\-b* OR *\\/x\\ a\\-b* OR *–x\\ a\\-b* OR *—x\\ a\\-b* OR *―x\\ a\\-b*)',
      'c="*-x a-b*" OR c="*/x a-b*" OR c="*–x a-b*" OR c="*—x a-b*" OR c="*―x a-b*"',
    ));
  test('|windash: a dash after a letter outside ASCII starts no word', () =>
    both(
      "    sel:\n        c|windash: 'café-x'\n    condition: sel",
      'c:(café\\-x)',
      'c="café-x"',
    ));
  test('|base64offset and |wide', () =>
    both(
      "    sel:\n        c|base64offset|contains: 'IEX ('\n        p|wide|base64offset|contains: 'cmd'\n    condition: sel",
      'c:(*SUVYIC* OR *lFWCAo* OR *JRVggK*) AND p:(*YwBtAGQA* OR *MAbQBkA* OR *jAG0AZA*)',
      'c="*SUVYIC*" OR c="*lFWCAo*" OR c="*JRVggK*" p="*YwBtAGQA*" OR p="*MAbQBkA*" OR p="*jAG0AZA*"',
    ));
  test('|base64 and |utf16be', () =>
    both("    sel:\n        a|base64: 'ab'\n        b|utf16be|base64: 'ab'\n    condition: sel", 'a:YWI\\= AND b:AGEAYg\\=\\=', 'a="YWI=" b="AGEAYg=="'));
  test('|cidr and comparisons', () =>
    both(
      "    sel:\n        ip|cidr: ['10.0.0.0/8', 'fe80::/10']\n        port|lte: 1023\n        d|gt: 3600\n    condition: sel",
      '(ip:10.0.0.0\\/8 OR ip:fe80\\:\\:\\/10) AND port:<=1023 AND d:>3600',
      'ip="10.0.0.0/8" OR ip="fe80::/10" port<=1023 d>3600',
    ));
  test('|neq means none of the values', () =>
    both("    sel:\n        a|neq: [x, y]\n    condition: sel", '(NOT a:x) AND (NOT a:y)', 'NOT a="x" NOT a="y"'));
  test('|cased is SPL CASE() and a Lucene error', () => {
    const r = rule("    sel:\n        a|cased: Abc\n    condition: sel");
    assert.deepEqual(compileRule(r, 'spl'), ['a=CASE("Abc")']);
    assert.throws(() => compileRule(r, 'lucene'), (e: unknown) => e instanceof DiagnosticError && /case-sensitively/.test(e.message));
  });
});

describe('regular expressions', () => {
  test('Lucene regexes are anchored for whole-term matching; SPL regexes become | regex stages', () =>
    both(
      "    sel:\n        a: x\n        b|re: 'ab+c'\n        c|re: '^start'\n        d|re: 'end$'\n    condition: sel",
      'a:x AND b:/.*ab+c.*/ AND c:/start.*/ AND d:/.*end/',
      'a="x"\n| regex b="ab+c"\n| regex c="^start"\n| regex d="end$"',
    ));
  test('top-level alternation is anchored per branch; |i becomes character classes in Lucene', () => {
    const r = rule("    sel:\n        b|re|i: 'ab|^c/d'\n    condition: sel");
    assert.deepEqual(compileRule(r, 'lucene'), ['b:/(.*[aA][bB].*|[cC]\\/[dD].*)/']);
    assert.deepEqual(compileRule(r, 'spl'), ['*\n| regex b="(?i)ab|^c/d"']);
  });
  test('a negated regex conjunct is | regex F!=', () =>
    both("    sel:\n        a: x\n    re:\n        b|re: 'y'\n    condition: sel and not re", 'a:x AND (NOT b:/.*y.*/)', 'a="x"\n| regex b!="y"'));
  test('a regex under OR goes through rex/eval and a final search, keeping plain conjuncts in the search', () =>
    both(
      "    sel:\n        - b|re: 'y'\n        - c: z\n    f:\n        a: x\n    condition: sel and f",
      '(b:/.*y.*/ OR c:z) AND a:x',
      'a="x"\n| rex field=b "(?<bMatch>y)"\n| eval bCondition=if(isnotnull(bMatch), "true", "false")\n| search bCondition="true" OR c="z"',
    ));
  test('a regex under NOT of an AND is negated with its siblings', () =>
    both(
      "    sel:\n        a: x\n        b|re: 'y'\n    condition: not sel",
      'NOT (a:x AND b:/.*y.*/)',
      '*\n| rex field=b "(?<bMatch>y)"\n| eval bCondition=if(isnotnull(bMatch), "true", "false")\n| search NOT (a="x" bCondition="true")',
    ));
});

describe('conditions', () => {
  test('precedence and grouping', () =>
    both(
      "    a:\n        x: 1\n    b:\n        y: 2\n    c:\n        z: 3\n    condition: a or b and not c",
      'x:1 OR (y:2 AND (NOT z:3))',
      'x=1 OR (y=2 NOT z=3)',
    ));
  test('1 of / all of patterns and them', () =>
    both("    sel_a:\n        x: 1\n    sel_b:\n        y: 2\n    _hidden:\n        h: 0\n    condition: 1 of sel_* and all of them", '(x:1 OR y:2) AND (x:1 AND y:2)', 'x=1 OR y=2 x=1 y=2'));
  test('condition lists give one query each', () =>
    both("    a:\n        x: 1\n    b:\n        y: 2\n    condition:\n        - a\n        - a and b", ['x:1', 'x:1 AND y:2'], ['x=1', 'x=1 y=2']));
});

describe('a literal asterisk in SPL', () => {
  test('is matched by a regex stage, case-insensitive unless |cased, whole value unless open-ended', () => {
    const r = rule("    sel:\n        a: 'x\\*y'\n        b|cased: 'p\\*'\n    kw:\n        - 'sel\\*'\n    condition: sel or kw");
    const [search] = compileRule(r, 'spl');
    const query = compileSpl(search);
    assert.equal(query.evaluate({ a: 'X*Y', b: 'p*' }).matched, true, search);
    assert.equal(query.evaluate({ a: 'x\\y', b: 'p*' }).matched, false, 'a backslash is not an asterisk');
    assert.equal(query.evaluate({ a: 'x*y', b: 'P*' }).matched, false, '|cased');
    assert.equal(query.evaluate({ a: 'x*yz', b: 'p*' }).matched, false, 'the whole value');
    assert.equal(query.evaluate({ _raw: 'a sel* b' }).matched, true, 'a keyword anywhere');
    assert.equal(query.evaluate({ _raw: 'a sel b' }).matched, false);
  });
});

describe('field mappings and keyword suffix', () => {
  test('ecs_windows renames, prefixes and adds the channel; splunk_windows adds the source', () => {
    const r = rule("    sel:\n        EventID: 4104\n        ScriptBlockText|contains: x\n    condition: sel", 'product: windows\n    service: powershell');
    assert.deepEqual(compileRule(r, 'lucene', { mapping: 'ecs_windows' }), [
      '(winlog.channel:(Microsoft\\-Windows\\-PowerShell\\/Operational OR PowerShellCore\\/Operational)) AND (event.code:4104 AND powershell.file.script_block_text:*x*)',
    ]);
    assert.deepEqual(compileRule(r, 'spl', { mapping: 'splunk_windows' }), [
      'source IN ("WinEventLog:Microsoft-Windows-PowerShell/Operational", "WinEventLog:PowerShellCore/Operational") EventCode=4104 ScriptBlockText="*x*"',
    ]);
  });
  test('a field named like an Object property (constructor) is not in any rename table', () => {
    const r = rule("    sel:\n        constructor: x\n        toString|fieldref: Image\n    condition: sel", 'product: windows\n    category: process_creation');
    const [spl] = compileRule(r, 'spl', { mapping: 'splunk_windows' });
    assert.match(spl, /constructor="x"/);
    assert.match(spl, /where 'toString'=='Image'|toString.*Image/);
    assert.doesNotMatch(spl, /function|\[object/);
  });
  test('keywordSuffix goes on wildcard and regex terms only', () => {
    const r = rule("    sel:\n        a: exact\n        b|endswith: '.exe'\n        c|re: 'x'\n    condition: sel");
    assert.deepEqual(compileRule(r, 'lucene', { keywordSuffix: '.keyword' }), ['a:exact AND b.keyword:*.exe AND c.keyword:/.*x.*/']);
  });
});
