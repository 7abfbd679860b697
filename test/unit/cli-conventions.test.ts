// Acceptance (issue 12, conventions): colour decided per stream, NO_COLOR and FORCE_COLOR; "did
// you mean" for modifiers, environment names and environment keys; results on stdout and
// diagnostics on stderr; examples in every command's --help; README lists every option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closestMatch, didYouMean, editDistance } from '../../src/base/did-you-mean.js';
import { parseEnvironment } from '../../src/config/load-environment.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { colorFor, type CliIO } from '../../src/cli/io.js';
import { statusLine } from '../../src/cli/load-plan-context.js';
import { EXAMPLES } from '../../src/cli/help-examples.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

const repo = resolve(import.meta.dirname, '..', '..');

function io(options: { out: boolean; err?: boolean; env?: NodeJS.ProcessEnv; sink?: string[] }): CliIO {
  return { out: () => undefined, err: (t) => void options.sink?.push(t), isTTY: options.out, errIsTTY: options.err, env: options.env ?? {}, cwd: '/', ask: async () => '' };
}

test('colour: per stream, each on when its own stream is a terminal', () => {
  assert.equal(colorFor(io({ out: true, err: false }), 'out'), true);
  assert.equal(colorFor(io({ out: true, err: false }), 'err'), false);
  assert.equal(colorFor(io({ out: false, err: true }), 'out'), false);
  assert.equal(colorFor(io({ out: false, err: true }), 'err'), true);
});

test('colour: NO_COLOR (any non-empty value), TERM=dumb and --no-color turn it off; FORCE_COLOR on', () => {
  for (const value of ['1', '0', 'yes', 'false']) {
    assert.equal(colorFor(io({ out: true, err: true, env: { NO_COLOR: value } }), 'out'), false, `NO_COLOR=${value}`);
    assert.equal(colorFor(io({ out: true, err: true, env: { NO_COLOR: value } }), 'err'), false, `NO_COLOR=${value}`);
  }
  assert.equal(colorFor(io({ out: true, env: { NO_COLOR: '' } }), 'out'), true, 'an empty NO_COLOR is not set');
  assert.equal(colorFor(io({ out: true, env: { TERM: 'dumb' } }), 'out'), false);
  assert.equal(colorFor(io({ out: true }), 'out', false), false, '--no-color');
  assert.equal(colorFor(io({ out: false, err: false, env: { FORCE_COLOR: '1' } }), 'out'), true);
  assert.equal(colorFor(io({ out: false, err: false, env: { FORCE_COLOR: '' } }), 'err'), true);
  assert.equal(colorFor(io({ out: true, env: { FORCE_COLOR: '0' } }), 'out'), false);
  assert.equal(colorFor(io({ out: true, env: { FORCE_COLOR: 'false' } }), 'out'), false);
  assert.equal(colorFor(io({ out: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }), 'out'), true, 'FORCE_COLOR wins over NO_COLOR');
  assert.equal(colorFor(io({ out: true, env: { FORCE_COLOR: '1' } }), 'out', false), false, '--no-color wins over FORCE_COLOR');
});

test('the status line is drawn when stderr is a terminal, whatever stdout is', () => {
  const drawn: string[] = [];
  statusLine(io({ out: false, err: true, sink: drawn })).set('listing elastic…');
  assert.deepEqual(drawn, ['\r\x1b[2Klisting elastic…']);
  const none: string[] = [];
  statusLine(io({ out: true, err: false, sink: none })).set('listing elastic…');
  assert.deepEqual(none, []);
});

