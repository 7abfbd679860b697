// query_string on its own: the classic QueryParser's tokens, grammar and clause occurs, Lucene's
// wildcard and RegExp languages, ip values, and the query applied to dynamic and explicit mappings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQueryString, QsSyntaxError, tokenize, type QsNode } from '../../src/elasticsearch/search/query-string-syntax.js';
import { matchesWhole, parseRegexp, parseWildcard } from '../../src/elasticsearch/search/lucene-regexp.js';
import { parseCidr, parseIp } from '../../src/elasticsearch/search/ip-address.js';
import { compileQuery, queryContext } from '../../src/elasticsearch/search/query.js';
import { applyDynamicMapping, type Mapping } from '../../src/elasticsearch/dynamic-mapping.js';
import { EsHttpError } from '../../src/elasticsearch/es-errors.js';
import type { JsonObject } from '../../src/json.js';

const kinds = (query: string) => tokenize(query).map((t) => t.kind);

/** The parsed tree as `occur:field:text` strings, nested bools as arrays. */
function shape(node: QsNode | null): unknown {
  if (node === null) return null;
  if (node.kind === 'bool') return node.clauses.map((c) => (c.node.kind === 'bool' ? { [c.occur]: shape(c.node) } : `${c.occur}:${describeLeaf(c.node)}`));
  return describeLeaf(node);
}

function describeLeaf(node: Exclude<QsNode, { kind: 'bool' }>): string {
  const field = node.field ?? '';
  switch (node.kind) {
    case 'text':
    case 'prefix':
    case 'fuzzy':
      return `${node.kind} ${field}:${node.text}`;
    case 'phrase':
      return `phrase ${field}:"${node.text}"~${node.slop}`;
    case 'wildcard':
    case 'regexp':
      return `${node.kind} ${field}:${node.pattern}`;
    case 'range':
      return `range ${field}:${node.includeLower ? '[' : '{'}${node.lower ?? '*'},${node.upper ?? '*'}${node.includeUpper ? ']' : '}'}`;
  }
}

const parsed = (query: string, operator: 'or' | 'and' = 'or') => shape(parseQueryString(query, operator));

