// Conformance: `detctl convert` against the reference converter's outputs for the sample corpus
// (shared/corpus/sigma), per backend, with and without field mappings; and the whole SigmaHQ
// set converting without a crash. Prints the figures; fails below the issue's thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { collapseWhitespace, sameQueries } from './query-compare.js';
import { CORRECTIONS } from './reference-corrections.js';
import { requireCorpus } from './corpus.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import { DiagnosticError } from '../../src/diagnostics.js';

const corpus = requireCorpus();
const sigmaDir = join(corpus, 'sigma');

const VARIANTS = [
  { key: 'lucene', to: 'lucene', file: 'expected.jsonl', threshold: 0.97 },
  { key: 'spl', to: 'spl', file: 'expected.jsonl', threshold: 0.97 },
  { key: 'lucene_ecs_windows', to: 'lucene', mapping: 'ecs_windows', file: 'expected_pipelines.jsonl', threshold: 0.95 },
  { key: 'spl_splunk_windows', to: 'spl', mapping: 'splunk_windows', file: 'expected_pipelines.jsonl', threshold: 0.95 },
];

for (const variant of VARIANTS) {
  test(`conformance ${variant.key}`, async () => {
    const args = ['convert', '--to', variant.to, '--format', 'jsonl', ...(variant.mapping ? ['--mapping', variant.mapping] : []), 'rules', 'synthetic'];
    const result = await runCli(args, { cwd: sigmaDir });
    const ours = new Map(result.out.trim().split('\n').map((l) => [JSON.parse(l).path as string, JSON.parse(l)]));
    let converted = 0;
    let exact = 0;
    const deviations: string[] = [];
    const mismatches: string[] = [];
    let bothError = 0;
    const errorMismatch: string[] = [];
    for (const line of readFileSync(join(sigmaDir, variant.file), 'utf8').trim().split('\n')) {
      const ref = JSON.parse(line);
      const expected: string[] | undefined = ref[variant.key];
      const mine = ours.get(ref.path);
      assert.ok(mine, `no output for ${ref.path}`);
      if (!expected) {
        // The reference cannot convert it: we either convert it (see docs/conformance.md) or say why.
        if (mine.error) bothError++;
        else errorMismatch.push(`${ref.path} (reference: ${ref[`${variant.key}_error`]})`);
        continue;
      }
      converted++;
      if (mine.queries && sameQueries(mine.queries, expected)) {
        exact++;
        continue;
      }
      const fix = CORRECTIONS.filter((c) => c.languages.includes(variant.to)).find(
        (c) => mine.queries && sameQueries(mine.queries, expected.map(c.apply)),
      );
      if (fix) deviations.push(`${ref.path} [${fix.id}]`);
      else mismatches.push(`${ref.path}\n    reference: ${expected.map(collapseWhitespace).join(' ;; ').slice(0, 400)}\n    detctl:    ${mine.queries?.map(collapseWhitespace).join(' ;; ').slice(0, 400) ?? JSON.stringify(mine.error)}`);
    }
    const pct = (n: number) => `${((100 * n) / converted).toFixed(1)}%`;
    console.log(`\n${variant.key}: ${converted} rules converted by the reference`);
    console.log(`  identical:            ${exact} (${pct(exact)})`);
    console.log(`  documented deviation: ${deviations.length}${deviations.map((d) => `\n    ${d}`).join('')}`);
    console.log(`  identical + documented: ${exact + deviations.length} (${pct(exact + deviations.length)}); threshold ${variant.threshold * 100}%`);
    console.log(`  unexplained mismatches: ${mismatches.length}${mismatches.map((m) => `\n  ${m}`).join('')}`);
    console.log(`  reference errors: ${bothError} also an error here; ${errorMismatch.length} converted here${errorMismatch.map((e) => `\n    ${e}`).join('')}`);
    assert.ok((exact + deviations.length) / converted >= variant.threshold, `below ${variant.threshold}`);
  });
}

test('the whole SigmaHQ set: every file converts or gets a clear per-rule error, never a crash', () => {
  const root = join(corpus, 'sigmahq');
  const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], root);
  assert.equal(files.length, 3754);
  const errors = new Map<string, number>();
  let ok = 0;
  for (const file of files) {
    const loaded = loadRuleFile(file);
    const problems = [...loaded.diagnostics];
    if (loaded.rule?.kind === 'sigma') {
      for (const language of ['lucene', 'spl'] as const) {
        try {
          compileRule(loaded.rule, language);
          ok++;
        } catch (error) {
          if (!(error instanceof DiagnosticError)) throw new Error(`${file.path}: crash: ${String(error)}`);
          problems.push(...error.diagnostics.map((d) => ({ ...d, message: `${language}: ${d.message}` })));
        }
      }
    }
    for (const p of problems) {
      assert.ok(p.location && p.location.file === file.path && p.location.line > 0, `${file.path}: error without a location: ${p.message}`);
      const kind = p.message.replace(/'[^']*'/g, "'…'").replace(/\(.*\)/, '(…)');
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
    }
  }
  console.log(`\nsigmahq: ${files.length} files, ${ok} conversions ok (of ${files.length * 2}); errors by kind:`);
  for (const [kind, n] of errors) console.log(`  ${n} × ${kind}`);
});
