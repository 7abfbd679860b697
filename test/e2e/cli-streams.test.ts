// Acceptance (issue 12, conventions) against the sandbox: the plan's colours follow stdout, the
// status line follows stderr, NO_COLOR and FORCE_COLOR are honoured; `releases` is a table with a
// header; `releases show ID --format json` prints JSON; `plan --out` says what it wrote.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const ANSI_COLOUR = /\x1b\[(3\d|1)m/;
const STATUS_LINE = /\r\x1b\[2K/;

let p: SandboxProject;
before(async () => {
  p = await sandboxProject();
});
after(() => p.close()); // the project folder goes when the process ends (helpers/temp-dir.ts)

test('plan: colour iff stdout is a terminal; the status line iff stderr is one', async () => {
  const outTerminal = await p.cli(['plan', '--env', 'e2e'], { isTTY: true, errIsTTY: false });
  assert.equal(outTerminal.code, 0, outTerminal.err);
  assert.match(outTerminal.out, ANSI_COLOUR);
  assert.doesNotMatch(outTerminal.err, STATUS_LINE, 'stderr is not a terminal: no \\r status line in it');

  // `detctl plan | tee plan.txt` on a terminal: plain stdout, the status line on stderr.
  const piped = await p.cli(['plan', '--env', 'e2e'], { isTTY: false, errIsTTY: true });
  assert.equal(piped.code, 0, piped.err);
  assert.doesNotMatch(piped.out, /\x1b/);
  assert.match(piped.err, STATUS_LINE);
  assert.equal(piped.out, outTerminal.out.replace(/\x1b\[\d+m/g, ''), 'the same plan, uncoloured');
});

test('plan: NO_COLOR and --no-color turn colour off on a terminal, FORCE_COLOR turns it on in a pipe', async () => {
  const noColor = await p.cli(['plan', '--env', 'e2e'], { isTTY: true, errIsTTY: true, env: { NO_COLOR: '1' } });
  assert.equal(noColor.code, 0, noColor.err);
  assert.doesNotMatch(noColor.out, /\x1b/);
  assert.match(noColor.err, STATUS_LINE, 'NO_COLOR is about colour: the status line stays');
  const flag = await p.cli(['--no-color', 'plan', '--env', 'e2e'], { isTTY: true });
  assert.doesNotMatch(flag.out, /\x1b/);
  const forced = await p.cli(['plan', '--env', 'e2e'], { isTTY: false, env: { FORCE_COLOR: '1' } });
  assert.match(forced.out, ANSI_COLOUR);
  assert.doesNotMatch(forced.err, STATUS_LINE, 'FORCE_COLOR does not draw a status line into a file');
});

test('plan --out: the plan on stdout, a confirmation naming the file on stderr', async () => {
  const r = await p.cli(['plan', '--env', 'e2e', '--out', 'plan.json']);
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(join(p.dir, 'plan.json')));
  assert.match(r.err, /^Saved the plan to plan\.json; apply it with `detctl deploy --env e2e --plan plan\.json`\.$/m);
  assert.doesNotMatch(r.out, /Saved the plan/);
  const quiet = await p.cli(['--quiet', 'plan', '--env', 'e2e', '--out', 'plan.json']);
  assert.doesNotMatch(quiet.err, /Saved the plan/);
});

test('releases: a table with a header; releases show ID --format json parses as JSON', async () => {
  assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
  const list = await p.cli(['releases', '--env', 'e2e']);
  assert.equal(list.code, 0, list.err);
  const lines = list.out.trimEnd().split('\n');
  assert.match(lines[0], /^ID +STATUS +CREATED +COMMIT +CHANGES +NOTE$/);
  assert.equal(lines.length, 2);
  // Columns line up: each header starts where its cells start.
  const at = (name: string) => lines[0].indexOf(name);
  assert.equal(lines[1].indexOf('complete'), at('STATUS'));
  assert.match(lines[1].slice(at('CHANGES')), /^\+\d+ ~0 -0/);
  const id = lines[1].split(' ')[0];

  for (const args of [['releases', 'show', id, '--env', 'e2e', '--format', 'json'], ['releases', '--env', 'e2e', '--format', 'json', 'show', id], ['releases', 'show', id, '--format', 'json', '--env', 'e2e']]) {
    const shown = await p.cli(args);
    assert.equal(shown.code, 0, `${args.join(' ')}: ${shown.err}`);
    const json = JSON.parse(shown.out) as { release: { id: string }; changesSincePrevious: unknown[] };
    assert.equal(json.release.id, id, args.join(' '));
    assert.ok(Array.isArray(json.changesSincePrevious));
  }
  const text = await p.cli(['releases', 'show', id, '--env', 'e2e']);
  assert.match(text.out, /^ID +STATUS/);
  assert.match(text.out, /Changes against nothing \(first release\):/);
  const listJson = await p.cli(['releases', '--env', 'e2e', '--format', 'json']);
  assert.equal((JSON.parse(listJson.out) as unknown[]).length, 1);
});

test('--quiet deploy and rollback print the plan summary only, and no progress or announcement on stderr', async () => {
  // Something to roll back: a changed rule, deployed quietly, makes a second release.
  const rule = join(p.dir, 'rules/sigma/certutil_url_download.yml');
  writeFileSync(rule, readFileSync(rule, 'utf8').replace(/^level: .*$/m, 'level: low'));
  const deployed = await p.cli(['--quiet', 'deploy', '--env', 'e2e', '--yes']);
  assert.equal(deployed.code, 0, deployed.err);
  assert.match(deployed.out, /^Plan: 0 to create, [1-9]\d* to update, 0 to delete/m);
  assert.ok(deployed.out.trimEnd().split('\n').length <= 6, `only the summary:\n${deployed.out}`);
  const loud = await p.cli(['rollback', '--env', 'e2e', '--dry-run']);
  const rolledBack = await p.cli(['--quiet', 'rollback', '--env', 'e2e', '--yes']);
  for (const [name, r] of [['rollback --dry-run', loud], ['rollback --quiet', rolledBack]] as const) assert.equal(r.code, 0, `${name}: ${r.err}`);
  assert.match(loud.err, /^Rolling e2e back to release /m, 'without --quiet the rollback says which release');
  assert.doesNotMatch(rolledBack.err, /Rolling e2e back/);
  assert.match(rolledBack.out, /^Plan: \d+ to create, \d+ to update, \d+ to delete/m);
  assert.ok(rolledBack.out.trimEnd().split('\n').length <= 6, `only the summary:\n${rolledBack.out}`);
});
