// The Lucene query_string evaluator: what the text parses into (as Elasticsearch's
// QueryStringQueryParser reads it), how each query kind matches a flat event, Lucene's own
// regexp and wildcard dialects, errors with their offsets, and every query detctl emits for the
// example rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileLucene, parseQueryString } from '../../src/evaluate/lucene/index.js';
import { QuerySyntaxError, type FlatEvent } from '../../src/evaluate/types.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { TESTS_FILE } from '../../src/rules/discover.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import type { SigmaRule } from '../../src/rules/sigma/model.js';

const root = resolve(import.meta.dirname, '..', '..');

function matches(query: string, event: FlatEvent, keywordSuffix?: string): boolean {
  return compileLucene(query, keywordSuffix ? { keywordSuffix } : {}).evaluate(event).matched;
}

function decidedBy(query: string, event: FlatEvent): string {
  return compileLucene(query).evaluate(event).decidedBy;
}

/** The parsed query without the quoted texts, to compare shapes. */
function shape(query: string): unknown {
  return JSON.parse(JSON.stringify(parseQueryString(query), (key, value) => (key === 'text' || key === 'regexp' ? undefined : value)));
}

function syntaxError(query: string): QuerySyntaxError {
  try {
    compileLucene(query);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, String(error));
    return error;
  }
  assert.fail(`${query} parsed`);
}

