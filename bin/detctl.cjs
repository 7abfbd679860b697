#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/, built by scripts/bundle.mjs: main.cjs and the modules it
// requires as commands need them) with V8's code cache, so compiled code is read from disk instead
// of being compiled from source at every start. Node 22 does this itself
// (module.enableCompileCache); on Node 20 a vm.Script takes the cache.
//
// The modules are read from dist/cli/all-modules.cjs, where scripts/bundle.mjs writes each as a
// function run when the module is first required: one file read and one script compiled, however
// many modules a command runs. The server clients' files are not in it (1.6 MB that only commands
// talking to a server run): such a module is read from its own file when first required (loadAlone).
//
// One cache file per command (help, convert, deploy…): V8 adds to a cache every function a run
// compiled, so each command's cache holds what that command runs and no more. The files live in
// $XDG_CACHE_HOME/detctl (default ~/.cache/detctl), in a folder named after the install's path and
// Node's version, each named after the command and the modules file's size and mtime, so a new
// build or Node never reads a stale cache (V8 also rejects caches from another V8). Beside each,
// `<cache>.modules` lists the modules that run ran (what the cache holds). NODE_DISABLE_COMPILE_CACHE=1
// (Node's own switch) turns the cache off. Any failure to read or write it only costs the speed-up.
//
// This file is CommonJS: an ES module entry would load Node's ES module loader first, ~10 ms of
// every start. The modules are read as latin1: they are ASCII (scripts/bundle.mjs checks), and
// Node 20 decodes UTF-8 ~100 times slower (~10 ms for the whole CLI).
const { isBuiltin } = require('node:module');
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { basename, join } = require('node:path');
const vm = require('node:vm');

const dist = join(__dirname, '..', 'dist', 'cli');
const argv = process.argv.slice(2);

/** This install's cache folder: one per bundle path (FNV-1a of it) and Node version. */
function cacheFolder() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  let hash = 0x811c9dc5;
  for (let i = 0; i < dist.length; i++) hash = Math.imul(hash ^ dist.charCodeAt(i), 0x01000193) >>> 0;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'detctl', `${hash.toString(16).padStart(8, '0')}-${process.version}-${process.arch}`);
}

/** The command's name, which picks its cache files: the first word that is not an option. */
function commandName() {
  const word = argv.find((arg) => !arg.startsWith('-'));
  return /^[a-z]+$/.test(word ?? '') ? word : 'help';
}

/**
 * A worker thread of `convert` (src/cli/convert-files.ts) starts here too, with this argument, so
 * its code comes from a cache of its own ("worker") instead of being compiled from source in
 * every worker (~90 ms of CPU time measured in the worker's profile).
 */
const WORKER_ARGUMENT = '--detctl-convert-worker';
const worker = argv[0] === WORKER_ARGUMENT && !require('node:worker_threads').isMainThread;
const folder = cacheFolder();
const command = worker ? 'worker' : commandName();
const modulesFile = join(dist, 'all-modules.cjs');
const cacheFile = folder && cacheFileOf(modulesFile);

/** Every module of the bundle, by file name (`chunk-….cjs`): the function that runs it. */
const definitions = new Map();
/** Modules run so far, by file name: each runs once, as require() would. */
const loaded = new Map();
/** Scripts compiled without a usable cache: their caches are written when the command ends. */
const uncached = [];