function syntaxError(query: string): QsSyntaxError {
  try {
    parseQueryString(query, 'or');
  } catch (error) {
    assert.ok(error instanceof QsSyntaxError, String(error));
    return error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('query_string syntax (Lucene classic QueryParser)', () => {
  test('tokens: operators are whole words, escapes belong to terms, longest match wins', () => {
    assert.deepEqual(kinds('a AND b && c OR d || !e NOT f'), ['TERM', 'AND', 'TERM', 'AND', 'TERM', 'OR', 'TERM', 'OR', 'NOT', 'TERM', 'NOT', 'TERM', 'EOF']);
    assert.deepEqual(kinds('ANDROID ORACLE NOTE'), ['TERM', 'TERM', 'TERM', 'EOF']);
    assert.deepEqual(kinds('a-b +c -d'), ['TERM', 'PLUS', 'TERM', 'MINUS', 'TERM', 'EOF']);
    assert.deepEqual(kinds('foo* *foo f?o * fo\\*'), ['PREFIXTERM', 'WILDTERM', 'WILDTERM', 'STAR', 'TERM', 'EOF']);
    assert.deepEqual(kinds('C\\:\\\\x f:/a\\/b/ "q \\" q"'), ['TERM', 'TERM', 'COLON', 'REGEXPTERM', 'QUOTED', 'EOF']);
    assert.deepEqual(kinds('[1 TO 5} a^2.5 b~2'), ['RANGEIN_START', 'RANGE_GOOP', 'RANGE_TO', 'RANGE_GOOP', 'RANGEEX_END', 'TERM', 'CARAT', 'NUMBER', 'TERM', 'FUZZY_SLOP', 'EOF']);
  });

  test('clause occurs follow QueryParserBase.addClause, surprises included', () => {
    assert.deepEqual(parsed('a AND b OR c'), ['must:text :a', 'must:text :b', 'should:text :c']);
    assert.deepEqual(parsed('a OR b AND c'), ['should:text :a', 'must:text :b', 'must:text :c']);
    assert.deepEqual(parsed('a OR b', 'and'), ['should:text :a', 'should:text :b']);
    assert.deepEqual(parsed('x:a y:b', 'and'), ['must:text x:a', 'must:text y:b']);
    assert.deepEqual(parsed('+a -b NOT c !d'), ['must:text :a', 'must_not:text :b', 'must_not:text :c', 'must_not:text :d']);
    assert.deepEqual(parsed('a AND NOT b'), ['must:text :a', 'must_not:text :b']);
  });

  test('runs of bare terms are one multi-term (split_on_whitespace false); fields and groups end a run', () => {
    assert.equal(parsed('quick brown fox'), 'text :quick brown fox');
    assert.deepEqual(parsed('a b:c'), ['should:text :a', 'should:text b:c']);
    assert.deepEqual(parsed('a b AND c'), ['should:text :a', 'must:text :b', 'must:text :c']);
    assert.deepEqual(parsed('f:(a OR "b c")'), ['should:text f:a', 'should:phrase f:"b c"~0']);
    assert.deepEqual(parsed('f:(x y) AND g:z'), ['must:text f:x y', 'must:text g:z']);
    assert.deepEqual(parsed('(a OR b) AND c'), [{ must: ['should:text :a', 'should:text :b'] }, 'must:text :c']);
  });

  test('leaves: prefix, wildcard (escapes kept), regexp, fuzzy, phrase slop, ranges, field patterns', () => {
    assert.equal(parsed('C\\:\\\\Windows\\\\*'), 'prefix :C:\\Windows\\');
    assert.equal(parsed('Image:*\\\\cmd.exe'), 'wildcard Image:*\\\\cmd.exe');
    assert.equal(parsed('f:/a\\/b.*/'), 'regexp f:a\\/b.*');
    assert.equal(parsed('foo~1'), 'fuzzy :foo');
    assert.equal(parsed('"a b"~3^2'), 'phrase :"a b"~3');
    assert.equal(parsed('n:[1 TO *}'), 'range n:[1,*}');
    assert.equal(parsed('n:{"a b" TO z]'), 'range n:{a b,z]');
    assert.equal(parsed('process.\\*:x'), 'text process.*:x');
    assert.equal(parsed('*:*'), 'wildcard *:*');
    assert.equal(parsed('\\u0041b'), 'text :Ab');
  });

  test('errors are JavaCC\'s: a token where another was expected, or a lexical error', () => {
    assert.match(syntaxError('a AND').message, /^Encountered "<EOF>" at line 1, column 6\./);
    assert.equal(syntaxError('f:(a').message, 'Encountered "<EOF>" at line 1, column 5.\nWas expecting:\n    ")" ...\n    ');
    assert.match(syntaxError('a) b').message, /^Encountered " "\)" "\) "" at line 1, column 2\./);
    assert.match(syntaxError('[1 2]').message, /Encountered " <RANGE_GOOP> "2 "" at line 1, column 4\./);
    const lexical = syntaxError('"open');
    assert.equal(lexical.lexical, true);
    assert.equal(lexical.message, 'Lexical error at line 1, column 6.  Encountered: <EOF> after : "\\"open"');
    assert.equal(syntaxError('a:/x').lexical, true);
    assert.equal(syntaxError('ends\\').lexical, true);
    assert.equal(syntaxError('C\\:\\users').message, 'Non-hex character in Unicode escape sequence: s', 'an unescaped \\u in a path');
    assert.equal(syntaxError('*\\u00').message, 'Truncated unicode escape sequence.');
  });
});

