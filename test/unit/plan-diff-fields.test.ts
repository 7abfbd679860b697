// Field-level diffs: dotted paths into objects, whole-value arrays, and dotted keys kept apart
// from nesting by the bracket notation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffFields } from '../../src/plan/diff-fields.js';
import { formatFieldPath, parseFieldPath } from '../../src/plan/field-path.js';

test('nested objects give dotted paths, sorted', () => {
  const before = { trigger: { schedule: { interval: '30m' } }, metadata: { title: 'a', rule_id: 'r' } };
  const after = { trigger: { schedule: { interval: '1h' } }, metadata: { title: 'b', rule_id: 'r' } };
  assert.deepEqual(diffFields(before, after), [
    { path: 'metadata.title', before: 'a', after: 'b' },
    { path: 'trigger.schedule.interval', before: '30m', after: '1h' },
  ]);
});

test('keys with dots are bracket-quoted, so they never read as nesting', () => {
  const before = { 'action.email.to': 'a@x', action: { email: { to: 'same' } }, condition: { compare: { 'ctx.payload.hits.total': { gt: 0 } } } };
  const after = { 'action.email.to': 'b@x', action: { email: { to: 'same' } }, condition: { compare: { 'ctx.payload.hits.total': { gt: 5 } } } };
  const changes = diffFields(before, after);
  assert.deepEqual(changes.map((c) => c.path), ['["action.email.to"]', 'condition.compare["ctx.payload.hits.total"].gt']);
  assert.deepEqual(parseFieldPath(changes[1].path), ['condition', 'compare', 'ctx.payload.hits.total', 'gt']);
  // The nested key and the dotted key are two different paths.
  assert.notEqual(formatFieldPath(['action', 'email', 'to']), formatFieldPath(['action.email.to']));
});

test('every path parses back to its keys', () => {
  for (const keys of [['a'], ['@timestamp', 'x-y'], ['a b'], ['q"uote', 'back\\slash'], ['[0]'], [''], ['0', 'eai:acl']]) {
    assert.deepEqual(parseFieldPath(formatFieldPath(keys)), keys, JSON.stringify(keys));
  }
  assert.throws(() => parseFieldPath('a..b'));
  assert.throws(() => parseFieldPath('a["b"'));
});

test('arrays are compared whole, by value', () => {
  const before = { indices: ['a', 'b'], must: [{ query_string: { query: 'x', analyze_wildcard: true } }] };
  const same = { indices: ['a', 'b'], must: [{ query_string: { analyze_wildcard: true, query: 'x' } }] };
  assert.deepEqual(diffFields(before, same), []);
  const after = { indices: ['b', 'a'], must: [{ query_string: { query: 'y', analyze_wildcard: true } }] };
  assert.deepEqual(diffFields(before, after).map((c) => c.path), ['indices', 'must']);
  assert.deepEqual(diffFields(before, after)[0], { path: 'indices', before: ['a', 'b'], after: ['b', 'a'] });
});

test('added and removed fields carry one side only; undefined counts as absent', () => {
  assert.deepEqual(diffFields({ a: 1, b: undefined }, { c: { d: null } }), [
    { path: 'a', before: 1 },
    { path: 'c.d', after: null },
  ]);
  assert.deepEqual(diffFields({ a: {} }, {}), [{ path: 'a', before: {} }]);
  assert.deepEqual(diffFields({ a: { b: 1 } }, { a: 'flat' }), [{ path: 'a', before: { b: 1 }, after: 'flat' }]);
});

test('a whole object against nothing lists every leaf', () => {
  assert.deepEqual(diffFields(undefined, { b: { c: 1 }, a: [1] }), [
    { path: 'a', after: [1] },
    { path: 'b.c', after: 1 },
  ]);
  assert.deepEqual(diffFields({ x: 'y' }, undefined), [{ path: 'x', before: 'y' }]);
  assert.deepEqual(diffFields(undefined, undefined), []);
});
