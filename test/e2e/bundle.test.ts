// The CLI as installed: scripts/bundle.mjs builds dist/cli/ and bin/detctl.cjs starts it through
// V8's code cache. Built here into a temporary package (bin/, dist/, and the checkout's
// node_modules) so the test checks the bundle of the sources under test, with a cache of its own.
// Also: what `--help` loads, from the sources, since start-up time depends on it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/temp-dir.js';
import { generatedRules } from '../helpers/generate-rules.js';
import { sandboxProject } from '../helpers/sandbox-project.js';

const repo = resolve(import.meta.dirname, '..', '..');
const RULE = join(repo, 'rules/sigma/certutil_url_download.yml');

/** Output of the CLI run in this process, the reference the bundle must print the same as. */
async function inProcess(args: string[]): Promise<string> {
  let out = '';
  const code = await main(args, { out: (t) => void (out += t), err: () => undefined, isTTY: false, env: {}, cwd: repo, ask: async () => '' });
  assert.equal(code, 0);
  return out;
}

describe('the bundled CLI (bin/detctl.cjs + dist/cli/)', () => {
  let pkg: string;
  let cache: string;
  const run = (...args: string[]) => spawnSync(process.execPath, [join(pkg, 'bin/detctl.cjs'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' } });
  /** The bundle files a command ran when its caches were made: bin/detctl.cjs writes a cache per command and file. */
  const modulesRun = (command: string): string[] => {
    const [folder] = readdirSync(join(cache, 'detctl'));
    return readdirSync(join(cache, 'detctl', folder))
      .filter((f) => f.startsWith(`${command}-`) && f.endsWith('.v8'))
      .map((f) => f.slice(command.length + 1).replace(/-\d+-\d+\.v8$/, '.cjs'));
  };

  before(() => {
    pkg = tempDir('detctl-bundle-');
    cache = join(pkg, 'cache');
    mkdirSync(join(pkg, 'bin'));
    copyFileSync(join(repo, 'bin/detctl.cjs'), join(pkg, 'bin/detctl.cjs'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'detctl', type: 'module' }));
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
    const built = spawnSync(process.execPath, [join(repo, 'scripts/bundle.mjs'), '--outdir', join(pkg, 'dist/cli')], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
  });

  test('prints what the sources print, with a code cache per command written on the first run and used after', async () => {
    const help = await inProcess(['--help']);
    const convert = await inProcess(['convert', '--to', 'lucene', RULE]);
    for (const round of ['no cache yet', 'from the cache']) {
      const h = run('--help');
      assert.equal(h.status, 0, h.stderr);
      assert.equal(h.stdout, help, round);
      const c = run('convert', '--to', 'lucene', RULE);
      assert.equal(c.status, 0, c.stderr);
      assert.equal(c.stdout, convert, round);
    }
    const [folder, ...others] = readdirSync(join(cache, 'detctl'));
    assert.deepEqual(others, [], 'one folder for this install and Node version');
    assert.ok(folder.endsWith(`-${process.version}-${process.arch}`), folder);
    const caches = readdirSync(join(cache, 'detctl', folder));
    assert.deepEqual(caches.filter((f) => !/^(help|convert)-.*\.v8$/.test(f)), [], 'a cache file per command and bundle file');
    // --help reads only the files it runs: not the rule loader, the compiler, zod or the YAML parsers.
    const bundleFiles = readdirSync(join(pkg, 'dist/cli')).filter((f) => f.endsWith('.cjs'));
    const bytes = (files: string[]) => files.reduce((sum, f) => sum + statSync(join(pkg, 'dist/cli', f)).size, 0);
    assert.ok(modulesRun('help').includes('startup.cjs') && modulesRun('convert').includes('startup.cjs'));
    for (const f of [...modulesRun('help'), ...modulesRun('convert')]) assert.ok(bundleFiles.includes(f), `${f} is a file of the bundle`);
    assert.ok(bytes(modulesRun('help')) < bytes(bundleFiles) / 10, `--help reads ${bytes(modulesRun('help'))} of ${bytes(bundleFiles)} bytes`);
    assert.ok(modulesRun('convert').length > modulesRun('help').length);
  });

  test('a new build replaces the caches of the files it no longer has, on the next run of the command', () => {
    const [folder] = readdirSync(join(cache, 'detctl'));
    const stale = join(cache, 'detctl', folder, 'help-chunk-GONE1234-100-1.v8');
    writeFileSync(stale, 'not a cache');
    const startup = join(pkg, 'dist/cli/startup.cjs');
    const later = new Date(Date.now() + 5000);
    utimesSync(startup, later, later); // a rebuilt startup.cjs: new mtime, so its cache is missing
    const h = run('--help');
    assert.equal(h.status, 0, h.stderr);
    const caches = readdirSync(join(cache, 'detctl', folder));
    assert.ok(!caches.includes('help-chunk-GONE1234-100-1.v8'), 'the cache of a file no build has is removed');
    assert.equal(caches.filter((f) => f.startsWith('help-startup-')).length, 1, caches.join());
    assert.ok(caches.some((f) => f.startsWith('convert-startup-')), "another command's caches stay until it runs");
  });

  test("schema errors keep zod's English messages (the bundle leaves zod's translations out)", async () => {
    const rule = join(pkg, 'bad-rule.yml');
    writeFileSync(rule, 'title: t\nlogsource: { product: windows }\ndetection: { sel: { a: 1 }, condition: sel }\nstatus: foo\n');
    let expected = '';
    await main(['validate', rule], { out: () => undefined, err: (t) => void (expected += t), isTTY: false, env: {}, cwd: repo, ask: async () => '' });
    const r = run('validate', rule);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad-rule\.yml:4:1: error: 'status' is 'foo'; expected one of stable/);
    assert.equal(r.stderr, expected);
  });

  test('zod, yaml and croner load on first use: a valid rule converts without them, a rule with a problem loads zod and yaml for its message', () => {
    // The modules each command ran (the tests above ran all three).
    for (const lazy of ['lazy-zod.cjs', 'lazy-yaml.cjs', 'lazy-croner.cjs']) {
      assert.ok(existsSync(join(pkg, 'dist/cli', lazy)), lazy);
      assert.ok(!modulesRun('convert').includes(lazy) && !modulesRun('help').includes(lazy), `a valid rule's convert or --help ran ${lazy}`);
    }
    // The bad rule's `validate` (the test above): zod for the schema's issue, yaml for its line.
    assert.ok(modulesRun('validate').includes('lazy-zod.cjs') && modulesRun('validate').includes('lazy-yaml.cjs'), modulesRun('validate').join());
  });

  test('convert on worker threads starts them from dist/cli/convert-worker.cjs, through bin/detctl.cjs and a code cache of their own; the CLI loads worker_threads only then', async () => {
    const expected = await inProcess(['convert', '--to', 'lucene,spl', '--format', 'jsonl', 'rules/sigma']);
    const [folder] = readdirSync(join(cache, 'detctl'));
    const workerCaches = () => readdirSync(join(cache, 'detctl', folder)).filter((f) => f.startsWith('worker-'));
    assert.deepEqual(workerCaches(), []);
    for (const round of ['no cache yet', 'from the cache']) {
      const r = spawnSync(process.execPath, [join(pkg, 'bin/detctl.cjs'), 'convert', '--to', 'lucene,spl', '--format', 'jsonl', 'rules/sigma'], { cwd: repo, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, DETCTL_WORKERS: '2' } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, expected, round);
      assert.ok(workerCaches().some((f) => f.endsWith('.v8')), `${round}: ${workerCaches().join()}`);
      assert.ok(modulesRun('worker').includes('convert-worker.cjs'), modulesRun('worker').join());
    }
    assert.ok(existsSync(join(pkg, 'dist/cli/convert-worker.cjs')));
    // --help (its caches, written by the first test, name the files it ran) runs no worker code.
    assert.ok(modulesRun('help').includes('startup.cjs'));
    for (const file of modulesRun('help')) assert.ok(!readFileSync(join(pkg, 'dist/cli', file), 'latin1').includes('worker_threads'), `--help runs ${file}, which loads worker_threads`);
  });

  test('NODE_DISABLE_COMPILE_CACHE=1 runs without reading or writing a cache', () => {
    const own = join(pkg, 'no-cache');
    const r = spawnSync(process.execPath, [join(pkg, 'bin/detctl.cjs'), '--version'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: own, NODE_DISABLE_COMPILE_CACHE: '1' } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(own));
  });

  test('plan and deploy from the bundle: the server clients load from it (undici not at all), with the same output as the sources', async () => {
    // scripts/bundle.mjs bundles @elastic/elasticsearch and splunk-sdk (with two source edits:
    // undici required only by an UndiciConnection, splunk-sdk's Class.extend strict-safe).
    const project = await sandboxProject({}, { 'rules/.keep': '', ...generatedRules(3) });
    try {
      const probe = join(pkg, 'loaded-probe.cjs');
      const loadedLog = join(pkg, 'loaded.txt');
      writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loadedLog)}, Object.keys(require.cache).join('\\n')));\n`);
      const bundled = (args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((done) => {
          const child = spawn(process.execPath, ['--require', probe, join(pkg, 'bin/detctl.cjs'), ...args], { cwd: project.dir, env: { ...process.env, ...project.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' } });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('exit', (code) => done({ code, out, err }));
        });
      const expected = await project.cli(['plan', '--env', 'e2e']);
      assert.match(expected.out, /Plan: 6 to create/);
      const plan = await bundled(['plan', '--env', 'e2e']);
      assert.equal(plan.code, expected.code, plan.err);
      assert.equal(plan.out, expected.out);
      // Writes through both clients: creates (Splunk's Class.extend builds the transport), then none left.
      const deployed = await bundled(['deploy', '--env', 'e2e', '--yes']);
      assert.equal(deployed.code, 0, deployed.err);
      assert.match(deployed.out, /6 created, 0 updated, 0 deleted, 0 unchanged, 0 failed/);
      const again = await bundled(['plan', '--env', 'e2e', '--detailed-exitcode']);
      assert.equal(again.code, 0, again.err + again.out);
      const loaded = readFileSync(loadedLog, 'utf8').split('\n');
      for (const outside of ['/node_modules/@elastic/', '/node_modules/splunk-sdk/', '/node_modules/undici/']) {
        assert.ok(!loaded.some((file) => file.includes(outside)), `the bundled plan required ${outside} from node_modules`);
      }
    } finally {
      await project.close();
    }
  });

  test('a command that loads a package kept outside the bundle works from the cache too (`detctl sandbox`)', async () => {
    // Node 20 drops a cached vm.Script's import() callback; the bundle must not depend on one.
    for (const round of ['no cache yet', 'from the cache']) {
      const child = spawn(process.execPath, [join(pkg, 'bin/detctl.cjs'), 'sandbox', '--es-port', '0', '--splunk-port', '0'], { env: { ...process.env, XDG_CACHE_HOME: cache }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      for (let i = 0; i < 400 && !/splunk\s+http/.test(output) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGTERM');
      assert.equal(await exited, 143, `${round}: ${output}`); // stopped by SIGTERM (process-main.ts)
      assert.match(output, /elasticsearch\s+http:\/\//, round);
    }
    assert.ok(modulesRun('sandbox').includes('startup.cjs'));
  });
});

test('`detctl --help` loads no server client, schema, YAML or diff library (the sources, as the bundle wraps them)', () => {
  // A resolve hook records every module the run resolves; only what --help needs may be among them.
  const dir = tempDir('detctl-help-loads-');
  const hooks = join(dir, 'hooks.mjs');
  const log = join(dir, 'resolved.txt');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');\n  return r;\n}\n`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`);
  const r = spawnSync(process.execPath, ['--conditions=detctl-source', '--import', 'tsx', '--import', register, join(repo, 'src/cli/entry.ts'), '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const resolved = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  assert.ok(resolved.some((url) => url.includes('/commander/')), 'the hook saw the run');
  for (const heavy of ['@elastic/elasticsearch', 'splunk-sdk', '@detctl/sandbox', 'packages/sandbox', '/zod/', '/yaml/', '/js-yaml/', '/diff/', 'node:readline']) {
    assert.ok(!resolved.some((url) => url.includes(heavy)), `--help loaded ${heavy}`);
  }
});