describe('parser shapes', () => {
  test('terms: bare, quoted, escaped, with and without a field', () => {
    assert.deepEqual(shape('f:x'), { kind: 'term', field: 'f', value: 'x' });
    assert.deepEqual(shape('x'), { kind: 'term', field: null, value: 'x' });
    assert.deepEqual(shape('f:"a b"'), { kind: 'term', field: 'f', value: 'a b' });
    assert.deepEqual(shape('f:""'), { kind: 'term', field: 'f', value: '' });
    assert.deepEqual(shape('f:C\\:\\\\Program\\ Files\\ \\(x86\\)'), { kind: 'term', field: 'f', value: 'C:\\Program Files (x86)' });
    assert.deepEqual(shape('f:\\-F'), { kind: 'term', field: 'f', value: '-F' });
    assert.deepEqual(shape('f:a\\u0041'), { kind: 'term', field: 'f', value: 'aA' });
    assert.deepEqual(shape('my\\ field:x'), { kind: 'term', field: 'my field', value: 'x' });
    // `-` and `+` inside a term are term characters; `=`, `<`, `&` are too.
    assert.deepEqual(shape('f:a-b+c=d&e'), { kind: 'term', field: 'f', value: 'a-b+c=d&e' });
  });

  test('wildcards keep their escapes; a trailing * alone is a prefix; * alone is exists', () => {
    assert.deepEqual(shape('f:*\\\\certutil.exe'), { kind: 'wildcard', field: 'f', pattern: '*\\\\certutil.exe' });
    assert.deepEqual(shape('f:a?c'), { kind: 'wildcard', field: 'f', pattern: 'a?c' });
    assert.deepEqual(shape('f:C\\:\\\\Win*'), { kind: 'prefix', field: 'f', prefix: 'C:\\Win' });
    assert.deepEqual(shape('f:*'), { kind: 'exists', field: 'f' });
    assert.deepEqual(shape('*:*'), { kind: 'matchAll' });
    assert.deepEqual(shape('*'), { kind: 'matchAll' });
    assert.deepEqual(shape('*wsmprovhost.exe*'), { kind: 'wildcard', field: null, pattern: '*wsmprovhost.exe*' });
  });

  test('regexps, ranges, comparisons and _exists_', () => {
    assert.deepEqual(shape('f:/a.*/'), { kind: 'regexp', field: 'f' });
    assert.deepEqual(shape('f:[1 TO 5}'), { kind: 'range', field: 'f', lower: '1', upper: '5', includeLower: true, includeUpper: false });
    assert.deepEqual(shape('f:{* TO "x y"]'), { kind: 'range', field: 'f', lower: null, upper: 'x y', includeLower: false, includeUpper: true });
    assert.deepEqual(shape('f:>=10'), { kind: 'range', field: 'f', lower: '10', upper: null, includeLower: true, includeUpper: true });
    assert.deepEqual(shape('f:<10'), { kind: 'range', field: 'f', lower: null, upper: '10', includeLower: true, includeUpper: false });
    // The escape is gone before QueryStringQueryParser looks for `>`: this is a range too.
    assert.deepEqual(shape('f:\\>x'), { kind: 'range', field: 'f', lower: 'x', upper: null, includeLower: false, includeUpper: true });
    assert.deepEqual(shape('_exists_:a.b'), { kind: 'exists', field: 'a.b' });
    assert.deepEqual(shape('f:10.0.0.0\\/8'), { kind: 'term', field: 'f', value: '10.0.0.0/8' });
    assert.deepEqual(shape('f:"10.0.0.0/8"'), { kind: 'term', field: 'f', value: '10.0.0.0/8' });
  });

  test('AND, OR, NOT and modifiers become Lucene occurs (QueryParserBase.addClause)', () => {
    const t = (v: string) => ({ kind: 'term', field: null, value: v });
    assert.deepEqual(shape('a AND b'), { kind: 'boolean', clauses: [{ occur: 'must', query: t('a') }, { occur: 'must', query: t('b') }] });
    assert.deepEqual(shape('a OR b'), { kind: 'boolean', clauses: [{ occur: 'should', query: t('a') }, { occur: 'should', query: t('b') }] });
    // The implicit operator is OR (query_string's default_operator).
    assert.deepEqual(shape('a b:c'), { kind: 'boolean', clauses: [{ occur: 'should', query: t('a') }, { occur: 'should', query: { kind: 'term', field: 'b', value: 'c' } }] });
    assert.deepEqual(shape('NOT a'), { kind: 'boolean', clauses: [{ occur: 'mustNot', query: t('a'), negation: 'NOT ' }] });
    assert.deepEqual(shape('+a -b !c'), {
      kind: 'boolean',
      clauses: [{ occur: 'must', query: t('a') }, { occur: 'mustNot', query: t('b'), negation: '-' }, { occur: 'mustNot', query: t('c'), negation: '!' }],
    });
    assert.deepEqual(shape('a && b || c'), { kind: 'boolean', clauses: [{ occur: 'must', query: t('a') }, { occur: 'must', query: t('b') }, { occur: 'should', query: t('c') }] });
    // No precedence: AND makes both neighbours required, so `a` no longer counts.
    assert.deepEqual(shape('a OR b AND c'), { kind: 'boolean', clauses: [{ occur: 'should', query: t('a') }, { occur: 'must', query: t('b') }, { occur: 'must', query: t('c') }] });
    // AND after NOT leaves the prohibited clause prohibited.
    assert.deepEqual(shape('NOT a AND b'), { kind: 'boolean', clauses: [{ occur: 'mustNot', query: t('a'), negation: 'NOT ' }, { occur: 'must', query: t('b') }] });
  });

  test('groups, a field on a group, boosts, and words side by side', () => {
    assert.deepEqual(shape('f:(a OR b)'), {
      kind: 'boolean',
      clauses: [{ occur: 'should', query: { kind: 'term', field: 'f', value: 'a' } }, { occur: 'should', query: { kind: 'term', field: 'f', value: 'b' } }],
    });
    assert.deepEqual(shape('((f:a))'), { kind: 'term', field: 'f', value: 'a' });
    assert.deepEqual(shape('f:a^2'), { kind: 'term', field: 'f', value: 'a' });
    // split_on_whitespace is off: two bare words are one text for the field's analyzer.
    assert.deepEqual(shape('f:(a b)'), { kind: 'term', field: 'f', value: 'a b' });
    assert.deepEqual(shape('  '), { kind: 'boolean', clauses: [] });
  });

  test('a regexp token runs to the last slash it can (JavaCC longest match over `\\/`)', () => {
    // The closing slash follows a letter: the token ends there.
    assert.deepEqual(shape('f:/a\\/b/ AND g:c\\/d'), { kind: 'boolean', clauses: [{ occur: 'must', query: { kind: 'regexp', field: 'f' } }, { occur: 'must', query: { kind: 'term', field: 'g', value: 'c/d' } }] });
    assert.equal(matches('f:/a\\/b/', { f: 'a/b' }), true);
    // A regexp ending in a backslash: its closing slash could be an escaped one, so the token runs
    // on to the slash of `c\/d` and the regexp ends with a lone backslash, which RegExp rejects.
    assert.equal(matches('f:/a\\\\/', { f: 'a\\' }), true);
    assert.match(syntaxError('f:/a\\\\/ OR g:c\\/d').message, /invalid regular expression: unexpected end/);
  });
});

