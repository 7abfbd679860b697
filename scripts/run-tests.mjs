#!/usr/bin/env node
// Runs node's test runner over the *.test.ts files below the given folders.
// Node 20's `--test` does not expand globs, so the file list is made here. The `detctl-source`
// condition makes `@detctl/sandbox` resolve to its TypeScript source (packages/sandbox), not dist/.
// The tests run with the temp folder (TMPDIR, TMP, TEMP) pointed at a folder of this run's own
// inside the system temp folder; a `detctl-*` folder left in it afterwards fails the run (a test
// or helper that does not remove what it made — test/helpers/temp-dir.ts does), and the run's
// folder is removed either way. Other processes' temp folders do not count.
import { readdirSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const runTmp = mkdtempSync(join(tmpdir(), 'detctl-test-run-'));
let status;
let left = [];
try {
  const env = { ...process.env, TMPDIR: runTmp, TMP: runTmp, TEMP: runTmp };
  const result = spawnSync(process.execPath, ['--conditions=detctl-source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
  status = result.status ?? 1;
  left = readdirSync(runTmp).filter((name) => name.startsWith('detctl-'));
} finally {
  rmSync(runTmp, { recursive: true, force: true });
}
if (left.length > 0) {
  console.error(`\nthe tests left ${left.length} temporary folder(s) behind (removed now): ${left.join(', ')}`);
  status = 1;
}
process.exit(status);
