// The SPL evaluator: the parser's shapes and errors, then truth tables of each construct as
// Splunk's search, where, regex, rex and eval commands apply them, and the searches detctl itself
// emits for the example rules and for rules whose terms are deferred to later stages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileSpl } from '../../src/evaluate/spl/index.js';
import { parseSearchExpression, type SearchNode } from '../../src/evaluate/spl/search-parse.js';
import { QuerySyntaxError, type FlatEvent } from '../../src/evaluate/types.js';
import { parseYaml } from '../../src/yaml-tree.js';
import { loadSigmaRule } from '../../src/rules/sigma/load-sigma-rule.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { compileRule } from '../../src/compile/compile-rule.js';

const matches = (search: string, event: FlatEvent): boolean => compileSpl(search).evaluate(event).matched;
const decidedBy = (search: string, event: FlatEvent): string => compileSpl(search).evaluate(event).decidedBy;

/** The AST without spans, as a compact S-expression. */
function shape(node: SearchNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${node.args.map(shape).join(' ')})`;
    case 'not':
      return `(not ${shape(node.arg)})`;
    case 'compare':
      return `${node.field}${node.op}${JSON.stringify(node.value.text)}${node.value.cased ? 'c' : ''}`;
    case 'in':
      return `${node.field} IN ${JSON.stringify(node.values.map((v) => v.text))}`;
    case 'keyword':
      return `kw:${JSON.stringify(node.value.text)}`;
  }
}

function syntaxError(search: string): QuerySyntaxError {
  try {
    compileSpl(search);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, String(error));
    return error;
  }
  assert.fail(`parsed: ${search}`);
}

describe('parser', () => {
  test('OR binds tighter than the implied AND; NOT tightest (Search Manual, Boolean expressions)', () => {
    assert.equal(shape(parseSearchExpression('a=1 b=2 OR c=3', 0)), '(and a="1" (or b="2" c="3"))');
    assert.equal(shape(parseSearchExpression('a=1 AND b=2 OR NOT c=3', 0)), '(and a="1" (or b="2" (not c="3")))');
    assert.equal(shape(parseSearchExpression('error NOT 403 OR 404', 0)), '(and kw:"error" (or (not kw:"403") kw:"404"))');
    assert.equal(shape(parseSearchExpression('(a=1 b=2) OR c=3', 0)), '(or (and a="1" b="2") c="3")');
    assert.equal(shape(parseSearchExpression('NOT NOT x=*', 0)), '(not (not x="*"))');
  });

  test('terms: operators, IN lists, quoted field names, keywords, CASE()', () => {
    assert.equal(shape(parseSearchExpression('x!="a" n>=5 m<2 "c-uri"="*w*"', 0)), '(and x!="a" n>="5" m<"2" c-uri="*w*")');
    assert.equal(shape(parseSearchExpression('OpNum IN (0, 1, "a b")', 0)), 'OpNum IN ["0","1","a b"]');
    assert.equal(shape(parseSearchExpression('"drop" OR 0 OR *', 0)), '(or kw:"drop" kw:"0" kw:"*")');
    assert.equal(shape(parseSearchExpression('host=CASE(LOCALHOST)', 0)), 'host="LOCALHOST"c');
  });

  test('quoted values unescape \\\\ and \\" only; other backslashes stay', () => {
    assert.equal(shape(parseSearchExpression('p="C:\\\\Win\\"x\\*"', 0)), 'p="C:\\\\Win\\"x\\\\*"');
  });

  test('a pipe inside a quoted value does not start a stage', () => {
    assert.equal(matches('"wget * | sh"', { _raw: 'wget http://x | sh' }), true);
  });

  test('errors carry the offset where parsing stopped', () => {
    const cases: [string, number][] = [
      ['a="x', 2],
      ['a=1 | regex b="x\\" c', 14],
      ['a=1 (b=2', 8],
      ['a=1 )', 4],
      ['a=', 2],
      ['x IN (1, 2', 10],
      ['', 0],
      ['a=1\n| stats count', 6],
      ['a=1\n| ', 6],
      ['*\n| regex F="(unclosed"', 12],
      ['*\n| where match(F, "a(?>b)")', 19],
      ['*\n| where nosuch(F)', 10],
      ['*\n| where isnull(F, G)', 10],
      ['*\n| where F=', 12],
      ['*\n| eval =1', 9],
      ['*\n| rex field=F "no group"', 16],
    ];
    for (const [search, offset] of cases) assert.equal(syntaxError(search).offset, offset, search);
  });
});

describe('search command', () => {
  test('field values are case-insensitive, field names case-sensitive', () => {
    assert.equal(matches('Image="C:\\\\Windows\\\\cmd.exe"', { Image: 'c:\\windows\\CMD.EXE' }), true);
    assert.equal(matches('image="cmd.exe"', { Image: 'cmd.exe' }), false);
    assert.equal(matches('Image=CASE("CMD.exe")', { Image: 'cmd.exe' }), false);
    assert.equal(matches('Image=CASE("CMD.exe")', { Image: 'CMD.exe' }), true);
  });

  test('a field term matches the whole value; * is any run of characters', () => {
    const event = { CommandLine: 'powershell -enc AAA' };
    assert.equal(matches('CommandLine="-enc"', event), false);
    assert.equal(matches('CommandLine="*-enc*"', event), true);
    assert.equal(matches('CommandLine="powershell*"', event), true);
    assert.equal(matches('CommandLine="*AAA"', event), true);
    assert.equal(matches('CommandLine="*AA"', event), true);
    assert.equal(matches('CommandLine="*AB"', event), false);
    assert.equal(matches('CommandLine="a.b"', { CommandLine: 'axb' }), false);
  });

  test('\\* is a backslash and a wildcard: Splunk cannot escape the asterisk', () => {
    assert.equal(matches('q="select \\*"', { q: 'select *' }), false);
    assert.equal(matches('q="select \\*"', { q: 'select \\anything' }), true);
  });

  test('NOT field=v keeps events without the field; field!=v does not', () => {
    const truth = (search: string) => ([{ Location: 'Calaveras Farms' }, { Location: 'Marin' }, {}] as FlatEvent[]).map((e) => matches(search, e));
    assert.deepEqual(truth('Location!="Calaveras Farms"'), [false, true, false]);
    assert.deepEqual(truth('NOT Location="Calaveras Farms"'), [false, true, true]);
    assert.deepEqual(truth('Location=*'), [true, true, false]);
    assert.deepEqual(truth('NOT Location=*'), [false, false, true]);
    assert.equal(matches('x=*', { x: null }), false);
  });

  test('IN lists, OR and parentheses', () => {
    const search = 'EventID=4688 (Image IN ("*\\\\cmd.exe", "*\\\\pwsh.exe") OR OriginalFileName="Cmd.Exe")';
    assert.equal(matches(search, { EventID: 4688, Image: 'C:\\x\\CMD.exe' }), true);
    assert.equal(matches(search, { EventID: '4688', OriginalFileName: 'cmd.exe' }), true);
    assert.equal(matches(search, { EventID: 4689, Image: 'C:\\cmd.exe' }), false);
    assert.equal(matches(search, { EventID: 4688, Image: 'C:\\powershell.exe' }), false);
    assert.equal(matches('OpNum IN (0, 1)', { OpNum: 1 }), true);
    assert.equal(matches('OpNum IN (0, 1)', { OpNum: 12 }), false);
  });

  test('multi-valued fields match when any value does', () => {
    assert.equal(matches('tag="admin"', { tag: ['user', 'ADMIN'] }), true);
    assert.equal(matches('tag!="admin"', { tag: ['user', 'admin'] }), false);
    assert.equal(matches('tag!="admin"', { tag: ['user', 'guest'] }), true);
  });

  test('comparisons are numeric between numbers, textual otherwise', () => {
    assert.equal(matches('n>=10', { n: '9' }), false);
    assert.equal(matches('n>=10', { n: 10 }), true);
    assert.equal(matches('n<2', { n: '1.5' }), true);
    assert.equal(matches('s>"b"', { s: 'c' }), true);
    assert.equal(matches('n>5', {}), false);
  });

  test('CIDR values match addresses in the subnet (IPv4 and IPv6)', () => {
    assert.equal(matches('ip="10.0.0.0/8"', { ip: '10.20.30.40' }), true);
    assert.equal(matches('ip="10.0.0.0/8"', { ip: '11.0.0.1' }), false);
    assert.equal(matches('ip="fe80::/10"', { ip: 'fe80::1' }), true);
    assert.equal(matches('ip="fe80::/10"', { ip: '10.0.0.1' }), false);
    assert.equal(matches('NOT (ip="127.0.0.0/8" OR ip="::1/128")', { ip: '::1' }), false);
  });

  test('keywords and phrases: anywhere in _raw, else in any field value; * is every event', () => {
    assert.equal(matches('"Unclosed quotation mark"', { _raw: 'ERROR: unclosed QUOTATION mark at 3' }), true);
    assert.equal(matches('"mimikatz"', { _raw: 'clean', CommandLine: 'mimikatz' }), false);
    assert.equal(matches('"mimikatz"', { CommandLine: 'x MIMIKATZ.exe' }), true);
    assert.equal(matches('"near \\"*\\": syntax error"', { msg: 'near "FROM": syntax error' }), true);
    assert.equal(matches('*', {}), true);
    assert.equal(matches('"init" 0', { _raw: 'init 0' }), true);
  });
});

describe('decidedBy: the smallest sub-expression that decided', () => {
  test('the first false conjunct, the first true disjunct, the whole when all were needed', () => {
    const search = 'a=1 (b=2 OR c=3) NOT d=4';
    assert.equal(decidedBy(search, { a: 2 }), 'a=1');
    assert.equal(decidedBy(search, { a: 1, c: 3, d: 4 }), 'NOT d=4');
    assert.equal(decidedBy(search, { a: 1, b: 1 }), '(b=2 OR c=3)');
    assert.equal(decidedBy(search, { a: 1, c: 3 }), search);
    assert.equal(decidedBy('a=1 OR b=2', { b: 2 }), 'b=2');
  });

  test('a pipeline: the stage that dropped the event, or each stage that kept it', () => {
    const search = 'Image="*\\\\x.exe"\n| regex CommandLine="-[a-z]{3}"';
    assert.equal(decidedBy(search, { Image: 'C:\\x.exe', CommandLine: '-ABC' }), 'regex CommandLine="-[a-z]{3}"');
    assert.equal(decidedBy(search, { Image: 'C:\\y.exe' }), 'Image="*\\\\x.exe"');
    assert.equal(decidedBy(search, { Image: 'C:\\x.exe', CommandLine: '-abc' }), 'Image="*\\\\x.exe" | regex CommandLine="-[a-z]{3}"');
    assert.equal(decidedBy('*', {}), '*');
  });
});

describe('later stages', () => {
  test('regex: unanchored PCRE, case-sensitive unless (?i); != keeps events without the field', () => {
    const search = (op: string, re: string) => `*\n| regex CommandLine${op}"${re}"`;
    assert.equal(matches(search('=', 'APT\\\\d'), { CommandLine: 'group APT1 x' }), true);
    assert.equal(matches(search('=', 'APT\\\\d'), { CommandLine: 'group apt1' }), false);
    assert.equal(matches(search('=', '(?i)APT\\\\d'), { CommandLine: 'group apt1' }), true);
    assert.equal(matches(search('=', 'x'), {}), false);
    assert.equal(matches(search('!=', 'x'), {}), true);
    assert.equal(matches(search('!=', 'x'), { CommandLine: 'axb' }), false);
    assert.equal(matches('*\n| regex _raw="a\\"b"', { _raw: 'xa"by' }), true);
    assert.equal(matches('*\n| regex "^ab"', { msg: 'abc' }), true);
  });

  test('rex and eval compute a condition field that a final search tests', () => {
    const search = [
      '*',
      '| rex field=Signature "(?<SignatureMatch>APT\\\\d)"',
      '| eval SignatureCondition=if(isnotnull(SignatureMatch), "true", "false")',
      '| search SignatureCondition="true" OR Signature IN ("*Turla*")',
    ].join('\n');
    assert.equal(matches(search, { Signature: 'Backdoor.APT1' }), true);
    assert.equal(matches(search, { Signature: 'turla dropper' }), true);
    assert.equal(matches(search, { Signature: 'Backdoor.Generic' }), false);
    assert.equal(matches(search, {}), false);
    // The event is not changed by the stages.
    const event = { Signature: 'APT1' };
    compileSpl(search).evaluate(event);
    assert.deepEqual(event, { Signature: 'APT1' });
  });

  test("where: field references, case-sensitive ==, != needs both fields", () => {
    assert.equal(matches("*\n| where 'TargetFilename'='Image'", { TargetFilename: 'a.exe', Image: 'a.exe' }), true);
    assert.equal(matches("*\n| where 'TargetFilename'='Image'", { TargetFilename: 'a.exe', Image: 'A.exe' }), false);
    assert.equal(matches("*\n| where 'a.b'!='c'", { 'a.b': 'x', c: 'y' }), true);
    assert.equal(matches("*\n| where 'a.b'!='c'", { 'a.b': 'x' }), false);
    assert.equal(matches('*\n| where n==10', { n: '10.0' }), true);
    assert.equal(matches('*\n| where s=="abc"', { s: 'ABC' }), false);
  });

  test('where: match, like, cidrmatch, isnull, searchmatch and logic (AND before OR)', () => {
    const event = { CommandLine: 'cmd /c whoami', ip: '192.168.1.5', user: 'Bob' };
    const where = (expr: string) => matches(`*\n| where ${expr}`, event);
    assert.equal(where('match(CommandLine, "wh.ami")'), true);
    assert.equal(where('match(CommandLine, "^whoami")'), false);
    assert.equal(where('like(CommandLine, "cmd%")'), true);
    assert.equal(where('like(CommandLine, "CMD%")'), false);
    assert.equal(where('like(user, "B_b")'), true);
    assert.equal(where('cidrmatch("192.168.0.0/16", ip)'), true);
    assert.equal(where('cidrmatch("10.0.0.0/8", ip)'), false);
    assert.equal(where('isnull(missing) AND isnotnull(user)'), true);
    assert.equal(where('searchmatch("user=bob")'), true);
    assert.equal(where('user="x" AND user="y" OR user="Bob"'), true);
    assert.equal(where('NOT user="Bob"'), false);
    assert.equal(where('NOT missing="x"'), false);
    assert.equal(where('len(user) > 2 AND lower(user)."!"=="bob!"'), true);
    assert.equal(decidedBy('*\n| where isnull(user) OR match(user, "o")', event), 'match(user, "o")');
  });

  test('eval: several assignments; a null result removes the field', () => {
    const search = '*\n| eval a="x", b=missing, c=a."y"\n| where isnull(b) AND c=="xy"';
    assert.equal(matches(search, { b: 'present' }), true);
  });
});

describe('the searches detctl emits', () => {
  function sigmaRule(detection: string) {
    const text = `title: T\nid: 33333333-3333-4333-8333-333333333333\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n${detection}`;
    const { documents } = parseYaml(text, 't.yml');
    return loadSigmaRule(documents[0], 't.yml').rule!;
  }

  test('a regex under OR, staged as rex/eval/search, matches as the rule says', () => {
    const rule = sigmaRule("    re:\n        CommandLine|re: '-e(nc)?\\s'\n    img:\n        Image|endswith: '\\cmd.exe'\n    condition: re or img");
    const [search] = compileRule(rule, 'spl');
    assert.match(search, /\| rex field=CommandLine/);
    const query = compileSpl(search);
    assert.equal(query.evaluate({ CommandLine: 'powershell -enc AAA' }).matched, true);
    assert.equal(query.evaluate({ Image: 'C:\\Windows\\CMD.EXE' }).matched, true);
    assert.equal(query.evaluate({ CommandLine: 'powershell -Enc AAA', Image: 'x.exe' }).matched, false);
  });

  test('a field reference and a negated regex as plain conjuncts', () => {
    const rule = sigmaRule("    sel:\n        ParentImage|fieldref: Image\n    filter:\n        CommandLine|re: '(?i)update'\n    condition: sel and not filter");
    const [search] = compileRule(rule, 'spl');
    const query = compileSpl(search);
    assert.equal(query.evaluate({ ParentImage: 'a.exe', Image: 'a.exe', CommandLine: 'run' }).matched, true);
    assert.equal(query.evaluate({ ParentImage: 'a.exe', Image: 'a.exe', CommandLine: 'UPDATE now' }).matched, false);
    assert.equal(query.evaluate({ ParentImage: 'a.exe', Image: 'b.exe', CommandLine: 'run' }).matched, false);
  });

  test('every example rule in rules/sigma converts to SPL that parses, with and without splunk_windows', () => {
    const root = join(import.meta.dirname, '..', '..');
    const { files, diagnostics } = discoverRuleFiles(['rules/sigma'], root);
    assert.deepEqual(diagnostics, []);
    assert.ok(files.length >= 4);
    for (const file of files) {
      const { rule } = loadRuleFile(file);
      assert.equal(rule?.kind, 'sigma', file.path);
      if (rule?.kind !== 'sigma') continue;
      for (const mapping of [undefined, 'splunk_windows'] as const) {
        for (const search of compileRule(rule, 'spl', { mapping })) {
          assert.doesNotThrow(() => compileSpl(search).evaluate({}), `${file.path} (${mapping ?? 'no mapping'}): ${search}`);
        }
      }
    }
  });
});