describe('Lucene patterns (WildcardQuery, RegExp)', () => {
  const regexp = (pattern: string, value: string) => matchesWhole(parseRegexp(pattern), value);

  test('wildcards match the whole value; ? is one character; backslash escapes', () => {
    const pattern = parseWildcard('*\\\\cmd.exe');
    assert.equal(matchesWhole(pattern, 'C:\\Windows\\cmd.exe'), true);
    assert.equal(matchesWhole(pattern, 'C:\\Windows\\cmd.exe.bak'), false);
    assert.equal(matchesWhole(parseWildcard('a?c'), 'abc'), true);
    assert.equal(matchesWhole(parseWildcard('a?c'), 'ac'), false);
    assert.equal(matchesWhole(parseWildcard('a\\*'), 'a*'), true);
    assert.equal(matchesWhole(parseWildcard('a\\*'), 'ab'), false);
  });

  test('regexps are anchored, ^ and $ are plain characters, and Lucene operators work', () => {
    assert.equal(regexp('ab.*', 'abc'), true);
    assert.equal(regexp('b.*', 'abc'), false, 'anchored at the start');
    assert.equal(regexp('^a', 'a'), false, '^ is a literal');
    assert.equal(regexp('\\^a', '^a'), true);
    assert.equal(regexp('(foo|bar)+', 'foobarfoo'), true);
    assert.equal(regexp('a{2,3}', 'aaaa'), false);
    assert.equal(regexp('[^a-c]x', 'dx'), true);
    assert.equal(regexp('\\d+\\.\\w', '42.x'), true);
    assert.equal(regexp('@&~(.*bad.*)', 'good'), true, 'intersection and complement');
    assert.equal(regexp('@&~(.*bad.*)', 'so bad'), false);
    assert.equal(regexp('<1-100>', '42'), true);
    assert.equal(regexp('<1-100>', '420'), false);
    assert.equal(regexp('<01-10>', '07'), true);
    assert.equal(regexp('"a.b"', 'a.b'), true);
    assert.equal(regexp('"a.b"', 'axb'), false);
    assert.equal(regexp('#|x', 'x'), true);
  });

  test('malformed regexps throw RegExp\'s IllegalArgumentException', () => {
    assert.throws(() => parseRegexp('(ab'), (e: unknown) => e instanceof EsHttpError && e.esCause.type === 'illegal_argument_exception' && e.message === "expected ')' at position 3");
    assert.throws(() => parseRegexp('[ab'), /expected '\]' at position 3/);
    assert.throws(() => parseRegexp('<name>'), /'name' not found/);
    assert.throws(() => parseRegexp('a|'), /unexpected end-of-string/);
    assert.throws(() => parseRegexp('a)'), /end-of-string expected at position 1/);
    assert.throws(() => parseRegexp('[a-]'), /invalid range/);
    assert.equal(matchesWhole(parseRegexp('(|x)'), '|x'), true, 'a character no expression can start with is literal');
    assert.equal(matchesWhole(parseRegexp(''), ''), true);
  });

  test('ip addresses: IPv4 maps into IPv6 space, CIDR blocks are ranges', () => {
    assert.equal(parseIp('::ffff:10.0.0.1'), parseIp('10.0.0.1'));
    assert.equal(parseIp('10.0.0.256'), undefined);
    const block = parseCidr('10.1.0.0/16')!;
    assert.ok(parseIp('10.1.255.255')! <= block.high && parseIp('10.1.0.0')! >= block.low);
    assert.ok(parseIp('10.2.0.0')! > block.high);
    const v6 = parseCidr('2001:db8::/32')!;
    assert.ok(parseIp('2001:db8:ffff::1')! <= v6.high);
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
  });
});

