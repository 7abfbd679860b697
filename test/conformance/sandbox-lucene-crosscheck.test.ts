// Two independent readings of Elasticsearch's query_string must agree: the sandbox's (a stand-in
// server: packages/sandbox/src/elasticsearch/search/query-string.ts, searched over HTTP) and the
// product's offline evaluator (`detctl test`). For each SigmaHQ rule with regression data
// (shared/corpus/sigmahq/regression_data: one true-positive event per rule), each of its Lucene
// queries, with and without the ecs_windows mapping: index the rule's flattened (and mapped) event
// into the sandbox, search it with the query as a watch does, and compare hit/no-hit with
// compileLucene(query).evaluate(event). Prints the figures; every disagreement is listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Client, HttpConnection } from '@elastic/elasticsearch';
import { startSandbox } from '@detctl/sandbox';
import { readRegressionEvents, requireCorpus } from './corpus.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import type { SigmaRule } from '../../src/rules/sigma/model.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import type { MappingName } from '../../src/compile/mappings/mapping-names.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { compileLucene } from '../../src/evaluate/lucene/index.js';
import { flattenSigmaHqEvent, mapEvent } from '../../src/evaluate/events.js';

const VARIANTS: { name: string; mapping?: MappingName }[] = [{ name: 'lucene' }, { name: 'lucene_ecs_windows', mapping: 'ecs_windows' }];

/** Every `<rule id>.json` below regression_data, by rule id. */
function regressionEvents(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) out.set(basename(name, '.json'), path);
    }
  };
  walk(root);
  return out;
}

test('the sandbox and the Lucene evaluator agree on every SigmaHQ regression event', async () => {
  const corpus = requireCorpus();
  const events = regressionEvents(join(corpus, 'sigmahq', 'regression_data'));
  assert.equal(events.size, 202);
  const root = join(corpus, 'sigmahq');
  const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], root);
  const rules = new Map<string, SigmaRule>();
  for (const file of files) {
    const loaded = loadRuleFile(file);
    if (loaded.rule?.kind === 'sigma' && loaded.rule.id && events.has(loaded.rule.id)) rules.set(loaded.rule.id, loaded.rule);
  }

  const sandbox = await startSandbox();
  const es = new Client({ node: sandbox.esUrl, auth: { apiKey: sandbox.credentials.esApiKeyEncoded }, Connection: HttpConnection, maxRetries: 0 });
  const figures = { compared: 0, agreeHit: 0, agreeMiss: 0, notConverted: 0 };
  const disagreements: string[] = [];
  try {
    for (const [id, eventPath] of events) {
      const rule = rules.get(id);
      assert.ok(rule, `no SigmaHQ rule with id ${id}`);
      for (const raw of readRegressionEvents(eventPath)) {
      const flat = flattenSigmaHqEvent(raw);
      for (const variant of VARIANTS) {
        let queries: string[];
        try {
          queries = compileRule(rule, 'lucene', variant.mapping ? { mapping: variant.mapping } : {});
        } catch (error) {
          if (!(error instanceof DiagnosticError)) throw error;
          figures.notConverted++;
          continue;
        }
        const event = variant.mapping ? mapEvent(flat, variant.mapping, rule.logsource) : flat;
        // The index is made afresh for each event: dynamic mapping is decided by the first
        // document, so events of different rules must not share one.
        const index = 'crosscheck';
        await es.indices.delete({ index }, { ignore: [404] });
        // Every field mapped as keyword, as the evaluator reads every field (an exact value
        // against an analysed text field is a different question: docs/testing.md).
        const properties = Object.fromEntries(Object.keys(event).map((field) => [field, { type: 'keyword' as const }]));
        await es.indices.create({ index, mappings: { properties } });
        await es.index({ index, id: '1', document: event as Record<string, unknown>, refresh: true });
        for (const query of queries) {
          figures.compared++;
          const result = await es.search({ index, size: 1, query: { query_string: { query, analyze_wildcard: true } } }).then(
            (r) => ({ hit: r.hits.hits.length > 0 }),
            (error: unknown) => ({ error: String(error) }),
          );
          const verdict = compileLucene(query).evaluate(event);
          if ('error' in result) {
            disagreements.push(`${variant.name} ${id}: the sandbox refused the query (${result.error})\n    ${query}`);
          } else if (result.hit !== verdict.matched) {
            disagreements.push(`${variant.name} ${id}: sandbox ${result.hit ? 'hit' : 'miss'}, evaluator ${verdict.matched ? 'hit' : 'miss'} (decided by ${verdict.decidedBy})\n    ${query}`);
          } else if (result.hit) figures.agreeHit++;
          else figures.agreeMiss++;
        }
      }
      }
    }
  } finally {
    await es.close();
    await sandbox.close();
  }
  console.log(`\nsandbox vs evaluator: ${figures.compared} queries compared over ${events.size} rules x ${VARIANTS.length} variants`);
  console.log(`  agree, hit:  ${figures.agreeHit}`);
  console.log(`  agree, miss: ${figures.agreeMiss}`);
  console.log(`  not converted (rule/variant): ${figures.notConverted}`);
  console.log(`  disagreements: ${disagreements.length}${disagreements.map((d) => `\n  ${d}`).join('')}`);
  assert.deepEqual(disagreements, []);
});
