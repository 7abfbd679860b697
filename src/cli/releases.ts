// `detctl releases --env E [--format text|json]` and `detctl releases show ID --env E`.
import { Option, type Command } from 'commander';
import type { Release } from '../history/release.js';
import type { CliIO } from './io.js';
import { printDiagnostics } from './io.js';
import { projectDir, type ProjectOptions } from './rule-paths.js';
import { formatTable } from './table.js';

export function registerReleases(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  const releases = program
    .command('releases')
    .description("list the environment's releases; `releases show ID` shows one")
    // Options after `show` are show's own (`releases show ID --format json`), not this command's.
    .enablePositionalOptions()
    .option('--env <name>', 'environment (environments/<name>.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { env?: string; format: string }, cmd: Command) => {
      if (!options.env) {
        io.err("error: required option '--env <name>' not specified\n");
        return setExit(1);
      }
      const list = await load(io, cmd, options.env);
      if (!list) return setExit(1);
      if (options.format === 'json') io.out(JSON.stringify(list.map(summary), null, 2) + '\n');
      else if (list.length === 0) io.out(`${options.env} has no releases yet.\n`);
      else io.out(releaseTable(list));
      setExit(0);
    });
  releases
    .command('show')
    .description('one release, with what changed against the release before it')
    .argument('<id>', 'release id')
    .option('--env <name>', 'environment (environments/<name>.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, options: { env?: string; format: string }, cmd: Command) => {
      // Given before `show` (`releases --env E --format json show ID`), the list's options count too.
      const parent = cmd.parent?.opts<{ env?: string; format: string }>();
      const env = options.env ?? parent?.env;
      const format = cmd.getOptionValueSource('format') === 'default' && cmd.parent?.getOptionValueSource('format') === 'cli' ? parent!.format : options.format;
      if (!env) {
        io.err('error: --env is required\n');
        return setExit(1);
      }
      const list = await load(io, cmd, env);
      if (!list) return setExit(1);
      const { showRelease } = await import('../deploy/releases.js');
      const shown = showRelease(list, id);
      if (!shown) {
        io.err(`error: no release ${id} of ${env}\n`);
        return setExit(1);
      }
      const { release, previous, changes } = shown;
      if (format === 'json') io.out(JSON.stringify({ release, changesSincePrevious: changes }, null, 2) + '\n');
      else {
        io.out(releaseTable([release]));
        if (release.failures.length > 0) for (const f of release.failures) io.out(`  failed: ${f.action} ${f.kind} ${f.id} on ${f.target}: ${f.error}\n`);
        io.out(`Changes against ${previous ? previous.id : 'nothing (first release)'}:\n`);
        for (const c of changes) io.out(`  ${c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~'} ${c.object}\n`);
        if (changes.length === 0) io.out('  none\n');
      }
      setExit(0);
    });
  return releases;
}

async function load(io: CliIO, cmd: Command, env: string): Promise<Release[] | undefined> {
  const [{ loadEnvironment }, { listReleases }] = await Promise.all([import('../config/load-environment.js'), import('../deploy/releases.js')]);
  const dir = projectDir(io, cmd.optsWithGlobals<ProjectOptions>());
  const { environment, diagnostics } = loadEnvironment(dir, env, io.env);
  if (!environment) {
    printDiagnostics(io, diagnostics);
    return undefined;
  }
  try {
    return await listReleases(environment, dir);
  } catch (error) {
    io.err(`error: history store: ${(error as Error).message}\n`);
    return undefined;
  }
}

function summary(r: Release) {
  return { id: r.id, env: r.env, createdAt: r.createdAt, status: r.status, git: r.git ?? null, detctlVersion: r.detctlVersion, rollbackOf: r.rollbackOf ?? null, summary: r.summary };
}

/** The releases as a table: a header row, then one aligned row per release. */
function releaseTable(list: Release[]): string {
  const rows = list.map((r) => {
    const s = r.summary;
    const git = r.git ? `${r.git.commit.slice(0, 12)}${r.git.dirty ? '+dirty' : ''}` : '-';
    const changes = `+${s.created} ~${s.updated} -${s.deleted}${s.failed ? ` !${s.failed}` : ''}`;
    return [r.id, r.status, r.createdAt, git, changes, r.rollbackOf ? `rollback of ${r.rollbackOf}` : ''];
  });
  return formatTable(['ID', 'STATUS', 'CREATED', 'COMMIT', 'CHANGES', 'NOTE'], rows);
}