describe('evaluation', () => {
  const event: FlatEvent = { Image: 'C:\\Windows\\System32\\certutil.exe', EventID: 4103, Tags: ['a', 'b'], Flag: true, Empty: '', Null: null };

  test('terms are exact and case-sensitive; a phrase is the whole value', () => {
    assert.equal(matches('Image:C\\:\\\\Windows\\\\System32\\\\certutil.exe', event), true);
    assert.equal(matches('Image:c\\:\\\\windows\\\\system32\\\\certutil.exe', event), false);
    assert.equal(matches('Image:"C:\\\\Windows\\\\System32\\\\certutil.exe"', event), true);
    assert.equal(matches('Image:certutil.exe', event), false);
    assert.equal(matches('Empty:""', event), true);
    assert.equal(matches('Image:""', event), false);
  });

  test('wildcards: * any string, ? one character, escaped * literal, whole value', () => {
    assert.equal(matches('Image:*\\\\certutil.exe', event), true);
    assert.equal(matches('Image:*\\\\CERTUTIL.exe', event), false);
    assert.equal(matches('Image:*certutil', event), false);
    assert.equal(matches('Image:C?\\\\*', event), true);
    assert.equal(matches('Image:C??\\\\*', event), false);
    assert.equal(matches('f:a\\*b*', { f: 'a*bc' }), true);
    assert.equal(matches('f:a\\*b*', { f: 'axbc' }), false);
    assert.equal(matches('f:*x*', { f: 'line\nx' }), true);
    assert.equal(matches('Image:C\\:*', event), true);
  });

  test('a missing or null field matches nothing, and NOT of it matches', () => {
    assert.equal(matches('Missing:x', event), false);
    assert.equal(matches('Missing:*', event), false);
    assert.equal(matches('NOT Missing:x', event), true);
    assert.equal(matches('Null:*', event), false);
    assert.equal(matches('_exists_:Null', event), false);
    assert.equal(matches('_exists_:Empty', event), true);
    assert.equal(matches('NOT _exists_:Missing', event), true);
    assert.equal(matches('_exists_:Image', event), true);
  });

  test('multi-valued fields match when any element does', () => {
    assert.equal(matches('Tags:b', event), true);
    assert.equal(matches('Tags:c', event), false);
    assert.equal(matches('NOT Tags:a', event), false);
    assert.equal(matches('Tags:(c OR a)', event), true);
    assert.equal(matches('f:x', { f: [['y'], ['x']] }), true);
  });

  test('numbers and booleans: numeric terms as numbers, everything else as their text', () => {
    assert.equal(matches('EventID:4103', event), true);
    assert.equal(matches('EventID:4103.0', event), true);
    assert.equal(matches('EventID:(400 OR 4103)', event), true);
    assert.equal(matches('EventID:41*', event), true);
    assert.equal(matches('EventID:4104', event), false);
    assert.equal(matches('f:4103', { f: '4103' }), true);
    assert.equal(matches('f:4103.0', { f: '4103' }), false);
    assert.equal(matches('Flag:true', event), true);
    assert.equal(matches('Flag:false', event), false);
  });

  test('ranges: numeric for numbers, code point order for text', () => {
    assert.equal(matches('EventID:>4000', event), true);
    assert.equal(matches('EventID:<4103', event), false);
    assert.equal(matches('EventID:<=4103', event), true);
    assert.equal(matches('EventID:[4103 TO *]', event), true);
    assert.equal(matches('EventID:{4103 TO 5000]', event), false);
    assert.equal(matches('n:[5 TO 10]', { n: 9 }), true);
    // As text, "9" sorts after "10".
    assert.equal(matches('n:[5 TO 10]', { n: '9' }), false);
    assert.equal(matches('s:[a TO c]', { s: 'b' }), true);
    assert.equal(matches('s:[a TO c]', { s: 'B' }), false);
  });

  test('CIDR terms on IP values, escaped or quoted as detctl emits them', () => {
    assert.equal(matches('ip:10.0.0.0\\/8', { ip: '10.1.2.3' }), true);
    assert.equal(matches('ip:"10.0.0.0/8"', { ip: '11.1.2.3' }), false);
    assert.equal(matches('ip:192.168.100.0\\/24', { ip: '192.168.100.255' }), true);
    assert.equal(matches('ip:fe80\\:\\:\\/10', { ip: 'fe80::1' }), true);
    assert.equal(matches('ip:fe80\\:\\:\\/10', { ip: '10.0.0.1' }), false);
    assert.equal(matches('ip:\\:\\:1', { ip: '0:0:0:0:0:0:0:1' }), true);
    assert.equal(matches('NOT ip:(10.0.0.0\\/8 OR 127.0.0.0\\/8)', { ip: '8.8.8.8' }), true);
    // A value that is not an address is text: the block is compared as a string.
    assert.equal(matches('ip:10.0.0.0\\/8', { ip: 'host' }), false);
  });

  test('boolean truth tables, with the classic parser semantics', () => {
    const table: [string, FlatEvent, boolean][] = [
      ['a:1 AND b:1', { a: '1', b: '1' }, true],
      ['a:1 AND b:1', { a: '1', b: '0' }, false],
      ['a:1 OR b:1', { a: '0', b: '1' }, true],
      ['a:1 OR b:1', { a: '0', b: '0' }, false],
      ['a:1 AND NOT b:1', { a: '1', b: '1' }, false],
      ['a:1 AND NOT b:1', { a: '1' }, true],
      ['a:1 AND (NOT b:1)', { a: '1', b: '0' }, true],
      ['(a:1 OR b:1) AND c:1', { b: '1', c: '1' }, true],
      ['(a:1 OR b:1) AND c:1', { b: '1' }, false],
      // `a OR b AND c` is +b +c with a optional: a alone does not match.
      ['a:1 OR b:1 AND c:1', { a: '1' }, false],
      ['a:1 OR b:1 AND c:1', { b: '1', c: '1' }, true],
      // A should and a must-not: the should is required, as there is no must.
      ['a:1 OR NOT b:1', {}, false],
      ['a:1 OR NOT b:1', { a: '1' }, true],
      ['a:1 OR (NOT b:1)', {}, true],
      ['NOT a:1 AND NOT b:1', {}, true],
      ['NOT a:1 AND NOT b:1', { b: '1' }, false],
      ['a:1 b:1', { b: '1' }, true],
      ['', { a: '1' }, false],
      ['*:*', {}, true],
    ];
    for (const [query, ev, expected] of table) assert.equal(matches(query, ev), expected, `${query} on ${JSON.stringify(ev)}`);
  });

  test('terms without a field search every field', () => {
    assert.equal(matches('*urlcache*', { a: 'x', CommandLine: 'certutil -urlcache' }), true);
    assert.equal(matches('*urlcache*', { a: 'x' }), false);
    assert.equal(matches('4103', { EventID: 4103 }), true);
  });

  test('field.keyword reads the field (the keyword suffix)', () => {
    assert.equal(matches('Image.keyword:*certutil.exe', event, '.keyword'), true);
    assert.equal(matches('Image.keyword:/.*certutil\\.exe/', event, '.keyword'), true);
    assert.equal(matches('Image.keyword:*certutil.exe', event), false);
    assert.equal(matches('NOT Image.keyword:*certutil.exe', event, '.keyword'), false);
  });

  test('decidedBy names the smallest sub-expression that decided', () => {
    const q = '(Image:*\\\\certutil.exe OR OriginalFileName:CertUtil.exe) AND (CommandLine:(*\\-urlcache\\ * OR *\\/urlcache\\ *))';
    assert.equal(decidedBy(q, { Image: 'x', OriginalFileName: 'y', CommandLine: 'certutil -urlcache ' }), '(Image:*\\\\certutil.exe OR OriginalFileName:CertUtil.exe)');
    assert.equal(decidedBy(q, { Image: 'C:\\certutil.exe', CommandLine: 'certutil' }), 'CommandLine:(*\\-urlcache\\ * OR *\\/urlcache\\ *)');
    assert.equal(decidedBy('a:1 OR b:1 OR c:1', { b: '1' }), 'b:1');
    // A term inside a field group is quoted with its field.
    assert.equal(decidedBy('f:(x OR y)', { f: 'y' }), 'f:y');
    assert.equal(decidedBy('a:1 AND b:1 AND c:1', { a: '1', c: '1' }), 'b:1');
    assert.equal(decidedBy('a:1 AND NOT (b:1 OR c:1)', { a: '1', c: '1' }), 'NOT c:1');
    assert.equal(decidedBy('errorCode:Success OR (NOT _exists_:errorCode)', {}), 'NOT _exists_:errorCode');
    assert.equal(decidedBy('a:1 AND b:1', { a: '1', b: '1' }), 'a:1 AND b:1');
    assert.equal(decidedBy('a:1', {}), 'a:1');
  });
});

