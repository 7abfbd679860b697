// Conformance: every search detctl converts from the SigmaHQ rules (with and without the
// splunk_windows mapping) parses with the SPL evaluator, and evaluates an event without failing.
// Prints the figures; fails on any parse error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { requireCorpus } from './corpus.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { compileSpl } from '../../src/evaluate/spl/index.js';

test('every SPL search converted from the SigmaHQ rules parses', () => {
  const root = join(requireCorpus(), 'sigmahq');
  const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], root);
  assert.ok(files.length > 3000, `only ${files.length} rule files`);
  let searches = 0;
  let staged = 0;
  const failures: string[] = [];
  for (const file of files) {
    const { rule } = loadRuleFile(file);
    if (rule?.kind !== 'sigma') continue;
    for (const mapping of [undefined, 'splunk_windows'] as const) {
      let converted: string[];
      try {
        converted = compileRule(rule, 'spl', { mapping });
      } catch (error) {
        if (error instanceof DiagnosticError) continue; // the converter's own refusals: sigma-conversion.test.ts
        throw error;
      }
      for (const search of converted) {
        searches++;
        if (search.includes('\n| ')) staged++;
        try {
          compileSpl(search).evaluate({ Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: ['a', 'b'] });
        } catch (error) {
          failures.push(`${file.path} (${mapping ?? 'no mapping'}): ${String(error)}`);
        }
      }
    }
  }
  console.log(`\nspl-parse: ${searches} searches (${staged} with later stages), ${failures.length} failed${failures.map((f) => `\n  ${f}`).join('')}`);
  assert.ok(searches > 7000, `only ${searches} searches`);
  assert.deepEqual(failures, []);
});
