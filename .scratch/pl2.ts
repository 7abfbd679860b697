import { discoverRuleFiles } from '../src/rules/discover.ts';
import { loadRuleDocuments } from '../src/rules/load-rules.ts';
import { parseYaml } from '../src/yaml-tree.ts';
import { readFileSync } from 'node:fs';
const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], '/work/shared/corpus/sigmahq');
const texts = files.map((f) => readFileSync(f.absolute, 'utf8'));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < 4; round++) { let t = cpu(); let n = 0; for (const [i, f] of files.entries()) n += loadRuleDocuments(f, texts[i]).length; const a = cpu() - t; t = cpu(); for (const [i, f] of files.entries()) n += parseYaml(texts[i]!, f.path).documents.length; console.log('load', a.toFixed(0), 'parse', (cpu() - t).toFixed(0)); }