describe('Lucene regular expressions', () => {
  const re = (regexp: string, value: string) => matches(`f:/${regexp}/`, { f: value });

  test('match the whole value, never a search', () => {
    assert.equal(re('abc', 'abc'), true);
    assert.equal(re('b', 'abc'), false);
    assert.equal(re('.*b.*', 'abc'), true);
    assert.equal(re('a|bc', 'bc'), true);
    assert.equal(re('(ab){2,3}', 'ababab'), true);
    assert.equal(re('(ab){2,3}', 'abababab'), false);
    assert.equal(re('a{2,}', 'aaaaa'), true);
    assert.equal(re('a+b?c*', 'aac'), true);
    assert.equal(re('[^a-c]x', 'dx'), true);
    assert.equal(re('[^a-c]x', 'bx'), false);
  });

  test('`.` is any code point, newline included; \\d \\s \\w are ASCII', () => {
    assert.equal(re('a.b', 'a\nb'), true);
    assert.equal(re('a.b', 'a😀b'), true);
    assert.equal(re('\\d+', '0123'), true);
    assert.equal(re('\\d', '٣'), false);
    assert.equal(re('\\w+', 'abc_9'), true);
    assert.equal(re('\\w', 'é'), false);
    assert.equal(re('a\\sb', 'a\tb'), true);
    assert.equal(re('a\\sb', 'a\u000bb'), false);
    assert.equal(re('\\S\\D\\W', 'xx-'), true);
    assert.equal(re('a\\.b', 'a.b'), true);
    assert.equal(re('a\\.b', 'axb'), false);
  });

  test('the optional operators query_string turns on (RegExp.ALL)', () => {
    // @ any string, # the empty language, & intersection, ~ complement, <n-m> numeric interval.
    assert.equal(re('a@', 'abc'), true);
    assert.equal(re('user@example\\.com', 'user-at-example.com'), true);
    assert.equal(re('user\\@example\\.com', 'user@example.com'), true);
    assert.equal(re('a#|b', 'b'), true);
    assert.equal(re('a#', 'a'), false);
    assert.equal(re('.*a.*&.*b.*', 'xbxa'), true);
    assert.equal(re('.*a.*&.*b.*', 'xxa'), false);
    assert.equal(re('~(a.*)', 'ba'), true);
    assert.equal(re('~(a.*)', 'ab'), false);
    assert.equal(re('port<1-1024>', 'port443'), true);
    assert.equal(re('port<1-1024>', 'port0443'), true);
    assert.equal(re('port<1-1024>', 'port2048'), false);
    assert.equal(re('<01-10>', '7'), false);
    assert.equal(re('<01-10>', '07'), true);
  });

  test('differences from JavaScript: quotes, (?:, classes, empty groups', () => {
    // `"..."` is a literal string, so its characters are not operators.
    assert.equal(re('"a.b"', 'a.b'), true);
    assert.equal(re('"a.b"', 'axb'), false);
    // `(?:x)` is a group of the literal characters `?:` and x.
    assert.equal(re('(?:ab)', 'ab'), false);
    assert.equal(re('(?:ab)', '?:ab'), true);
    // In a class `-` before `]` makes a range to `]`, which the class then goes on after.
    assert.equal(re('[+-]x]', 'A'), true);
    assert.equal(re('[+-]x]', 'x'), true);
    assert.equal(re('[+-]x]', 'Ax'), false);
    assert.equal(re('()a', 'a'), true);
    assert.equal(re('^a$', 'a'), false);
    assert.equal(re('^a$', '^a$'), true);
  });

  test('what RegExp rejects, query_string rejects (with the offset in the query)', () => {
    for (const [regexp, at] of [
      ['a\\nb', 3 + 1],
      ['a\\bc', 3 + 1],
      ['(a|)', 3 + 4],
      ['a"b', 3 + 3],
      ['x<5', 3 + 3],
      ['<name>', 3 + 6],
      ['[a', 3 + 2],
      ['a{x}', 3 + 2],
      ['[z-a]', 3 + 4],
    ] as const) {
      const error = syntaxError(`f:/${regexp}/`);
      assert.match(error.message, /invalid regular expression/, regexp);
      assert.equal(error.offset, at, `${regexp}: ${error.message}`);
    }
    assert.match(syntaxError(`f:/${'a'.repeat(1001)}/`).message, /max_regex_length/);
  });
});

