// The terminal plan: headers per change, fields, a unified diff for long values, colour only
// when asked, no-ops counted, collisions as errors, and Terraform's last line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { desired, input, liveOf, savedSearch, watch } from '../helpers/plan-fixtures.js';

const QUERY = '(EventID:(4103 OR 400)) AND HostName:ServerRemoteHost AND HostApplication:*wsmprovhost.exe*';
const ANSI = /\x1b\[/;

function samplePlan() {
  return buildPlan(
    input({
      desired: desired(
        watch('detctl-96b9', QUERY.replace('400', '4104'), '1h'),
        watch('detctl-new'),
        savedSearch('detctl - Same'),
        savedSearch('detctl - Taken'),
        savedSearch('detctl - Multi', '`sysmon` EventCode=1\n| where len(cmd) > 100\n| stats count by host'),
      ),
      live: [
        liveOf(watch('detctl-96b9', QUERY, '30m')),
        liveOf(watch('detctl-old')),
        liveOf(savedSearch('detctl - Same')),
        liveOf(savedSearch('detctl - Taken'), false),
        liveOf(savedSearch('detctl - Multi', '`sysmon` EventCode=1\n| where len(cmd) > 50\n| stats count by host')),
      ],
    }),
  );
}

test('headers, fields and the final line', () => {
  const text = renderPlanText(samplePlan(), { color: false });
  const lines = text.split('\n');
  assert.ok(text.endsWith('Plan: 1 to create, 2 to update, 1 to delete, 1 unchanged.\n'));
  assert.equal(lines.at(-2), 'Plan: 1 to create, 2 to update, 1 to delete, 1 unchanged.');
  assert.ok(lines.includes('es (elasticsearch, https://es.example.net:9200)'));
  assert.ok(lines.includes('  ~ update watch detctl-96b9 (rules/sigma/detctl-96b9.yml)'));
  assert.ok(lines.includes('  + create watch detctl-new (rules/sigma/detctl-new.yml)'));
  assert.ok(lines.includes('  - delete watch detctl-old'));
  assert.ok(lines.includes('      ~ trigger.schedule.interval: "30m" → "1h"'));
  // A create is one line; --verbose lists its fields.
  assert.ok(!lines.includes('      + condition.compare["ctx.payload.hits.total"].gt: 0'));
  assert.ok(renderPlanText(samplePlan(), { color: false, verbose: true }).split('\n').includes('      + condition.compare["ctx.payload.hits.total"].gt: 0'));
  // The summary first: a line per target.
  assert.equal(lines[0], 'es (elasticsearch, https://es.example.net:9200): 1 to create, 1 to update, 1 to delete, 0 unchanged');
  assert.equal(lines[1], 'splunk (splunk, https://splunk.example.net:8089): 0 to create, 1 to update, 0 to delete, 1 unchanged, 1 collision');
  assert.ok(!text.includes('detctl - Same'), 'no-ops are counted, not listed');
  assert.ok(lines.includes('rules/sigma/detctl_-_Taken.yml: error: saved search "detctl - Taken" already exists on target "splunk" and is not owned by detctl, so detctl will not overwrite it; remove or rename the existing saved search, or change the target\'s savedSearch.namePrefix'));
  assert.doesNotMatch(text, ANSI);
});

test('a changed long query is shown as a unified line diff', () => {
  const lines = renderPlanText(samplePlan(), { color: false }).split('\n');
  const at = lines.indexOf('      ~ input.search.request.body.query.bool.must:');
  assert.ok(at > 0);
  assert.equal(lines[at + 1].trim(), '@@ -1,7 +1,7 @@');
  assert.ok(lines.includes(`          -      "query": ${JSON.stringify(QUERY)}`));
  assert.ok(lines.includes(`          +      "query": ${JSON.stringify(QUERY.replace('400', '4104'))}`));
  // A multi-line SPL search diffs line by line, with its unchanged lines as context.
  const search = lines.indexOf('      ~ search:');
  assert.deepEqual(lines.slice(search + 1, search + 6).map((l) => l.trim()), [
    '@@ -1,3 +1,3 @@',
    '`sysmon` EventCode=1',
    '-| where len(cmd) > 50',
    '+| where len(cmd) > 100',
    '| stats count by host',
  ]);
});

test('colour only when asked: green create, yellow update, red delete', () => {
  const text = renderPlanText(samplePlan(), { color: true });
  assert.match(text, ANSI);
  assert.ok(text.includes('\x1b[32m+ create watch detctl-new'));
  assert.ok(text.includes('\x1b[33m~ update watch detctl-96b9'));
  assert.ok(text.includes('\x1b[31m- delete watch detctl-old'));
  assert.ok(text.includes('\x1b[31m-      "query"'));
  assert.ok(text.endsWith('Plan: 1 to create, 2 to update, 1 to delete, 1 unchanged.\n'), 'the last line stays plain');
});

test('showUnchanged lists the no-ops; an empty plan says so', () => {
  const text = renderPlanText(samplePlan(), { color: false, showUnchanged: true });
  assert.ok(text.split('\n').includes('  = unchanged saved-search detctl - Same (rules/sigma/detctl_-_Same.yml)'));
  const a = watch('detctl-a');
  const quiet = renderPlanText(buildPlan(input({ desired: desired(a), live: [liveOf(a)] })), { color: false });
  assert.equal(
    quiet,
    [
      'es (elasticsearch, https://es.example.net:9200): no changes (1 unchanged)',
      'splunk (splunk, https://splunk.example.net:8089): no changes',
      '',
      'Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged.',
      '',
    ].join('\n'),
  );
});

test('a drilldown JSON string is pretty-printed before it is diffed', () => {
  const drilldowns = (search: string) => JSON.stringify([{ name: 'View events for $dest$', search, earliest_offset: '-1h' }]);
  const key = 'action.notable.param.drilldown_searches';
  const plan = buildPlan(
    input({
      desired: desired(savedSearch('detctl - D', 'x', { [key]: drilldowns('a | search dest="$dest$"') })),
      live: [liveOf(savedSearch('detctl - D', 'x', { [key]: drilldowns('b | search dest="$dest$"') }))],
    }),
  );
  const lines = renderPlanText(plan, { color: false }).split('\n');
  const at = lines.indexOf(`      ~ ["${key}"]:`);
  assert.ok(at > 0);
  assert.deepEqual(lines.slice(at + 1, at + 10), [
    '          @@ -1,7 +1,7 @@',
    '           [',
    '             {',
    '               "name": "View events for $dest$",',
    '          -    "search": "b | search dest=\\"$dest$\\"",',
    '          +    "search": "a | search dest=\\"$dest$\\"",',
    '               "earliest_offset": "-1h"',
    '             }',
    '           ]',
  ]);
});

test('summaryOnly (--quiet) prints the summary lines, collisions and the last line only', () => {
  const text = renderPlanText(samplePlan(), { color: false, summaryOnly: true });
  assert.ok(!text.includes('update watch'), text);
  assert.ok(!text.includes('@@'), text);
  assert.ok(text.startsWith('es (elasticsearch, https://es.example.net:9200): 1 to create'));
  assert.ok(text.includes('error: saved search "detctl - Taken" already exists'));
  assert.ok(text.endsWith('Plan: 1 to create, 2 to update, 1 to delete, 1 unchanged.\n'));
});
