import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../../src/plan/redact.js';

test('every occurrence of every secret becomes ***', () => {
  assert.equal(redact('key=s3cret-key and again s3cret-key', ['s3cret-key']), 'key=*** and again ***');
  assert.equal(redact('token abcd1234abcd', ['abcd', 'abcd1234abcd']), 'token ***', 'longest first');
});

test('secrets shorter than 4 characters are left alone', () => {
  assert.equal(redact('a b abc', ['a', 'abc', '']), 'a b abc');
});

test('a secret is found inside JSON too, where its quotes are escaped', () => {
  const secret = 'pa"ss\\word';
  const json = JSON.stringify({ header: `Bearer ${secret}` });
  assert.equal(redact(json, [secret]), '{"header":"Bearer ***"}');
});
