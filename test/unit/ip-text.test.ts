// ipVersion (src/rules/sigma/ip-text.ts) is node:net's isIP by hand: held to node:net itself over
// hand-picked edge cases, generated addresses of every shape, and mutations of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { ipVersion } from '../../src/rules/sigma/ip-text.js';

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGES = [
  '', '::', ':::', '::1', '1::', '1:::', ':1', '1:', '::1:', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.1.1.1',
  '1.1.1', '1.1.1.1.1', '1..1.1', '1.1.1.1:', '::ffff:1.2.3.4', '::1.2.3.4', '1.2.3.4::', '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4', '1::2:3:4:5:6:1.2.3.4', '1::2:3:4:5:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::', '1:2:3:4::5:6:7:8', '1:2:3:4::5:6:7', '12345::', 'fe80::/10', 'fe80::1%eth0', 'fe80::1%',
  'fe80::1%a-b.c:d', 'fe80::1%a_b', '%eth0', '1.2.3.4%eth0', 'FFFF::abcd', 'g::1', '::1.2.3.04', '::1.2.3.255',
  '1:2:3:4:5:6:7:8%1', '2001:db8::', '::ffff:0:0', ' ::1', '::1 ', '1::2::3', 'a:b:c:d:e:f:1.2.3.4%x',
];

test('ipVersion gives what node:net isIP gives on edge cases', () => {
  for (const text of EDGES) assert.equal(ipVersion(text), isIP(text), JSON.stringify(text));
});

test('ipVersion gives what node:net isIP gives on generated addresses and mutations of them', () => {
  const next = random(16);
  const pick = <T,>(items: ArrayLike<T>): T => items[Math.floor(next() * items.length)]!;
  const hexGroup = () => Array.from({ length: 1 + Math.floor(next() * 4.3) }, () => pick('0123456789abcdefABCDEF')).join('');
  const decimal = () => (next() < 0.8 ? String(Math.floor(next() * 256)) : pick(['256', '300', '01', '001', '1000', '']));
  const ipv4 = () => Array.from({ length: next() < 0.8 ? 4 : pick([3, 5]) }, decimal).join('.');
  const ipv6 = () => {
    const groups = Array.from({ length: next() < 0.5 ? pick([6, 7, 8]) : Math.floor(next() * 10) }, hexGroup);
    if (next() < 0.5) groups.splice(Math.floor(next() * (groups.length + 1)), 0, '');
    let text = groups.join(':');
    if (text.startsWith(':') && next() < 0.8) text = ':' + text;
    if (text.endsWith(':') && next() < 0.8) text += ':';
    if (next() < 0.3) text += (text.endsWith(':') ? '' : ':') + ipv4();
    if (next() < 0.2) text += '%' + Array.from({ length: Math.floor(next() * 4) }, () => pick('aZ09-.:_% ')).join('');
    return text;
  };
  const mutate = (text: string) => {
    const at = Math.floor(next() * (text.length + 1));
    const kind = next();
    if (kind < 0.33) return text.slice(0, at) + pick(':.%0aF g') + text.slice(at);
    if (kind < 0.66) return text.slice(0, at) + text.slice(at + 1);
    return text.slice(0, at) + pick(':.%0aF') + text.slice(at + 1);
  };
  const seen = { 0: 0, 4: 0, 6: 0 };
  for (let i = 0; i < 60000; i++) {
    let text = next() < 0.3 ? ipv4() : ipv6();
    if (next() < 0.4) text = mutate(text);
    const expected = isIP(text);
    seen[expected as 0 | 4 | 6]++;
    assert.equal(ipVersion(text), expected, JSON.stringify(text));
  }
  // The generator reaches every answer often, so the comparison means something.
  assert.ok(seen[0] > 5000 && seen[4] > 3000 && seen[6] > 5000, JSON.stringify(seen));
});
