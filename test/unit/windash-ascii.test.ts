// windash splits ASCII text with ASCII classes (rules/sigma/modifiers.ts WORD_DASH_ASCII), which
// must split exactly where the Unicode pattern does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORD_DASH, WORD_DASH_ASCII } from '../../src/rules/sigma/modifiers.js';

test('on ASCII text the ASCII word-dash pattern splits exactly as the Unicode one', () => {
  const alphabet = ['a', 'Z', '0', '_', '-', '/', ' ', '.', '\\', '\t'];
  let texts = [''];
  for (let length = 1; length <= 5; length++) {
    texts = texts.flatMap((t) => alphabet.map((c) => t + c));
    for (const text of texts) assert.deepEqual(text.split(WORD_DASH_ASCII), text.split(WORD_DASH), JSON.stringify(text));
  }
});

