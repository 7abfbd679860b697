import { discoverRuleFiles } from '../src/rules/discover.ts';
import { parseYaml, readYamlFile } from '../src/yaml-tree.ts';
import { loadRuleDocuments } from '../src/rules/load-rules.ts';
import { convertAlone } from '../src/cli/convert-file.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t0 = cpu();
const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], '/work/shared/corpus/sigmahq');
const t1 = cpu();
const stage = process.argv[2];
let n = 0;
for (const f of files) {
  if (stage === 'read') n += readYamlFile(f.absolute, f.path).text!.length;
  else if (stage === 'parse') n += parseYaml(readYamlFile(f.absolute, f.path).text!, f.path).documents.length;
  else if (stage === 'load') n += loadRuleDocuments(f).length;
  else n += convertAlone(f, { to: ['lucene'], format: 'jsonl' }).output?.out.length ?? 0;
}
console.log(stage, 'discover', (t1 - t0).toFixed(0), 'stage', (cpu() - t1).toFixed(0), 'gc?');
