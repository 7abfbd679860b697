#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/, built by scripts/bundle.mjs) with V8's code cache, so
// compiled code is read from disk instead of being compiled from source at every start. Node 22
// does this itself (module.enableCompileCache); on Node 20 a vm.Script takes the cache.
// startup.cjs holds the modules every start runs (main.cjs and what it imports), each a function
// run when first required; every other module is a file of its own, read when first required.
//
// One cache file per command (help, convert, deploy…) and bundle file: V8 adds to a cache every
// function a run compiled, so each command's cache holds what that command runs and no more. The
// files live in $XDG_CACHE_HOME/detctl (default ~/.cache/detctl), in a folder named after the
// install's path and Node's version, and each is named after its bundle file's name (which holds
// a hash of its content), size and mtime, so a new build or Node never reads a stale cache (V8
// also rejects caches from another V8). NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it
// off. Any failure to read or write the cache only costs the speed-up.
//
// This file is CommonJS: an ES module entry would load Node's ES module loader first, ~10 ms of
// every start. The bundle files are read as latin1: they are ASCII (scripts/bundle.mjs checks),
// and Node 20 decodes UTF-8 ~100 times slower (~10 ms for the whole CLI).
const { isBuiltin } = require('node:module');
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');
const vm = require('node:vm');

const dist = join(__dirname, '..', 'dist', 'cli');
const argv = process.argv.slice(2);

/** This install's cache folder: one per bundle path (FNV-1a of it) and Node version. */
function cacheFolder() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  let hash = 0x811c9dc5;
  for (let i = 0; i < dist.length; i++) hash = Math.imul(hash ^ dist.charCodeAt(i), 0x01000193) >>> 0;
  // HOME first, as os.homedir() reads it too: loading node:os only when it is unset.
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || require('node:os').homedir(), '.cache');
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
/** Bundle files loaded so far, by name: each runs once, as require() would. */
const loaded = new Map();
/** Scripts compiled without a usable cache: their caches are written when the command ends. */
const uncached = [];

/** Modules read from startup.cjs (scripts/bundle.mjs: what every start runs), by file name: the function that runs each. */
const definitions = new Map();

/** `file`'s text compiled, with this command's cache of it when there is one, and run. */
function compile(file) {
  const cacheFile = folder && cacheFileOf(file);
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // The file holds a function expression (scripts/bundle.mjs).
  const script = new vm.Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) uncached.push({ script, cacheFile });
  return script.runInThisContext();
}

function load(name) {
  const known = loaded.get(name);
  if (known) return known.exports;
  const module = { exports: {} };
  loaded.set(name, module);
  // Paths joined as text: path.join's normalising, run for every file, got hot enough for V8 to
  // optimise it (~6 ms of compiling, and the memory for it).
  const file = `${dist}/${name}`;
  (definitions.get(name) ?? compile(file))(module.exports, bundleRequire, module, file, dist);
  return module.exports;
}

/**
 * What the bundle's files require. Its own files (`./chunk-….cjs`, all in dist/cli) come through
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

/** The cache file of a bundle file (its path) for this command: named after its name, size and mtime. */
function cacheFileOf(file) {
  const { size, mtimeMs } = statSync(file);
  return `${folder}/${command}-${basename(file, '.cjs')}-${size}-${Math.trunc(mtimeMs)}.v8`;
}

function saveCaches() {
  try {
    mkdirSync(folder, { recursive: true });
    // This command's caches of files an older build had are of no further use.
    const current = new Set(readdirSync(dist).filter((name) => name.endsWith('.cjs')).map((name) => basename(cacheFileOf(`${dist}/${name}`))));
    for (const name of readdirSync(folder)) if (name.startsWith(`${command}-`) && !current.has(name)) rmSync(join(folder, name), { force: true });
    for (const { script, cacheFile } of uncached) {
      const partial = `${cacheFile}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile); // whole or not at all, when two runs end together
    }
  } catch {
    // a read-only or full disk: run without the cache
  }
}

// Written when the command (or the worker thread) ends, so each cache holds the functions this run compiled.
if (folder) process.once('exit', () => uncached.length > 0 && saveCaches());
compile(`${dist}/startup.cjs`)((name, run) => definitions.set(name, run));
if (worker) {
  load('convert-worker.cjs');
} else {
  // How convert starts its worker threads through this file (convert-files.ts).
  globalThis[Symbol.for('detctl.loader')] = { path: __filename, workerArgument: WORKER_ARGUMENT };
  load('main.cjs').runProcess(argv);
}
