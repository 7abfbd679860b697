// README.md and docs/ travel in the package (package.json `files`): a link from them must point
// inside it, never to the workspace around a checkout (`../shared/…`), which a clone or an npm
// install does not have. Relative links must also reach a file that exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');
const documents = ['README.md', ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

test('every relative link in README.md and docs/ stays inside the package and reaches a file', () => {
  const problems: string[] = [];
  for (const doc of documents) {
    const text = readFileSync(join(repo, doc), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue; // a URL, or a heading of the same page
      const file = resolve(dirname(join(repo, doc)), target!.split('#')[0]!);
      if (relative(repo, file).startsWith('..')) problems.push(`${doc}: ${target} leads outside the package`);
      else if (!existsSync(file)) problems.push(`${doc}: ${target} does not exist`);
    }
  }
  assert.deepEqual(problems, []);
});
