// Temporary folders for tests: made in the system temp folder under a `detctl-` prefix, and
// removed when the test file's process exits (node --test runs each file in its own process), so
// a run leaves none behind whether its tests pass or fail. scripts/run-tests.mjs checks that.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

/** A new empty folder `<tmp>/<prefix>XXXXXX`, removed at the latest when the process exits. */
export function tempDir(prefix = 'detctl-test-'): string {
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAll);
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes a folder made by tempDir now (e.g. in an `after` hook). */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}