describe('query_string against the mapping', () => {
  const sources: JsonObject[] = [
    { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami /all', EventID: 1, User: 'CORP\\Alice', '@timestamp': '2026-05-01T10:00:00Z' },
    { Image: 'C:\\Windows\\explorer.exe', CommandLine: 'explorer.exe', EventID: 4688, User: 'corp\\bob', '@timestamp': '2026-05-02T10:00:00Z' },
    { Image: 'C:\\Tools\\psexec.exe', EventID: 4688, addr: '10.1.2.3', tag: 'Lateral' },
  ];
  const mapping: Mapping = { addr: { type: 'ip' }, tag: { type: 'keyword' } };
  const docs = sources.map((source, i) => {
    applyDynamicMapping(mapping, source, String(i), false);
    return { id: String(i), source, seqNo: i };
  });
  const hits = (query: string, params: JsonObject = {}) => {
    const matches = compileQuery({ query_string: { query, ...params } }, queryContext(mapping, 'logs', Date.parse('2026-05-03T00:00:00Z')));
    return docs.filter(matches).map((d) => Number(d.id));
  };
  const failure = (query: string, params: JsonObject = {}): EsHttpError => {
    try {
      hits(query, params);
    } catch (error) {
      assert.ok(error instanceof EsHttpError);
      return error;
    }
    throw new Error(`expected ${query} to fail`);
  };

  test('keyword fields are exact and case-sensitive; text fields match analysed tokens', () => {
    assert.deepEqual(hits('Image.keyword:C\\:\\\\Windows\\\\explorer.exe'), [1]);
    assert.deepEqual(hits('Image.keyword:c\\:\\\\windows\\\\explorer.exe'), []);
    assert.deepEqual(hits('Image:WINDOWS'), [0, 1]);
    assert.deepEqual(hits('CommandLine:"c whoami"'), [0], 'a phrase is consecutive tokens');
    assert.deepEqual(hits('CommandLine:"whoami c"'), []);
    assert.deepEqual(hits('tag:lateral'), [], 'a keyword field has no analyser');
    assert.deepEqual(hits('tag:Lateral'), [2]);
  });

  test('the default field * searches every field; bare runs are analysed together', () => {
    assert.deepEqual(hits('whoami'), [0]);
    assert.deepEqual(hits('whoami explorer.exe'), [0, 1]);
    assert.deepEqual(hits('whoami explorer.exe', { default_operator: 'AND' }), []);
    assert.deepEqual(hits('4688'), [1, 2], 'numbers match the numeric field');
    assert.deepEqual(hits('alice', { default_field: 'User' }), [0]);
    assert.deepEqual(hits('alice', { fields: ['CommandLine', 'Image'] }), []);
  });

  test('wildcards and regexps meet whole keyword values and single text tokens', () => {
    assert.deepEqual(hits('Image.keyword:*\\\\cmd.exe'), [0]);
    assert.deepEqual(hits('Image.keyword:*\\\\CMD.exe'), [], 'keyword wildcards keep case');
    assert.deepEqual(hits('Image:*\\\\cmd.exe'), [], 'no single token holds a backslash');
    assert.deepEqual(hits('Image:CMD*'), [0], 'a text field normalises the pattern');
    assert.deepEqual(hits('Image.keyword:/.*(cmd|psexec)\\.exe/'), [0, 2]);
    assert.deepEqual(hits('Image:/cmd.*/'), [0]);
    assert.deepEqual(hits('Image:/CMD.*/'), [], 'regexps are not normalised');
    assert.deepEqual(hits('CommandLine:whoamy~1'), [0]);
  });

  test('_exists_, field:*, *:*, NOT alone, and field:(a OR b)', () => {
    assert.deepEqual(hits('_exists_:CommandLine'), [0, 1]);
    assert.deepEqual(hits('CommandLine:*'), [0, 1]);
    assert.deepEqual(hits('NOT _exists_:CommandLine'), [2], 'a purely negative query subtracts from everything');
    assert.deepEqual(hits('*:*'), [0, 1, 2]);
    assert.deepEqual(hits('EventID:(1 OR 4688) AND NOT tag:Lateral'), [0, 1]);
    assert.deepEqual(hits('nosuchfield:x'), []);
    assert.deepEqual(hits('   '), [], 'a blank query matches nothing');
  });

  test('ranges: numeric, date (with date math), keyword by code point, one-sided; ip CIDR', () => {
    assert.deepEqual(hits('EventID:[1 TO 4688}'), [0]);
    assert.deepEqual(hits('EventID:>=4688'), [1, 2]);
    assert.deepEqual(hits('EventID:<4688'), [0]);
    assert.deepEqual(hits('@timestamp:[2026-05-02 TO now]'), [1]);
    assert.deepEqual(hits('@timestamp:2026-05-01'), [0], 'a day matches the whole day');
    assert.deepEqual(hits('@timestamp:>now-1d'), [1]);
    assert.deepEqual(hits('@timestamp:>now-12h'), []);
    assert.deepEqual(hits('Image.keyword:{C\\:\\\\T TO C\\:\\\\U}'), [2]);
    assert.deepEqual(hits('addr:"10.1.0.0/16"'), [2]);
    assert.deepEqual(hits('addr:10.1.0.0\\/16'), [2]);
    assert.deepEqual(hits('addr:[10.0.0.0 TO 10.1.0.0]'), []);
  });

  test('a value that does not fit its field: nothing under lenient (the * default), an error otherwise', () => {
    assert.deepEqual(hits('EventID:abc'), []);
    const error = failure('EventID:abc', { default_field: 'EventID' });
    assert.equal(error.esCause.type, 'search_phase_execution_exception');
    assert.equal(error.rootCauses?.[0].type, 'query_shard_exception');
    assert.equal(error.rootCauses?.[0].reason, 'failed to create query: For input string: "abc"');
    assert.equal(error.rootCauses?.[0].causedBy?.type, 'number_format_exception');
    assert.deepEqual(hits('EventID:abc', { default_field: 'EventID', lenient: true }), []);
    const wildcard = failure('EventID:4*', { lenient: false });
    assert.equal(wildcard.rootCauses?.[0].reason, 'Can only use prefix queries on keyword, text and wildcard fields - not on [EventID] which is of type [long]');
  });

  test('syntax errors are query_shard_exception "Failed to parse query", caused by Lucene\'s parse_exception', () => {
    const error = failure('Image:(cmd');
    const shard = error.rootCauses?.[0];
    assert.equal(error.status, 400);
    assert.equal(shard?.type, 'query_shard_exception');
    assert.equal(shard?.reason, 'Failed to parse query [Image:(cmd]');
    assert.equal(shard?.causedBy?.type, 'parse_exception');
    assert.match(shard?.causedBy?.reason ?? '', /^Cannot parse 'Image:\(cmd': Encountered "<EOF>" at line 1, column 11\./);
    assert.match(failure('*x', { allow_leading_wildcard: false }).rootCauses?.[0].causedBy?.reason ?? '', /'\*' or '\?' not allowed as first character in WildcardQuery/);
  });

  test('parameters: unknown keys and a missing query are parsing_exceptions; fields with default_field is refused', () => {
    const parseFailure = (body: JsonObject) => {
      try {
        compileQuery({ query_string: body }, queryContext(mapping, 'logs', 0));
      } catch (error) {
        assert.ok(error instanceof EsHttpError);
        return [error.esCause.type, error.esCause.reason];
      }
      throw new Error('expected a failure');
    };
    assert.deepEqual(parseFailure({ query: 'x', frobnicate: true }), ['parsing_exception', '[query_string] query does not support [frobnicate]']);
    assert.deepEqual(parseFailure({ query: 'x', default_field: ['a'] }), ['parsing_exception', '[query_string] query does not support [default_field]']);
    assert.deepEqual(parseFailure({ query: 'x', analyzer: {} }), ['parsing_exception', '[query_string] unknown token [START_OBJECT] after [analyzer]']);
    assert.deepEqual(parseFailure({ default_field: 'a' }), ['parsing_exception', '[query_string] must be provided with a [query]']);
    assert.deepEqual(parseFailure({ query: 'x', default_operator: 'xor' }), ['illegal_argument_exception', 'No enum constant org.elasticsearch.index.query.Operator.XOR']);
    const both = failure('x', { fields: ['a'], default_field: 'b' });
    assert.equal(both.rootCauses?.[0].reason, 'Validation Failed: 1: cannot use [fields] parameter in conjunction with [default_field];');
  });

  test('analyze_wildcard analyses a prefix: earlier tokens are terms, the last a prefix', () => {
    assert.deepEqual(hits('CommandLine:whoami\\ \\/al*', { analyze_wildcard: true, default_operator: 'AND' }), [0]);
    assert.deepEqual(hits('CommandLine:whoami\\ \\/al*', { default_operator: 'AND' }), [], 'unanalysed, the prefix holds a space');
  });
});
