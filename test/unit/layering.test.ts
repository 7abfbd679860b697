// The layering of src/ (docs/architecture.md): every import of every source file is checked
// against the table of what each layer may depend on, so a backward import fails here rather
// than slowly turning the stages into one tangle. Type-only and dynamic imports count too: a type
// import still ties the two modules' designs together, and a lazy import is still a dependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');

/**
 * Layer → the layers it may import (besides itself). Read bottom-up: base knows nothing; rules and
 * compile know base; targets (the providers) know the rules they render and the compiler; config
 * composes the targets' settings schemas; desired renders an environment; plan is pure over
 * targets' objects; live lists, apply writes, history records; ruletest runs the rules' tests on
 * the evaluators; deploy holds the use cases; cli
 * parses, confirms and prints. The sandbox is a stand-in for the servers and knows none of it.
 */
const ALLOWED: Record<string, string[]> = {
  base: [],
  rules: ['base'],
  compile: ['base', 'rules'],
  targets: ['base', 'rules', 'compile'],
  evaluate: ['base', 'rules', 'compile'],
  config: ['base', 'targets'],
  desired: ['base', 'rules', 'compile', 'targets', 'config'],
  plan: ['base', 'targets'],
  live: ['base', 'targets', 'config'],
  apply: ['base', 'targets', 'plan'],
  history: ['base', 'targets', 'config', 'plan', 'apply'],
  ruletest: ['base', 'rules', 'compile', 'targets', 'config', 'desired', 'evaluate'],
  deploy: ['base', 'rules', 'targets', 'config', 'desired', 'plan', 'live', 'apply', 'history', 'ruletest'],
  cli: ['base', 'rules', 'compile', 'targets', 'config', 'desired', 'plan', 'live', 'apply', 'history', 'deploy', 'ruletest', 'sandbox'],
  sandbox: [],
};

/** The layer of a file below the repository (undefined: not product code). */
function layerOf(file: string): string | undefined {
  const parts = file.split(sep);
  if (parts[0] === 'packages' && parts[1] === 'sandbox') return 'sandbox';
  if (parts[0] !== 'src') return undefined;
  // The top-level modules and declaration files every layer may use.
  if (parts.length === 2 || parts[1] === 'types') return 'base';
  return parts[1];
}

/**
 * Inside targets/, each provider folder stands alone: it may use the shared files of targets/ but
 * not another provider, nor the registry and what is built on it (the registry imports the
 * providers). So a new target is one folder plus one entry in registry.ts.
 */
const PROVIDER_MAY_NOT_IMPORT = ['src/targets/registry.ts', 'src/targets/object-key.ts', 'src/targets/build-files.ts'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative specifiers of static, type-only, re-export and dynamic imports. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"](\.[^'"]*)['"]/g, /\bimport\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g, /^\s*import\s+['"](\.[^'"]*)['"]/gm];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** The file a specifier names, relative to the repository ('.js' in specifiers names a '.ts' source). */
function resolveImport(fromFile: string, specifier: string): string {
  const target = resolve(repo, dirname(fromFile), specifier);
  const ts = target.replace(/\.js$/, '.ts');
  return relative(repo, existsSync(ts) ? ts : target);
}

function providerFolder(file: string): string | undefined {
  const parts = file.split(sep);
  return parts[0] === 'src' && parts[1] === 'targets' && parts.length > 3 ? parts[2] : undefined;
}

interface Violation {
  file: string;
  imports: string;
  why: string;
}

function violations(): Violation[] {
  const files = [...sourceFiles(join(repo, 'src')), ...sourceFiles(join(repo, 'packages', 'sandbox'))].map((f) => relative(repo, f));
  const out: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file)!;
    for (const specifier of relativeImports(readFileSync(join(repo, file), 'utf8'))) {
      const imported = resolveImport(file, specifier);
      const to = layerOf(imported);
      if (to === undefined) {
        out.push({ file, imports: imported, why: `${from} imports from outside the product code` });
        continue;
      }
      if (to !== from && !ALLOWED[from].includes(to)) out.push({ file, imports: imported, why: `${from} may not import ${to} (allowed: ${ALLOWED[from].join(', ') || 'nothing'})` });
      const provider = providerFolder(file);
      if (provider === undefined) continue;
      const other = providerFolder(imported);
      if (other !== undefined && other !== provider) out.push({ file, imports: imported, why: `provider ${provider} may not import provider ${other}` });
      if (PROVIDER_MAY_NOT_IMPORT.includes(imported.split(sep).join('/'))) out.push({ file, imports: imported, why: `provider ${provider} may not import the registry or what is built on it` });
    }
  }
  return out;
}

test('the allowed-dependency table has no cycle', () => {
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (layer: string, path: string[]): void => {
    if (done.has(layer)) return;
    assert.ok(!visiting.has(layer), `cycle: ${[...path, layer].join(' → ')}`);
    visiting.add(layer);
    for (const next of ALLOWED[layer]) {
      assert.ok(next in ALLOWED, `${layer} names unknown layer ${next}`);
      visit(next, [...path, layer]);
    }
    visiting.delete(layer);
    done.add(layer);
  };
  for (const layer of Object.keys(ALLOWED)) visit(layer, []);
});

test('every src folder is a layer of the table', () => {
  const folders = readdirSync(join(repo, 'src')).filter((name) => statSync(join(repo, 'src', name)).isDirectory());
  assert.deepEqual(folders.filter((f) => layerOf(join('src', f, 'x.ts')) === undefined || !(layerOf(join('src', f, 'x.ts'))! in ALLOWED)), []);
});

test('no import goes against the layering (the sandbox imports nothing of the product)', () => {
  const found = violations();
  assert.deepEqual(found.map((v) => `${v.file} → ${v.imports}: ${v.why}`), []);
});
