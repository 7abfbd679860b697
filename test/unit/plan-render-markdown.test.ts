// The pull-request comment: a summary table, change items, the query as an unfolded diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.js';
import { renderPlanMarkdown } from '../../src/plan/render-markdown.js';
import { desired, input, liveOf, savedSearch, watch } from '../helpers/plan-fixtures.js';

const QUERY = '(EventID:(4103 OR 400)) AND HostName:ServerRemoteHost AND HostApplication:*wsmprovhost.exe*';

const plan = buildPlan(
  input({
    desired: desired(watch('detctl-96b9', QUERY.replace('400', '4104'), '1h'), savedSearch('detctl - `m` macro'), savedSearch('detctl - Taken')),
    live: [liveOf(watch('detctl-96b9', QUERY, '30m')), liveOf(watch('detctl-old')), liveOf(savedSearch('detctl - Taken'), false)],
  }),
);
const md = renderPlanMarkdown(plan);
const lines = md.split('\n');

test('a summary table with a row per target', () => {
  assert.ok(lines.includes('| Target | Type | Create | Update | Delete | Unchanged | Collisions |'));
  assert.ok(lines.includes('| `es` | elasticsearch | 0 | 1 | 1 | 0 | 0 |'));
  assert.ok(lines.includes('| `splunk` | splunk | 1 | 0 | 0 | 0 | 1 |'));
});

test('each change is a list item; short fields inline', () => {
  assert.ok(lines.includes('- **update** watch `detctl-96b9` — `rules/sigma/detctl-96b9.yml`'));
  assert.ok(lines.includes('- **delete** watch `detctl-old`'));
  assert.ok(lines.includes('  - `trigger.schedule.interval`: `"30m"` → `"1h"`'));
  // Backticks in a name (SPL macros) need a longer code span.
  assert.ok(lines.includes('- **create** saved-search ``detctl - `m` macro`` — ``rules/sigma/detctl_-_`m`_macro.yml``'));
  // A create shows its search; its other fields are the environment's settings (JSON plan).
  assert.ok(!lines.includes('  - `["action.email.to"]`: `"soc@example.net"` (new)'));
  assert.ok(lines.includes('    +index=main EventCode=4104'));
});

test('the query diff is shown unfolded in a diff fence', () => {
  const open = lines.indexOf('  - `input.search.request.body.query.bool.must`:');
  assert.ok(open > 0, md);
  assert.equal(lines[open + 1], '');
  assert.equal(lines[open + 2], '    ```diff');
  assert.ok(lines.slice(open).includes(`    -      "query": ${JSON.stringify(QUERY)}`));
  assert.ok(!md.includes('<details>'));
});

test('collisions are listed as errors; the final line as in the text plan', () => {
  assert.ok(lines.includes('#### Errors'));
  assert.ok(lines.some((l) => l.startsWith('- **collision** saved-search `detctl - Taken` on `splunk`')));
  assert.equal(lines.at(-2), 'Plan: 1 to create, 1 to update, 1 to delete, 0 unchanged.');
  assert.ok(md.endsWith('\n') && !md.includes('\n\n\n'));
});
