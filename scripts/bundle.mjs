#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/detctl.cjs, which bin/detctl.cjs loads through V8's
// code cache. Why: loading ~250 ES modules one by one (commander, zod, yaml, our own) and compiling
// them from source cost ~200 ms of a one-rule `convert`; one file whose compiled code comes from the
// cache costs a tenth of that. CommonJS because only a vm.Script accepts cached data on Node 20
// (module.enableCompileCache arrives in Node 22).
//
// Kept outside the bundle, loaded lazily by the commands that use them:
// - @detctl/sandbox (ES module, the stand-in servers: `detctl sandbox`, the demo), through import();
// - splunk-sdk, which src/targets/splunk/splunk-sdk.ts requires at run time (createRequire).
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// `--outfile FILE` writes elsewhere (the bundle test builds into a temporary package).
const at = process.argv.indexOf('--outfile');
const outfile = at === -1 ? 'dist/detctl.cjs' : resolve(process.argv[at + 1]);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/process-main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['@detctl/sandbox', 'splunk-sdk', '@elastic/elasticsearch'],
  // Less text to read at every start; identifiers are not renamed, so stack traces stay readable
  // (renaming them too saved no measurable time).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  // The ES-module globals our sources use, given their CommonJS meaning in the bundle.
  define: { 'import.meta.url': '__detctl_import_meta_url', 'import.meta.dirname': '__dirname' },
  banner: { js: 'const __detctl_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  // A vm.Script given cached data loses its import() callback on Node 20 (a cached run fails with
  // ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so import() of what stays outside becomes require().
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`bundled ${outfile} (${(bytes / 1024).toFixed(0)} KiB)`);
