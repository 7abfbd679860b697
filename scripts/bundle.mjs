#!/usr/bin/env node
// Bundles the CLI into dist/cli/: files of CommonJS code, each written inside CommonJS's module
// wrapper (a function expression), that bin/detctl.cjs compiles through V8's code cache and runs.
// Why: loading ~250 ES modules one by one (commander, zod, yaml, our own) and compiling them from
// source cost ~200 ms of a one-rule `convert`; bundled files whose compiled code comes from the
// cache cost a fraction of that.
//
// Split, not one file: esbuild splits the module graph at every dynamic import() (each command
// imports its work lazily), so `detctl --help` deserialises and runs ~150 KB instead of the whole
// 1.2 MB CLI, and `convert` runs no server client or plan renderer. Every module lives in exactly
// one file, so classes and module state are never duplicated (`instanceof` holds). Not one file
// holding them all either: a start would read the whole 1.2 MB into memory, and fresh memory costs
// a page fault per 4 KB (~13 µs each on this machine's VM: ~8 ms for --help, measured).
// esbuild splits only ES module output; each file is then transformed to CommonJS, because only a
// vm.Script accepts cached data on Node 20 (module.enableCompileCache arrives in Node 22). The
// transform keeps ES module semantics (live bindings become property reads of the required file).
//
// Loaded on first use, not at start-up: zod, yaml and croner, each bundled on its own into
// dist/cli/lazy-<package>.cjs. bin/detctl.cjs gives the files that require one a stand-in for its
// exports that loads the file when a property is first read. Why: a valid Sigma rule needs none of
// them (acceptCommonRule checks it without zod; yaml only finds the line and column of an error;
// croner checks cron expressions), yet loading them cost a one-rule `convert` ~30 ms. Our own schemas
// are built on first use (base/lazy.ts) so that loading a module reads nothing of zod. The
// packages have no side effects to run in order (zod's English messages are set before its first
// use all the same), and each lives in one file, so nothing is duplicated.
//
// The server clients (@elastic/elasticsearch, splunk-sdk) are bundled too, in files that only the
// commands talking to a server run (they are imported lazily: es-client.ts, splunk-sdk.ts): from
// node_modules, a `plan` compiled their ~340 modules from source at every run (~0.2 s of CPU;
// bundled, through the code cache, ~40 ms). Two of their files get exact edits (SOURCE_EDITS).
//
// Kept outside, loaded lazily by the commands that use them:
// - @detctl/sandbox (ES module, the stand-in servers: `detctl sandbox`, the demo);
// - undici, which only an UndiciConnection uses (detctl's Elasticsearch client never makes one).
import { build, transform } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// `--outdir DIR` writes elsewhere (the bundle test builds into a temporary package).
const at = process.argv.indexOf('--outdir');
const outdir = at === -1 ? resolve(root, 'dist/cli') : resolve(process.argv[at + 1]);

// Less text to read at every start; identifiers are not renamed, so stack traces stay readable
// (renaming them too saved no measurable time).
const minify = { minifyWhitespace: true, minifySyntax: true };

// zod exports every translation of its messages (`z.locales`, `z.core.locales`: 290 KB, half of
// zod, all of it run at start-up by every command that validates). We use none: zod's English
// messages come from locales/en.js, which classic/schemas.js imports on its own. So the index of
// translations is an empty module here.
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// Exact edits of a few package files, each for a reason given beside it. An edit whose text is
// not found exactly once fails the build (a new version of the package needs a new look).
const SOURCE_EDITS = [
  {
    // @elastic/transport's index loads every connection class, and UndiciConnection imports undici
    // (~110 modules, ~110 ms to load) at its top. detctl always passes `Connection: HttpConnection`
    // (src/targets/elasticsearch/es-client.ts), so undici stays outside the bundle and is required
    // only when an UndiciConnection is used: its two uses (buildConnector in the constructor,
    // `new Pool`) call a function that requires it the first time.
    file: /[\\/]@elastic[\\/]transport[\\/]esm[\\/]connection[\\/]UndiciConnection\.js$/,
    edits: [
      ["import { Pool, buildConnector } from 'undici';", "import { createRequire } from 'node:module'; let undici; const lazyUndici = () => (undici ??= createRequire(import.meta.url)('undici'));"],
      ['buildConnector(', 'lazyUndici().buildConnector('],
      ['new Pool(', 'new (lazyUndici().Pool)('],
    ],
  },
  {
    // splunk-sdk's Class.extend (John Resig's) hands itself on as `arguments.callee`, which throws
    // in strict code, and every bundle file runs strict (bin/detctl.cjs, as ES modules do). A
    // named function expression is the same function object.
    file: /[\\/]splunk-sdk[\\/]lib[\\/]jquery\.class\.js$/,
    edits: [
      ['root.Class.extend = function(prop) {', 'root.Class.extend = function extend(prop) {'],
      ['Class.extend = arguments.callee;', 'Class.extend = extend;'],
    ],
  },
];

