// Acceptance (issue 12): a 300-change markdown plan fits a pull-request comment, shows a query diff
// for every change it details, names every change; --max-chars is honoured; hashes never shown.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { parseEnvironment } from '../../src/config/load-environment.js';
import { planFrom } from '../../src/plan/plan-environment.js';
import { renderPlanMarkdown } from '../../src/plan/render-markdown.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { providerOf, type DesiredObject } from '../../src/targets/registry.js';
import type { LiveObject } from '../../src/targets/target-object.js';
import { loadDesiredStateFrom } from '../helpers/desired-state.js';
import { generatedRules } from '../helpers/generate-rules.js';
import { tempProject, writeFiles } from '../helpers/run-cli.js';

const ENV = `rules: [rules/]
targets:
  es:
    type: elasticsearch
    url: http://127.0.0.1:9200
    auth: {apiKey: "\${KEY}"}
    watch:
      indices: [winlogbeat-*]
      interval: 30m
      actions:
        email: {to: [soc@example.net]}
        webhook: {url: "https://hooks.example.net/x", auth: {username: u, password: "\${HOOK}"}}
  splunk:
    type: splunk
    url: https://127.0.0.1:8089
    auth: {token: "\${TOKEN}"}
    app: detections
`;
const vars = { KEY: 'secret-key-1', TOKEN: 'secret-token-1', HOOK: 'hook-password-1' };
const { environment } = parseEnvironment(ENV, 'environments/prod.yaml', 'prod', vars);
const TARGETS = [
  { name: 'es', type: 'elasticsearch', url: 'http://127.0.0.1:9200' },
  { name: 'splunk', type: 'splunk', url: 'https://127.0.0.1:8089' },
];

// 150 rules, each a watch and a saved search: 140 edited (their query changes), 5 new, 5 removed
// → 280 updates, 10 creates, 10 deletes.
const dir = tempProject(generatedRules(145));
after(() => rmSync(dir, { recursive: true, force: true }));
const before = loadDesiredStateFrom(dir, environment!);
rmSync(`${dir}/rules`, { recursive: true });
const edited = Object.fromEntries(Object.entries(generatedRules(145, 5)).map(([p, text]) => [p, text.replace(/-flag(\d+)/, '-switch$1')]));
writeFiles(dir, edited);
const desired = loadDesiredStateFrom(dir, environment!);
const live: LiveObject[] = before.map((object: DesiredObject) => ({
  target: object.target,
  kind: object.kind,
  id: object.kind === 'watch' ? object.id : object.name,
  owned: true,
  canonical: providerOf(TARGETS.find((t) => t.name === object.target)!.type).canonical(object),
  raw: {},
}));
const plan = planFrom({ env: 'prod', detctlVersion: '0.1.0', desired, targets: TARGETS, now: new Date(0) }, live);
const changes = plan.changes.filter((c) => c.action !== 'noop');

test('the 300-change plan: under 60,000 characters, every change named, query diffs for those detailed', () => {
  assert.equal(changes.length, 300);
  assert.deepEqual([plan.summary.create, plan.summary.update, plan.summary.delete], [10, 280, 10]);
  const md = renderPlanMarkdown(plan);
  assert.ok(md.length <= 60_000, `${md.length} characters`);
  for (const c of changes) assert.ok(md.includes(`${c.kind} \`${c.id}\``), `${c.id} is named`);
  // The summary table comes first.
  assert.ok(md.indexOf('| Target |') < md.indexOf('- **'));
  // Each detailed update (an item followed by fields) shows its query as a diff with - and + lines.
  const items = md.split(/\n(?=- \*\*)/).filter((item) => item.startsWith('- **update**') && item.includes('\n  - '));
  assert.ok(items.length >= 60, `${items.length} updates detailed`);
  for (const item of items) {
    assert.match(item, /```diff\n(    .*\n)*    -.*-flag\d+.*\n(    .*\n)*    \+.*-switch\d+/, item);
  }
  // Past the budget the rest are named, with a note pointing to the JSON plan.
  assert.match(md, /> \d+ of 300 changes are shown in full; the other \d+ are listed by name only, to keep this under 60000 characters\. Every field of every change: `detctl plan --env prod --format json`\./);
});

test('hashes and repeated views are left out; the query is shown once', () => {
  const md = renderPlanMarkdown(plan, { maxChars: 1_000_000 });
  assert.ok(!md.includes('content_hash') && !md.includes('secrets_hash'));
  assert.ok(!md.includes('metadata.query'));
  assert.ok(!md.includes('query.bool.must'), 'the must list differs only by its query');
  const text = renderPlanText(plan, { color: false, verbose: true });
  assert.ok(!text.includes('content_hash') && !text.includes('secrets_hash') && !text.includes('metadata.query'));
});

test('--max-chars is honoured, down to names only and beyond', () => {
  for (const maxChars of [100_000, 20_000, 5_000, 2_000]) {
    const md = renderPlanMarkdown(plan, { maxChars });
    assert.ok(md.length <= maxChars, `${md.length} > ${maxChars}`);
    assert.match(md, /^Plan: 10 to create, 280 to update, 10 to delete, 0 unchanged\.$/m);
  }
  const tiny = renderPlanMarkdown(plan, { maxChars: 2_000 });
  assert.match(tiny, /- … and \d+ more \(in the JSON plan\)/);
});
