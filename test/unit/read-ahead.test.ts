// The reader thread of a bulk convert (src/cli/read-ahead.ts): whichever thread reads a file, the
// text is what readYamlFile gives, and a file the reader cannot read is left to the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReadAhead } from '../../src/cli/read-ahead.js';
import { readYamlFile } from '../../src/yaml-tree.js';
import { tempDir } from '../helpers/temp-dir.js';

const MAX = 2 * 1024 * 1024;

/** Files of every kind of content, several of them large enough to need a second and third piece of shared memory (1 MiB each), one larger than a piece. */
function files(): string[] {
  const dir = tempDir();
  const contents: (string | Buffer)[] = [
    'title: ascii\n',
    'title: café — ünïcode\n',
    Buffer.from([0x74, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), // invalid UTF-8: U+FFFD, as readFileSync gives
    '',
    ...Array.from({ length: 6 }, (_, i) => `# ${i}\n` + 'x'.repeat(400 * 1024)),
    'y'.repeat(1536 * 1024), // more than a piece: a piece of its own
    'z'.repeat(MAX + 1), // over the limit: left to the caller, who reports it
  ];
  return contents.map((content, i) => {
    const path = join(dir, `f${i}.yml`);
    writeFileSync(path, content);
    return path;
  });
}

test('after the reader is done, every readable file is its text exactly as readYamlFile reads it; others are left to the caller', async () => {
  const paths = [...files(), '/nonexistent/detctl/file.yml', ''];
  const reader = startReadAhead(paths, MAX);
  await reader.done();
  try {
    paths.forEach((path, i) => {
      const text = reader.text(i);
      const expected = path ? readYamlFile(path, path, { limits: { maxFileBytes: MAX, maxDepth: 100, maxAliases: 100, maxAliasValues: 10_000 } }, true).text : undefined;
      if (i >= paths.length - 3) assert.equal(text, undefined, `file ${i} is the caller's to read`);
      else assert.equal(text, expected, `file ${i}`);
    });
  } finally {
    reader.stop();
  }
});

test('a file the caller claims before the reader gets to it is the caller\'s: undefined, and the reader skips it', async () => {
  const paths = files().slice(0, 4);
  const reader = startReadAhead(paths, MAX);
  try {
    // Claimed at once, before the reader thread has started (it takes tens of milliseconds).
    assert.equal(reader.text(0), undefined);
    await reader.done();
    assert.equal(reader.text(1), 'title: café — ünïcode\n');
  } finally {
    reader.stop();
  }
});

test('asking for the files in order as they come gives every text, whoever read each', () => {
  const paths = files().slice(0, 10);
  const reader = startReadAhead(paths, MAX);
  try {
    const texts = paths.map((_, i) => reader.text(i) ?? readYamlFile(paths[i]!, paths[i]!, undefined, true).text);
    assert.deepEqual(texts, paths.map((p) => readYamlFile(p, p, undefined, true).text));
  } finally {
    reader.stop();
  }
});
