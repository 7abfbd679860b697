import { build } from 'esbuild';
const r = await build({ absWorkingDir: process.cwd(), entryPoints: ['src/cli/convert-worker.ts'], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, outfile: '/tmp/x.cjs', minifyWhitespace: true, logLevel: 'error', define: { 'import.meta.url': '"x"', 'import.meta.dirname': '"x"', 'import.meta.resolve': 'undefined' } });
const by = {};
for (const [f, i] of Object.entries(r.metafile.outputs['/tmp/x.cjs'] ? r.metafile.outputs['/tmp/x.cjs'].inputs : Object.values(r.metafile.outputs)[0].inputs)) { const k = f.startsWith('node_modules/') ? f.split('/').slice(0, 2).join('/') : f.split('/').slice(0, 3).join('/'); by[k] = (by[k] ?? 0) + i.bytesInOutput; }
console.log(Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${(v / 1024).toFixed(0)} KiB ${k}`).join('\n'));
