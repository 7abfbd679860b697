import { discoverRuleFiles } from '../src/rules/discover.ts';
import { parseYaml } from '../src/yaml-tree.ts';
import { loadRuleDocuments } from '../src/rules/load-rules.ts';
import { compileRule } from '../src/compile/compile-rule.ts';
import jsyaml from 'js-yaml';
import { readFileSync } from 'node:fs';
const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], '/work/shared/corpus/sigmahq');
const texts = files.map((f) => readFileSync(f.absolute, 'utf8'));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < 3; round++) {
  let t = cpu(); for (const x of texts) jsyaml.loadAll(x, undefined, { schema: jsyaml.CORE_SCHEMA }); const a = cpu() - t;
  t = cpu(); for (const [i, x] of texts.entries()) parseYaml(x, files[i]!.path); const b = cpu() - t;
  t = cpu(); const docs = files.map((f, i) => loadRuleDocuments(f, texts[i])); const c = cpu() - t;
  t = cpu(); for (const d of docs) for (const l of d) if (l.rule?.kind === 'sigma') { try { compileRule(l.rule, 'lucene'); } catch {} } const e = cpu() - t;
  t = cpu(); for (const f of files) readFileSync(f.absolute, 'utf8'); const r = cpu() - t;
  console.log({ jsyaml: a.toFixed(0), parseYaml: b.toFixed(0), loadDocs: c.toFixed(0), compileLucene: e.toFixed(0), read: r.toFixed(0) });
}