const sourceEdits = {
  name: 'source-edits',
  setup(build) {
    for (const { file, edits } of SOURCE_EDITS) {
      build.onLoad({ filter: file }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (source.split(from).length !== 2) throw new Error(`${args.path}: expected '${from}' exactly once (a new version? see SOURCE_EDITS in scripts/bundle.mjs)`);
          source = source.replace(from, to);
        }
        return { contents: source, loader: 'js' };
      });
    }
  },
};

const LAZY_PACKAGES = ['zod', 'yaml', 'croner'];
const requireOfLazyPackage = new RegExp(`require\\("(${LAZY_PACKAGES.join('|')})"\\)`, 'g');

const result = await build({
  absWorkingDir: root,
  // The worker threads of `convert` (src/cli/convert-files.ts) start from a file of their own,
  // convert-worker.cjs; it shares the chunks that hold the loader and the compilers with main.cjs.
  entryPoints: { main: 'src/cli/process-main.ts', 'convert-worker': 'src/cli/convert-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@detctl/sandbox', 'undici', 'apache-arrow/*', ...LAZY_PACKAGES],
  ...minify,
  legalComments: 'linked', // the bundled packages' licence texts, in *.LEGAL.txt beside the files
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  // The ES-module globals our sources use, given their CommonJS meaning in each file; the file's URL
  // made only when read (few modules read it, and making it in every file cost ~3 ms of a start).
  // import.meta.resolve is used from the sources only (to start a worker through tsx: convert-files.ts).
  define: { 'import.meta.url': '__detctl_import_meta.url', 'import.meta.dirname': '__dirname', 'import.meta.resolve': 'undefined' },
  banner: { js: 'const __detctl_import_meta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };' },
  // bin/detctl.cjs reads the files as latin1 (a one-byte copy, ~10 ms cheaper than decoding
  // 1.3 MB as UTF-8 on Node 20): every non-ASCII character is written as an escape.
  charset: 'ascii',
  plugins: [withoutZodLocales, sourceEdits],
  metafile: true,
  write: false,
  logLevel: 'warning',
});

const lazyPackages = await Promise.all(
  LAZY_PACKAGES.map((name) =>
    build({
      absWorkingDir: root,
      stdin: { contents: `export * from '${name}';`, resolveDir: root, sourcefile: `lazy-${name}.js` },
      outfile: resolve(outdir, `lazy-${name}.cjs`),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      ...minify,
      legalComments: 'linked',
      charset: 'ascii',
      plugins: [withoutZodLocales],
      write: false,
      logLevel: 'warning',
    }),
  ),
);

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
/** The CommonJS files, by name. */
const modules = new Map();
for (const file of lazyPackages.flatMap((r) => r.outputFiles)) {
  if (file.path.endsWith('.cjs')) modules.set(basename(file.path), file.text);
  else writeFileSync(file.path, file.contents);
}
for (const file of result.outputFiles) {
  if (!file.path.endsWith('.cjs')) {
    writeFileSync(file.path, file.contents);
    continue;
  }
  const transformed = await transform(file.text, {
    format: 'cjs',
    target: 'node20',
    ...minify,
    charset: 'ascii',
    // A vm.Script given cached data loses its import() callback on Node 20 (a cached run fails with
    // ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so import() of the other files becomes require().
    supported: { 'dynamic-import': false },
  });
  // A lazily loaded package is required from its own file, which bin/detctl.cjs loads on first use.
  modules.set(basename(file.path), transformed.code.replace(requireOfLazyPackage, (_, name) => `require("./lazy-${name}.cjs")`));
}
// The files every start runs, main.cjs and what it imports statically, go into one file instead,
// startup.cjs: reading and compiling ~15 files one by one cost `--help` ~3 ms more than one file
// (a read, a stat and a cache per file). Everything else stays a file of its own, read only by
// the commands that run it.
const outputsByName = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [basename(path), output]));
const startup = new Set();
for (let next = ['main.cjs']; next.length > 0; ) {
  const name = next.pop();
  if (startup.has(name)) continue;
  startup.add(name);
  const { imports } = outputsByName.get(name);
  next.push(...imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => basename(i.path)));
}
const wrapped = (code) => `function (exports, require, module, __filename, __dirname) {'use strict';${code}\n}`;
let bytes = 0;
for (const [name, code] of modules) {
  if (/[^\x00-\x7f]/.test(code)) throw new Error(`${name} holds a non-ASCII character: bin/detctl.cjs reads it as latin1`);
  bytes += code.length;
  // Each file is written as the function bin/detctl.cjs runs it as (CommonJS's module wrapper):
  // compiled as it is read, with no second copy of its text made by wrapping it at every start.
  if (!startup.has(name)) writeFileSync(resolve(outdir, name), `(${wrapped(code)})`);
}
// startup.cjs: a function that hands each of its modules to `define`, by file name.
const definitions = [...startup].map((name) => `define(${JSON.stringify(name)}, ${wrapped(modules.get(name))});\n`);
writeFileSync(resolve(outdir, 'startup.cjs'), `(function (define) {\n${definitions.join('')}})`);
console.log(`bundled ${outdir}: ${modules.size} modules, ${(bytes / 1024).toFixed(0)} KiB; ${startup.size} of them, what every start runs, in startup.cjs`);
