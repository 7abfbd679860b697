// Converts the whole SigmaHQ rule set (../shared/corpus/sigmahq) to Lucene and SPL in one
// process and prints files/s, wall time and peak memory. Reads the corpus where it is.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileRule } from '../src/compile/compile-rule.js';
import { DiagnosticError } from '../src/diagnostics.js';
import { discoverRuleFiles } from '../src/rules/discover.js';
import { loadRuleFile } from '../src/rules/load-rules.js';

export function benchSigmaHQ(corpus: string): void {
  const root = resolve(corpus, 'sigmahq');
  if (!existsSync(root)) throw new Error(`no SigmaHQ corpus at ${root}`);
  const started = performance.now();
  const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], root);
  const counts = { lucene: { ok: 0, error: 0 }, spl: { ok: 0, error: 0 } };
  let invalid = 0;
  // One file at a time, as a streaming converter would: nothing of a file is kept after it.
  for (const file of files) {
    const l = loadRuleFile(file);
    if (!l.rule || l.rule.kind !== 'sigma') {
      invalid++;
      continue;
    }
    for (const language of ['lucene', 'spl'] as const) {
      try {
        compileRule(l.rule, language);
        counts[language].ok++;
      } catch (error) {
        if (!(error instanceof DiagnosticError)) throw error;
        counts[language].error++;
      }
    }
  }
  const wall = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`sigmahq convert: ${files.length} files, ${invalid} invalid; lucene ${counts.lucene.ok} ok / ${counts.lucene.error} errors; spl ${counts.spl.ok} ok / ${counts.spl.error} errors`);
  console.log(`sigmahq convert: wall ${wall.toFixed(2)} s, ${(files.length / wall).toFixed(0)} files/s, peak RSS ${peakMb.toFixed(0)} MB (targets: < 1.5 s, < 200 MB)`);
}
