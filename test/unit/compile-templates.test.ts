// The shared walk driven by a language table alone: a third, made-up language is one object, and
// each of its tokens and templates shows up where the walk should put it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DetectionItem, MatchNode, QueryNode, SigmaValue } from '../../src/rules/sigma/model.js';
import { parseSigmaString } from '../../src/rules/sigma/sigma-string.js';
import { DEFERRED, type QueryLanguage } from '../../src/compile/query-language.js';
import { renderQuery } from '../../src/compile/text-compiler.js';
import { fill } from '../../src/compile/template.js';
import { DiagnosticError } from '../../src/diagnostics.js';

const toy: QueryLanguage = {
  name: 'toy',
  tokens: { and: ' and ', or: ' or ', not: 'not ' },
  precedence: ['not', 'and', 'or'],
  groupAlways: false,
  group: '[{expr}]',
  fields: { quote: { char: '`', unless: /^\w+$/ } },
  strings: { escape: { char: '%', chars: /['%]/ }, quote: { char: "'", when: /[ *]|^$/ }, wildcards: { '*': '*', '?': '_' } },
  booleans: { true: 'yes', false: 'no' },
  compareOperators: { lt: 'lt', lte: 'le', gt: 'gt', gte: 'ge' },
  regex: (value) => (value.flags.i ? `(?i)${value.pattern}` : value.pattern),
  patternsOnKeywordField: true,
  casedStrings: false,
  fieldTerms: {
    eq: '{field} == {value}',
    null: 'isnull({field})',
    notNull: 'isnotnull({field})',
    exists: 'has({field})',
    notExists: 'hasnot({field})',
    cidr: 'ipmatch({field}, {value})',
    compare: '{field} {op} {value}',
    regex: 'matches({field}, "{regex}")',
    fieldref: { unsupported: 'toy cannot compare {field} with {other}', hint: 'compare in a later stage' },
  },
  unboundTerms: { string: 'any({value})', number: 'any({value})', regex: DEFERRED },
  cased: 'cs({value})',
  inList: { template: '{field} in ({list})', separator: '; ' },
  expansion: 'list',
  groupedTerms: ['exists'],
};

const item: DetectionItem = { values: [], renamedBy: [] };
const loc = { file: 't.yml', line: 3, column: 5 };
const match = (field: string | null, value: SigmaValue, cased = false): MatchNode => ({ kind: 'match', field, value, item, loc, ...(cased ? { cased } : {}) });
const str = (text: string) => parseSigmaString(text);
const render = (node: QueryNode, language = toy, options = {}) => renderQuery(language, node, options);

describe('fill', () => {
  test('text a placeholder brings in is not read as a placeholder', () => assert.equal(fill('{a}-{b}', { a: '{b}', b: 'x{1,3}' }), '{b}-x{1,3}'));
  test('a placeholder the term kind does not have is a table bug', () => assert.throws(() => fill('{field} {nope}', { field: 'f' }), /no value for \{nope\}/));
});

describe('a language table drives every term', () => {
  test('values: escaping, quoting when asked, wildcards and booleans', () => {
    assert.equal(render(match('f', str("it's 50%"))), "f == 'it%'s 50%%'");
    assert.equal(render(match('f', str('a?b'))), 'f == a_b');
    assert.equal(render(match('f', str(''))), "f == ''");
    assert.equal(render(match('f', { kind: 'bool', value: false })), 'f == no');
  });
  test('fields are quoted unless plain, and take the keyword suffix on pattern terms only', () => {
    assert.equal(render(match('a b', str('x*')), toy, { keywordSuffix: '.kw' }), "`a b`.kw == 'x*'");
    assert.equal(render(match('n', { kind: 'number', value: 1, text: '1' }), toy, { keywordSuffix: '.kw' }), 'n == 1');
  });
  test('null, exists, CIDR, comparison and regex terms', () => {
    assert.equal(render(match('f', { kind: 'null' })), 'isnull(f)');
    assert.equal(render({ kind: 'not', arg: match('f', { kind: 'null' }) }), 'isnotnull(f)');
    assert.equal(render(match('f', { kind: 'exists', value: false })), 'hasnot(f)');
    assert.equal(render(match('ip', { kind: 'cidr', network: '10.0.0.0', prefix: 8, version: 4 })), 'ipmatch(ip, 10.0.0.0/8)');
    assert.equal(render(match('p', { kind: 'compare', op: 'gte', value: 5, text: '5' })), 'p ge 5');
    assert.equal(render(match('f', { kind: 'regex', pattern: 'a{2}', flags: { i: true, m: false, s: false } })), 'matches(f, "(?i)a{2}")');
  });
  test('keywords use the unbound templates; a kind without one needs a field', () => {
    assert.equal(render(match(null, str('x'))), 'any(x)');
    assert.throws(() => render(match(null, { kind: 'bool', value: true })), (e: unknown) => e instanceof DiagnosticError && e.message === 'a bool value needs a field' && e.diagnostics[0].code === 'compile-toy');
  });
  test('|cased wraps a string value in its template', () => assert.equal(render(match('f', str('Ab'), true)), 'f == cs(Ab)'));
});

describe('what a table refuses or defers', () => {
  test('an unsupported kind is the rule’s error, with the rule’s field names, the hint and the location', () =>
    assert.throws(
      () => render(match('a', { kind: 'fieldref', field: 'b' })),
      (e: unknown) =>
        e instanceof DiagnosticError && e.message === 'toy cannot compare a with b' && e.diagnostics[0].hint === 'compare in a later stage' && e.diagnostics[0].location === loc,
    ));
  test('a deferred kind reaching the walk is a bug of the language’s stage, not a rule error', () =>
    assert.throws(
      () => render(match(null, { kind: 'regex', pattern: 'x', flags: { i: false, m: false, s: false } })),
      (e: unknown) => !(e instanceof DiagnosticError) && /unstaged regex term/.test((e as Error).message),
    ));
  test('unsupported |cased fails every cased term, before anything else', () =>
    assert.throws(() => render(match(null, { kind: 'null' }, true), { ...toy, cased: { unsupported: 'no case here' } }), /no case here/));
});

describe('lists, expansions and grouping', () => {
  const values = [str('a'), str('b c')];
  test('an OR of plain values of one field is the list term', () =>
    assert.equal(render({ kind: 'or', args: values.map((v) => match('f', v)) }), "f in (a; 'b c')"));
  test('expansions are one list term, or ORed terms (never a list) where the table says so', () => {
    const expansion: QueryNode = { kind: 'expansion', field: 'f', values, item, loc, cased: true };
    assert.equal(render({ kind: 'and', args: [expansion, match('g', str('x'))] }), "f in (a; 'b c') and g == x");
    // `or` binds looser than `and` here: the ORed variants are grouped, and keep |cased as terms.
    assert.equal(render({ kind: 'and', args: [expansion, match('g', str('x'))] }, { ...toy, expansion: 'terms' }), "[f == cs(a) or f == cs('b c')] and g == x");
  });
  test('precedence groups only where needed; grouped term kinds are always grouped', () => {
    const x = match('x', str('1'));
    const y = match('y', str('2'));
    assert.equal(render({ kind: 'or', args: [x, { kind: 'and', args: [y, { kind: 'not', arg: x }] }] }), 'x == 1 or y == 2 and not x == 1');
    assert.equal(render({ kind: 'and', args: [{ kind: 'or', args: [x, y] }, match('e', { kind: 'exists', value: true })] }), '[x == 1 or y == 2] and [has(e)]');
  });
});