/** `source` compiled as `file`, with the cached data in `cache` (this command's) when there is any. */
function compileCached(file, source, cache) {
  let cachedData;
  try {
    if (cache) cachedData = readFileSync(cache);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  if (cache && (cachedData === undefined || script.cachedDataRejected)) uncached.push({ script, cache });
  return script;
}

compileCached(modulesFile, readFileSync(modulesFile, 'latin1'), cacheFile).runInThisContext()((name, run) => definitions.set(name, run));

function load(name) {
  const known = loaded.get(name);
  if (known) return known.exports;
  const module = { exports: {} };
  loaded.set(name, module);
  (definitions.get(name) ?? loadAlone(name))(module.exports, bundleRequire, module, `${dist}/${name}`, dist);
  return module.exports;
}

/**
 * A module that is not in all-modules.cjs: scripts/bundle.mjs leaves out the files of the server
 * clients (1.6 MB that only the commands talking to a server run). Read from its own file, with a
 * cache of its own beside the command's (named after the file's name, which holds a hash of its
 * content).
 */
function loadAlone(name) {
  const file = join(dist, name);
  const source = `(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(file, 'latin1')}\n})`;
  return compileCached(file, source, folder && join(folder, `${command}-${basename(name, '.cjs')}.v8`)).runInThisContext();
}

/**
 * What the bundle's modules require. Its own (`./chunk-….cjs`, all in dist/cli) come through
 * here, everything else through Node; a package bundled to load on first use (`./lazy-zod.cjs`:
 * scripts/bundle.mjs) as a stand-in. Node's own modules too: commander requires child_process
 * (and with it net, dgram and streams, ~8 ms) for subcommands we never run as programs; convert
 * requires worker_threads for the threads it starts only for large inputs. Packages outside the
 * bundle resolve from this file as from dist/cli/ (the same package's node_modules).
 */
function bundleRequire(id) {
  if (id.startsWith('./lazy-')) return onFirstUse(id, () => load(id.slice(2)));
  if (id.startsWith('./')) return load(id.slice(2));
  return isBuiltin(id) ? onFirstUse(id, () => require(id)) : require(id);
}

/** Stand-ins for modules loaded on first use, by the id they are required by. */
const standIns = new Map();

/**
 * A module's exports, loaded when first read: a Proxy that loads the module (`loadModule()`) on its
 * first property read (or key listing, `in` test) and answers from its exports from then on. The
 * bundle's files read what they import as properties (`import_zod.z.object(…)`) at the point of
 * use, as the CommonJS form of ES module imports does, so a run that never uses a module never
 * loads it.
 */
function onFirstUse(id, loadModule) {
  let standIn = standIns.get(id);
  if (standIn) return standIn;
  let loadedExports;
  const exports = () => (loadedExports ??= loadModule());
  standIn = new Proxy(
    {},
    {
      get: (_, key) => exports()[key],
      has: (_, key) => key in exports(),
      ownKeys: () => Reflect.ownKeys(exports()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(exports(), key);
        // A Proxy may not call a property non-configurable that its own (empty) target lacks.
        return descriptor && { ...descriptor, configurable: true };
      },
      getPrototypeOf: () => Reflect.getPrototypeOf(exports()),
    },
  );
  standIns.set(id, standIn);
  return standIn;
}

/** The cache file of `file` for this command: named after the command and the file's size and mtime. */
function cacheFileOf(file) {
  const { size, mtimeMs } = statSync(file);
  return join(folder, `${command}-${basename(file, '.cjs')}-${size}-${Math.trunc(mtimeMs)}.v8`);
}

function saveCaches() {
  try {
    mkdirSync(folder, { recursive: true });
    // This command's caches of an older build are of no further use. (The caches of files loaded
    // alone are named after a file of the bundle: kept while it is there.)
    const current = basename(cacheFile);
    const files = new Set(readdirSync(dist).map((file) => `${command}-${basename(file, '.cjs')}.v8`));
    for (const name of readdirSync(folder)) if (name.startsWith(`${command}-`) && !name.startsWith(current) && !files.has(name)) rmSync(join(folder, name), { force: true });
    for (const { script, cache } of uncached) {
      const partial = `${cache}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cache); // whole or not at all, when two runs end together
      if (cache === cacheFile) writeFileSync(`${cacheFile}.modules`, [...loaded.keys()].join('\n') + '\n');
    }
  } catch {
    // a read-only or full disk: run without the cache
  }
}

// Written when the command (or the worker thread) ends, so each cache holds the functions this run compiled.
if (folder) process.once('exit', () => uncached.length > 0 && saveCaches());
if (worker) {
  load('convert-worker.cjs');
} else {
  // How convert starts its worker threads through this file (convert-files.ts).
  globalThis[Symbol.for('detctl.loader')] = { path: __filename, workerArgument: WORKER_ARGUMENT };
  load('main.cjs').runProcess(argv);
}
