// Conformance: the Sigma evaluator against SigmaHQ's own regression suite. For each of the rules
// in shared/corpus/sigmahq whose `regression_tests_path:` names an info.yml of regression_data,
// the rule is loaded with detctl's loader, its true-positive events are flattened, and the rule's
// conditions must match them: as many events as the info's `match_count` where it gives one,
// at least one otherwise (SigmaHQ's runner, tests/regression_tests_runner.py, passes a test when
// the rule fires on the file at all). Prints the figures and every failure with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCorpus } from './corpus.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { compileSigma } from '../../src/evaluate/sigma/index.js';
import { flattenSigmaHqEvent } from '../../src/evaluate/events.js';

const sigmahq = join(requireCorpus(), 'sigmahq');

/** The events of one regression file: one JSON document, or several written one after another. */
function readEvents(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  const documents: unknown[] = [];
  // Each document starts at a `{` at the start of a line (the files are pretty-printed).
  const starts = [...text.matchAll(/^\{/gm)].map((m) => m.index);
  starts.forEach((start, i) => documents.push(JSON.parse(text.slice(start, starts[i + 1]))));
  return documents;
}

/** `match_count` of the info's first test, if given (a plain reading of the few keys used). */
function matchCount(info: string): number | undefined {
  const found = /^\s+match_count:\s*(\d+)/m.exec(info);
  return found ? Number(found[1]) : undefined;
}

function regressionPath(ruleText: string): string | undefined {
  return /^regression_tests_path:\s*(\S+)/m.exec(ruleText)?.[1];
}

test('the Sigma evaluator matches SigmaHQ regression events', () => {
  const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], sigmahq);
  let rules = 0;
  let passed = 0;
  let events = 0;
  const failures: string[] = [];
  const countsDiffer: string[] = [];
  for (const file of files) {
    const text = readFileSync(file.absolute, 'utf8');
    const infoPath = regressionPath(text);
    if (!infoPath) continue;
    rules++;
    const loaded = loadRuleFile(file, text);
    const rule = loaded.rule;
    if (rule?.kind !== 'sigma') {
      failures.push(`${file.path}: does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
      continue;
    }
    const info = readFileSync(join(sigmahq, infoPath), 'utf8');
    const queries = rule.conditions.map(compileSigma);
    // The rule fires on an event when any of its conditions matches (a condition list is an OR).
    const verdicts = eventFiles(info).flatMap(readEvents).map((json) => {
      const event = flattenSigmaHqEvent(json);
      const each = queries.map((q) => q.evaluate(event));
      return each.find((v) => v.matched) ?? each[0];
    });
    events += verdicts.length;
    const matched = verdicts.filter((v) => v.matched).length;
    const expected = matchCount(info);
    if (matched > 0) passed++;
    else failures.push(`${file.path}: none of ${verdicts.length} events match; ${verdicts[0]?.decidedBy.replace(`${sigmahq}/`, '')}`);
    if (expected !== undefined && matched > 0 && matched !== expected) countsDiffer.push(`${file.path}: ${matched} of ${verdicts.length} events match, match_count ${expected}`);
  }
  console.log(`SigmaHQ regression: ${passed} of ${rules} rules match their events with the Sigma evaluator (${events} events)`);
  for (const f of failures) console.log(`  FAIL ${f}`);
  // The exported JSON holds every event of the .evtx; where more of them match than match_count
  // says, the extra events match the rule on reading (e.g. three registry writes of one zone).
  console.log(`match_count differs for ${countsDiffer.length} rules:`);
  for (const c of countsDiffer) console.log(`  ${c}`);
  assert.equal(rules, 202);
  assert.equal(passed, 202, failures.join('\n'));
});

/** The JSON files of an info.yml's tests (each test names its .evtx; the JSON is beside it). */
function eventFiles(info: string): string[] {
  return [...info.matchAll(/^\s+path:\s*(\S+)\.evtx\s*$/gm)].map((m) => join(sigmahq, `${m[1]}.json`));
}
