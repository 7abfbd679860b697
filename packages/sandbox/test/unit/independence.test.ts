// The sandbox is a second, independent reading of the two APIs: it imports nothing of detctl (no
// path out of packages/sandbox, no product package), so the product's bugs cannot hide in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\s)(?:import|export)\b[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

test('packages/sandbox imports only node:, its own files, and (tests only) the official clients', () => {
  const found: string[] = [];
  for (const folder of ['src', 'test']) {
    const allowed = folder === 'src' ? [] : ['@elastic/elasticsearch', 'splunk-sdk'];
    for (const file of tsFiles(join(root, folder))) {
      for (const spec of specifiers(file)) {
        const ok = spec.startsWith('node:') || allowed.includes(spec) || (spec.startsWith('.') && !relative(root, resolve(dirname(file), spec)).startsWith('..'));
        if (!ok) found.push(`${relative(root, file)}: ${spec}`);
      }
    }
  }
  assert.deepEqual(found, []);
});
