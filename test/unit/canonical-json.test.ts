// canonicalJson was rewritten for speed (issue 16): it must print exactly what the first form
// printed, and canonicalEqual must be exactly the comparison of two such strings. Both are
// checked against the first form on tricky values and on many random ones (seeded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalEqual, canonicalJson, contentHash } from '../../src/base/canonical-json.js';

/** The first form, kept here as the reference. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const TRICKY: unknown[] = [
  null, undefined, 0, -0, 1, NaN, Infinity, '', '1', 'a,b', '{"x":1}', true, false,
  [], [undefined], [undefined, undefined], [null], [1, undefined], [[]], [{}], ['', ''], [','],
  {}, { a: undefined }, { a: null }, { b: 1, a: 2 }, { a: 2, b: 1 }, { 'é': 1, e: 2, E: 3, '10': 4, '9': 5 },
  { a: [1, { c: undefined, b: [undefined] }] }, { a: [] }, { a: {} }, { f: () => 1 }, { f: () => 2 }, [() => 1], new Date(0), { toJSON: 1 },
];

test('canonicalJson prints what the first form printed', () => {
  for (const v of TRICKY) assert.equal(canonicalJson(v), reference(v), String(reference(v)));
});

test('canonicalEqual is the equality of the two strings, on every pair of tricky values', () => {
  for (const a of TRICKY) for (const b of TRICKY) assert.equal(canonicalEqual(a, b), reference(a) === reference(b), `${reference(a)} vs ${reference(b)}`);
});

test('and on random nested values and their near copies', () => {
  let seed = 16;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const value = (depth: number): unknown => {
    const r = rand();
    if (depth > 3 || r < 0.4) return pick<unknown>([null, undefined, 0, 1, 'x', 'y', '', true, NaN]);
    if (r < 0.7) return Array.from({ length: Math.floor(rand() * 3) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(['a', 'b', 'c', 'B']), value(depth + 1)]));
  };
  const nudge = (v: unknown): unknown => {
    if (rand() < 0.3) return value(2);
    if (Array.isArray(v)) return v.map(nudge);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, nudge(x)]));
    return v;
  };
  let equal = 0;
  for (let i = 0; i < 3000; i++) {
    const a = value(0);
    const b = nudge(a);
    assert.equal(canonicalJson(a), reference(a));
    const same = reference(a) === reference(b);
    if (same) equal++;
    assert.equal(canonicalEqual(a, b), same, `${reference(a)} vs ${reference(b)}`);
  }
  assert.ok(equal > 300 && equal < 2700, `both outcomes exercised (${equal} equal of 3000)`);
});

test('contentHash is the SHA-256 of the canonical JSON, whatever the key order', () => {
  assert.equal(contentHash({ b: 1, a: [1, { d: 2, c: 3 }] }), contentHash({ a: [1, { c: 3, d: 2 }], b: 1 }));
  assert.equal(contentHash({}), '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
});

test("a live fingerprint is contentHash of the sorted entries, as saved plans recorded it", async () => {
  const { fingerprintLive } = await import('../../src/plan/live-fingerprint.js');
  const live = [
    { target: 't', kind: 'watch', id: 'b', owned: true, canonical: { q: 'x', n: [1, 2] }, raw: {} },
    { target: 't', kind: 'watch', id: 'a', owned: false, canonical: {}, raw: {} },
  ];
  const entries = [...live].sort((x, y) => (x.id < y.id ? -1 : 1)).map((o) => [o.target, o.kind, o.id, o.owned, o.canonical]);
  assert.equal(fingerprintLive(live), contentHash(entries));
  assert.equal(fingerprintLive([]), contentHash([]));
});