test('edit distance: a swap of neighbours is one step', () => {
  assert.equal(editDistance('contians', 'contains'), 1);
  assert.equal(editDistance('stagng', 'staging'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(closestMatch('contians', ['startswith', 'contains', 'endswith']), 'contains');
  assert.equal(closestMatch('Watch', ['watch']), 'watch');
  assert.equal(closestMatch('nope', ['contains', 'neq', 're']), undefined, 'nothing close');
  assert.equal(closestMatch('watch', ['watch']), undefined, 'a known name needs no suggestion');
  assert.equal(didYouMean('prdo', ['local', 'prod', 'staging']), "; did you mean 'prod'?");
});

test("a mistyped environment: did you mean, and the environments that exist", async () => {
  const dir = tempProject({ 'environments/staging.yaml': 'targets: {}\n', 'environments/prod.yml': 'targets: {}\n', 'environments/local.yaml': 'targets: {}\n', 'rules/.keep': '' });
  try {
    for (const args of [['plan', '--env', 'stagng'], ['build', '--env', 'stagng', '--out', 'out'], ['releases', '--env', 'stagng']]) {
      const r = await runCli(args, { cwd: dir });
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.err, /error: no environment 'stagng': environments\/stagng\.yaml does not exist; did you mean 'staging'\?/, args.join(' '));
      assert.match(r.err, /hint: the environments in environments\/: local, prod, staging/, args.join(' '));
    }
    const far = await runCli(['plan', '--env', 'qa'], { cwd: dir });
    assert.doesNotMatch(far.err, /did you mean/);
    assert.match(far.err, /hint: the environments in environments\/: local, prod, staging/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown environment key: the closest key the schema allows there', () => {
  const text = `rules: [rules/]
selct: {}
history: {store: local, pth: x}
targets:
  sp:
    type: splunk
    url: https://127.0.0.1:8089
    auth: {token: t}
    app: search
    savedsearch: {}
`;
  const errors = parseEnvironment(text, 'environments/e.yaml', 'e', {}).diagnostics.map(formatDiagnostic);
  const has = (re: RegExp) => assert.ok(errors.some((e) => re.test(e)), `${re} in:\n${errors.join('\n')}`);
  has(/^environments\/e\.yaml:2:1: error: unknown key 'selct'; did you mean 'select'\?/);
  has(/unknown key 'pth' in 'history'; did you mean 'path'\?/);
  has(/unknown key 'savedsearch' in 'targets\.sp'; did you mean 'savedSearch'\?/);
});

test('an unknown modifier in convert --format jsonl: the suggestion is in the error message', async () => {
  const rule = `title: T\nid: 33333333-3333-4333-8333-333333333333\nstatus: test\nlogsource: {product: windows}\ndetection:\n    sel:\n        CommandLine|contians: x\n    condition: sel\n`;
  const dir = tempProject({ 'rules/r.yml': rule });
  try {
    const r = await runCli(['convert', '--to', 'lucene', '--format', 'jsonl'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(JSON.parse(r.out.trim()).error.message, /unknown modifier 'contians'; did you mean 'contains'\?/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validate: problems on stderr, the summary (its result) on stdout', async () => {
  const dir = tempProject({ 'rules/bad.yml': 'title: x\n' });
  try {
    const r = await runCli(['validate'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.out, '1 rule file checked, 1 with errors\n');
    assert.match(r.err, /rules\/bad\.yml:\d+:\d+: error: /);
    assert.doesNotMatch(r.err, /checked/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('convert: --keyword-suffix with --to spl is an error, not silently ignored', async () => {
  const dir = tempProject({ 'rules/.keep': '' });
  try {
    const r = await runCli(['convert', '--to', 'spl', '--keyword-suffix', '.keyword'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /error: --keyword-suffix applies to --to lucene only/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** `--help` of a command (path words), its text. */
async function help(path: string[]): Promise<string> {
  const r = await runCli([...path, '--help'], { cwd: repo });
  assert.equal(r.code, 0, r.err);
  return r.out;
}

/** The commands in a help text's "Commands:" section (without `help`). */
function commandsIn(text: string): string[] {
  const section = text.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

/** The long flags of a help text's "Options:" section (the flag column only). */
function flagsIn(text: string): string[] {
  const section = text.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(?:-\w, )?(--[a-z][\w-]*)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
}

/** Every command path: [[], ['validate'], …, ['releases', 'show'], …]. */
async function allCommands(): Promise<string[][]> {
  const paths: string[][] = [[]];
  for (let i = 0; i < paths.length; i++) for (const sub of commandsIn(await help(paths[i]))) paths.push([...paths[i], sub]);
  return paths;
}

test('every command has examples in its --help', async () => {
  const paths = await allCommands();
  assert.ok(paths.length >= 10, paths.map((p) => p.join(' ')).join(', '));
  for (const path of paths) {
    const text = await help(path);
    const name = path.length === 0 ? 'detctl' : path.join(' ');
    assert.ok(EXAMPLES[name]?.length, `examples for ${name}`);
    assert.match(text, /\nExamples:\n {2}# .+\n {2}detctl /, name);
    for (const [, line] of EXAMPLES[name]) {
      // Each example runs a command that exists and uses only its flags.
      const words = line.replace(/^NO_COLOR=1 /, '').split(/\s+/);
      assert.equal(words[0], 'detctl', line);
      const sub = words.slice(1).filter((w, i, all) => /^[a-z]+$/.test(w) && all.slice(0, i).every((x) => /^[a-z]+$/.test(x)));
      const flags = flagsIn(await help(sub)).concat(flagsIn(await help([])));
      for (const flag of words.filter((w) => w.startsWith('--'))) assert.ok(flags.includes(flag), `${flag} of '${line}' is an option of ${sub.join(' ')}`);
    }
  }
});

test("README: the Commands table names every command's options, the global options are listed", async () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((l) => l.startsWith('| `detctl '));
  for (const path of (await allCommands()).slice(1)) {
    const name = path.join(' ');
    const row = rows.find((r) => r.includes(`\`detctl ${name} `) || r.includes(`\`detctl ${name}\``)) ?? (path.length > 1 ? rows.find((r) => r.includes(`detctl ${name}`)) : undefined);
    assert.ok(row, `a README row for ${name}`);
    for (const flag of flagsIn(await help(path))) assert.ok(row!.includes(flag), `README's row for ${name} names ${flag}`);
  }
  const globals = readme.split(/Global options:/)[1]?.split(/\n\n/)[0] ?? '';
  for (const flag of flagsIn(await help([]))) assert.ok(globals.includes(flag), `README's global options name ${flag}`);
  for (const short of ['-V', '-h']) assert.ok(globals.includes(short), `README's global options name ${short}`);
});

test("help is wrapped to stdout's terminal width, and to 80 columns when stdout is no terminal", async () => {
  const longest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
  const terminal = await runCli(['convert', '--help'], { cwd: repo, isTTY: true, columns: 70 });
  assert.equal(terminal.code, 0);
  assert.ok(longest(terminal.out) <= 70, terminal.out);
  const piped = await runCli(['convert', '--help'], { cwd: repo, isTTY: false });
  assert.ok(longest(piped.out) > 70 && longest(piped.out) <= 80, piped.out);
});
