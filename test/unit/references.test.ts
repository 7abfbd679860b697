// hideValues and resolveReferences walk every string of JSON data (mapStrings, which copies only
// from the first change on; issue 16): what changed is copied, the rest is the same object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hideValues, mapStringValues, resolveReferences } from '../../src/base/references.js';

const refs = [{ name: 'TOKEN', value: 's3cr3t-value' }];

test('nothing to hide: the very same object back', () => {
  const data = { a: ['x', { b: 'y', n: 1, z: null }], c: true };
  assert.equal(hideValues(data, refs), data);
});

test('a value deep inside: copied along its path only, the input untouched, order kept', () => {
  const inner = { keep: 'k' };
  const data = { first: inner, list: ['a', 'b', 'key s3cr3t-value here', 'd'], last: 'z' };
  const hidden = hideValues(data, refs);
  assert.deepEqual(hidden, { first: { keep: 'k' }, list: ['a', 'b', 'key ${TOKEN} here', 'd'], last: 'z' });
  assert.deepEqual(Object.keys(hidden), ['first', 'list', 'last']);
  assert.equal(hidden.first, inner, 'an unchanged branch is shared');
  assert.equal(data.list[2], 'key s3cr3t-value here');
});

test('keys are mapped too, and resolving gives the value back', () => {
  const data = { plain: 1, 's3cr3t-value': 'x', after: 2 };
  const hidden = hideValues(data, refs);
  assert.deepEqual(hidden, { plain: 1, '${TOKEN}': 'x', after: 2 });
  assert.deepEqual(resolveReferences(hidden, refs), data);
});

test('mapStringValues maps string values only: keys stay as they are, unchanged branches are shared', () => {
  const hide = (s: string) => s.split('s3cr3t-value').join('${TOKEN}');
  const untouched = { keep: ['k', 1] };
  const data = { 's3cr3t-value': 'plain', nested: { header: 'Bearer s3cr3t-value' }, untouched };
  const mapped = mapStringValues(data, hide);
  assert.deepEqual(mapped, { 's3cr3t-value': 'plain', nested: { header: 'Bearer ${TOKEN}' }, untouched: { keep: ['k', 1] } });
  assert.deepEqual(Object.keys(mapped), Object.keys(data));
  assert.equal(mapped.untouched, untouched);
  assert.equal(data.nested.header, 'Bearer s3cr3t-value', 'the input is untouched');
  assert.equal(mapStringValues(untouched, hide), untouched, 'nothing to map: the very same object');
});
