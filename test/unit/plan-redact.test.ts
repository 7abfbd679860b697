import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../../src/plan/redact.js';
import { hideValues, missingReferences, resolveReferences } from '../../src/base/references.js';

const refs = (values: Record<string, string | undefined>) => Object.entries(values).map(([name, value]) => ({ name, value }));

test('every occurrence of every value becomes its reference', () => {
  assert.equal(redact('key=s3cret-key and again s3cret-key', refs({ KEY: 's3cret-key' })), 'key=${KEY} and again ${KEY}');
  assert.equal(redact('token abcd1234abcd', refs({ A: 'abcd', B: 'abcd1234abcd' })), 'token ${B}', 'longest first');
});

test('values shorter than 4 characters are left alone', () => {
  assert.equal(redact('a b abc', refs({ A: 'a', B: 'abc', C: undefined })), 'a b abc');
});

test('a value is found inside JSON too, where its quotes are escaped, and as base64', () => {
  const secret = 'pa"ss\\word';
  const json = JSON.stringify({ header: `Bearer ${secret}` });
  assert.equal(redact(json, refs({ S: secret })), '{"header":"Bearer ${S}"}');
  const b64 = Buffer.from('wh-secret-value').toString('base64');
  assert.equal(redact(`Basic ${b64}`, refs({ WH: 'wh-secret-value' })), 'Basic ${WH:base64}');
});

test('hide and resolve are inverse on JSON data; only the environment\'s variables are resolved', () => {
  const r = refs({ WH: 'wh-secret-value' });
  const live = { headers: { 'X-Token': 'wh-secret-value' }, query: 'cmd|${IFS}' };
  const hidden = hideValues(live, r);
  assert.deepEqual(hidden, { headers: { 'X-Token': '${WH}' }, query: 'cmd|${IFS}' });
  assert.deepEqual(resolveReferences(hidden, r), live);
  assert.deepEqual(missingReferences(hidden, refs({ WH: undefined })), ['WH']);
  assert.throws(() => resolveReferences(hidden, refs({ WH: undefined })), /WH is not set/);
});
