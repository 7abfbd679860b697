import { discoverRuleFiles } from '../src/rules/discover.ts';
import { loadRuleDocuments } from '../src/rules/load-rules.ts';
import { readFileSync } from 'node:fs';
const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], '/work/shared/corpus/sigmahq');
const texts = files.map((f) => readFileSync(f.absolute, 'utf8'));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < 4; round++) { const t = cpu(); files.map((f, i) => loadRuleDocuments(f, texts[i])); console.log((cpu() - t).toFixed(0)); }
