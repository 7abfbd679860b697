#!/usr/bin/env node
// Starts the bundled CLI (dist/detctl.cjs, built by scripts/bundle.mjs) with V8's code cache, so a
// command's compiled code is read from disk instead of being compiled from source at every start.
// Node 22 does this itself (module.enableCompileCache); on Node 20 a vm.Script takes the cache.
//
// One cache file per command (help, convert, deploy…): V8 adds to a cache every function a run
// compiled, so each command's cache holds what that command runs and no more. The files live in
// $XDG_CACHE_HOME/detctl (default ~/.cache/detctl), named after the install's path, the bundle's
// size and mtime and Node's version, so a new build or Node never reads a stale cache (V8 also
// rejects caches from another V8). NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
// Any failure to read or write the cache only costs the speed-up. This file is CommonJS: an ES
// module entry would load Node's ES module loader first, ~10 ms of every start.
const { createRequire } = require('node:module');
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'detctl.cjs');
const argv = process.argv.slice(2);

function cacheFolder() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'detctl');
}

/** The command's name, which picks its cache file: the first word that is not an option. */
function commandName() {
  const word = argv.find((arg) => !arg.startsWith('-'));
  return /^[a-z]+$/.test(word ?? '') ? word : 'help';
}

/** A short name for this install's bundle path (FNV-1a), so two installs keep caches of their own. */
function installName() {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bundle.length; i++) hash = Math.imul(hash ^ bundle.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function load() {
  const source = readFileSync(bundle, 'utf8');
  const folder = cacheFolder();
  const { size, mtimeMs } = statSync(bundle);
  const install = installName();
  const stamp = `${install}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}`;
  const cacheFile = folder && join(folder, `${stamp}-${commandName()}.v8`);
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // Written when the command ends, so the cache holds the functions this run compiled.
    process.once('exit', () => saveCache(folder, cacheFile, install, stamp, script));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, join(bundle, '..'));
  return module.exports;
}

function saveCache(folder, cacheFile, install, stamp, script) {
  try {
    mkdirSync(folder, { recursive: true });
    // This install's caches of an older build or another Node version are of no further use.
    for (const name of readdirSync(folder)) if (name.startsWith(`${install}-`) && !name.startsWith(stamp)) rmSync(join(folder, name), { force: true });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile); // whole or not at all, when two runs end together
  } catch {
    // a read-only or full disk: run without the cache
  }
}

load().runProcess(argv);
