// acceptCommonRule (src/rules/sigma/schema.ts): the rules it accepts without zod, it reads exactly
// as the schema does; whatever is not of the common form it leaves to the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { acceptCommonRule, EARLY_KEYS, isUuid, LATE_KEYS, KNOWN_KEYS, sigmaSchemas, UUID } from '../../src/rules/sigma/schema.js';

const root = resolve(import.meta.dirname, '..', '..');
const DETECTIONS = { detections: true };

/** A rule as load-sigma-rule.ts gives it to the schema: its detections as one marker. */
function plainOf(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...doc, detection: DETECTIONS };
}

/** The schema's output as data (a key with undefined is a key that is absent). */
const asData = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

const BASE = {
  title: 'T',
  id: '0e3a6b5b-5e6f-4f0a-9b9a-1c2d3e4f5a6b',
  status: 'test',
  level: 'high',
  logsource: { product: 'windows', category: 'process_creation', extra: 'kept out' },
  related: [{ id: '1e3a6b5b-5e6f-4f0a-9b9a-1c2d3e4f5a6b', type: 'derived', note: 'dropped' }],
  description: 'd',
  author: 'a',
  date: '2024-01-01',
  modified: '2024-02-01',
  license: 'DRL',
  references: ['https://example.com'],
  tags: ['attack.t1059'],
  falsepositives: ['none'],
  fields: ['CommandLine'],
  unknown: { anything: 1 },
};

test('the repository rules and a full common rule: the same value as the schema', () => {
  const folder = join(root, 'rules/sigma');
  const docs = readdirSync(folder)
    .filter((f) => f.endsWith('.yml') && !f.endsWith('.tests.yml'))
    .flatMap((f) => jsyaml.loadAll(readFileSync(join(folder, f), 'utf8'), undefined, { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown>[]);
  let accepted = 0;
  for (const doc of [...docs.filter((d) => !('correlation' in d)), BASE, { title: 'only', logsource: {} }]) {
    const plain = plainOf(doc);
    const fast = acceptCommonRule(plain, DETECTIONS);
    if (fast === undefined) continue;
    accepted++;
    // Compared as text: the keys come in the schema's order too.
    assert.equal(JSON.stringify(fast), JSON.stringify(asData(sigmaSchemas().rule.parse(plain))), String(doc.title));
    assert.equal(fast.detection, DETECTIONS);
  }
  assert.ok(accepted >= 3, `only ${accepted} accepted`);
});

test('anything not of the common form, valid or not, is left to the schema', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['a number as title', { title: 5 }],
    ['no title', { title: undefined }],
    ['an id that is not a UUID', { id: 'x' }],
    ['an unknown status', { status: 'done' }],
    ['an unknown level', { level: 'urgent' }],
    ['a logsource that is a list', { logsource: ['a'] }],
    ['a logsource field that is a number', { logsource: { product: 5 } }],
    ['an empty logsource field', { logsource: { product: null } }],
    ['related not a list', { related: 'x' }],
    ['a related entry without a known type', { related: [{ id: 'a', type: 'other' }] }],
    ['a number as author', { author: 5 }],
    ['an empty description', { description: null }],
    ['tags as one string', { tags: 'attack.t1059' }],
    ['a number among the references', { references: ['a', 1] }],
    ['custom', { custom: { a: 1 } }],
  ];
  for (const [what, change] of cases) assert.equal(acceptCommonRule(plainOf({ ...BASE, ...change }), DETECTIONS), undefined, what);
  assert.equal(acceptCommonRule({ ...BASE, detection: 'x' }, DETECTIONS), undefined, 'detections not a mapping');
});

test("the attribute lists a rule is read with are the schema's keys, in its order", () => {
  // Written out so that reading a rule needs no schema (the schema is built on first use).
  assert.deepEqual(Object.keys(sigmaSchemas().rule.shape), [...EARLY_KEYS, ...LATE_KEYS]);
  assert.deepEqual([...KNOWN_KEYS], [...EARLY_KEYS, ...LATE_KEYS, 'scope', 'taxonomy']);
});

test('isUuid is the UUID pattern, character for character', () => {
  const valid = '6f7e1c10-2dc9-4312-adb6-9574ff09a5c8';
  const cases = [valid, valid.toUpperCase(), `${valid}\n`, ` ${valid}`, valid.slice(1), valid.replace('-', 'x'), valid.replace('6f', 'gf'), valid.replace('6f', '6F'), '', '--------------------------------------', valid.replace(/-/g, '0')];
  // Every character of the alphabet at every position of a valid id.
  for (let i = 0; i < valid.length; i++) for (const c of '09afAF-gG/:@`{ ') cases.push(valid.slice(0, i) + c + valid.slice(i + 1));
  for (const text of cases) assert.equal(isUuid(text), UUID.test(text), JSON.stringify(text));
});
