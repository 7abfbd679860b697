#!/usr/bin/env node
// Runs node's test runner over the *.test.ts files below the given folders.
// Node 20's `--test` does not expand globs, so the file list is made here. The `detctl-source`
// condition makes `@detctl/sandbox` resolve to its TypeScript source (packages/sandbox), not dist/.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap(testFiles);
if (files.length === 0) {
  console.error(`no test files found under ${dirs.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--conditions=detctl-source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
