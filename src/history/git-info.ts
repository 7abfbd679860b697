// The git commit of the project folder, and whether the work tree has uncommitted changes.
import { execFileSync } from 'node:child_process';

export function gitInfo(dir: string): { commit: string; dirty: boolean } | undefined {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = run(['rev-parse', 'HEAD']);
    return { commit, dirty: run(['status', '--porcelain']).length > 0 };
  } catch {
    return undefined; // not a git repository, or git is not installed
  }
}