describe('syntax errors carry the offset where parsing stopped', () => {
  for (const [query, offset, message] of [
    ['(a:1 OR b:1', 11, /expected '\)'/],
    ['a:1 AND', 7, /expected a term/],
    ['a:1)', 3, /expected end of query/],
    ['f:"open', 2, /unexpected character/],
    ['f:', 2, /expected a term/],
    ['f:[1 TO 2', 9, /expected '\]' or '\}'/],
    ['f:[1 2]', 5, /expected 'TO'/],
    ['f:abc~2', 5, /fuzzy/],
    ['f:a\\u00zz', 3, /unicode escape/],
    ['f:/unterminated', 2, /unexpected character/],
    ['f:a^x', 4, /unexpected character/],
  ] as const) {
    test(query, () => {
      const error = syntaxError(query);
      assert.match(error.message, message);
      assert.equal(error.offset, offset, error.message);
    });
  }
});

describe('every query emitted for the example rules parses', () => {
  const dir = join(root, 'rules', 'sigma');
  const rules = readdirSync(dir)
    .filter((name) => name.endsWith('.yml') && !TESTS_FILE.test(name))
    .map((name) => {
      const loaded = loadRuleFile({ path: `rules/sigma/${name}`, absolute: join(dir, name) });
      assert.deepEqual(loaded.diagnostics, []);
      return loaded.rule as SigmaRule;
    });

  test('there are example rules', () => assert.ok(rules.length >= 4));

  for (const options of [{}, { mapping: 'ecs_windows' as const }, { keywordSuffix: '.keyword' }, { mapping: 'ecs_windows' as const, keywordSuffix: '.keyword' }]) {
    test(JSON.stringify(options), () => {
      for (const rule of rules) {
        for (const query of compileRule(rule, 'lucene', options)) {
          assert.doesNotThrow(() => compileLucene(query, options), `${rule.path}: ${query}`);
        }
      }
    });
  }
});
