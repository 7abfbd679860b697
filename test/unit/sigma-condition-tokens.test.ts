// The condition parser matches by hand what it once matched with regexes (src/rules/sigma/condition.ts):
// the tokenizer's idea of a space must be `\s`, and `1 of x*` patterns must select what the regex did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatches, isSpace } from '../../src/rules/sigma/condition.js';

test('isSpace is what \\s matches, for every code unit', () => {
  const space = /^\s$/;
  for (let c = 0; c <= 0xffff; c++) assert.equal(isSpace(c), space.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
});

test("globMatches is the regex '1 of x*' was matched with, over generated patterns and names", () => {
  const asRegex = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let seed = 7;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const word = (chars: string, max: number) => Array.from({ length: Math.floor(next() * max) }, () => chars[Math.floor(next() * chars.length)]).join('');
  let matched = 0;
  for (let i = 0; i < 20000; i++) {
    const pattern = word('ab*?.\\[', 6);
    const name = next() < 0.05 ? word('ab\n.', 5) : word('ab.\\[_', 7);
    const expected = asRegex(pattern).test(name);
    if (expected) matched++;
    assert.equal(globMatches(pattern, name), expected, `${JSON.stringify(pattern)} ${JSON.stringify(name)}`);
  }
  assert.ok(matched > 1000, `only ${matched} matches`);
});
