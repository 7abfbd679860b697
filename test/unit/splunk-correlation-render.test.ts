// Issue 14 on Splunk: each Sigma correlation renders as one saved search named like a rule's, whose
// search is the correlation's SPL under the target's mapping and whose window is the timespan;
// the rules it names with `generate: false` get no saved search of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRule } from '../../src/compile/compile-rule.js';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import type { Rule } from '../../src/rules/load-rules.js';
import type { SavedSearchObject } from '../../src/targets/splunk/objects.js';
import { splunkProvider } from '../../src/targets/splunk/provider.js';
import { splunkTargetSchema } from '../../src/targets/splunk/settings.js';
import { tempDir } from '../helpers/temp-dir.js';

const FAILED_LOGON = `title: Failed logon
name: failed_logon
logsource: { product: windows, service: security }
detection: { selection: { EventID: 4625 }, condition: selection }
`;
const REMOTE_LOGON = `title: Remote logon
name: remote_logon
logsource: { product: windows, service: security }
detection: { selection: { EventID: 4624, LogonType: 10 }, condition: selection }
`;

/** The documents as one rule file, loaded and resolved as the CLI does. */
function load(...documents: string[]): Rule[] {
  const dir = tempDir();
  const absolute = join(dir, 'rules.yml');
  writeFileSync(absolute, documents.join('---\n'));
  const loaded = loadRuleFiles([{ path: 'rules/rules.yml', absolute }]);
  assert.deepEqual(loaded.flatMap((l) => l.diagnostics.map((d) => d.message)), []);
  return loaded.flatMap((l) => (l.rule ? [l.rule] : []));
}

function render(rules: Rule[], savedSearch: Record<string, unknown> = {}): SavedSearchObject[] {
  const settings = splunkTargetSchema.parse({ type: 'splunk', url: 'https://splunk.example:8089', auth: { token: 't' }, app: 'detections', savedSearch: { cron: '*/5 * * * *', ...savedSearch } });
  const out = splunkProvider.render({ target: 'splunk', env: 'prod', settings, rules, inputs: undefined });
  assert.deepEqual(out.diagnostics, []);
  return out.objects as SavedSearchObject[];
}

const byName = (objects: SavedSearchObject[]) => new Map(objects.map((o) => [o.name, o]));

test('event_count: one saved search named from the title, its SPL as the search, the timespan as the window', () => {
  const rules = load(
    FAILED_LOGON,
    `title: Many failed logons
description: five failures for one user
level: high
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 10m, condition: { gte: 5 } }
`,
  );
  const objects = render(rules);
  assert.deepEqual(objects.map((o) => o.name), ['detctl - Many failed logons'], 'generate: false leaves the named rule out');
  const [search] = objects;
  assert.equal(search.source, 'rules/rules.yml');
  assert.equal(search.content.search, 'EventID=4625\n\n| bin _time span=10m\n| stats count as event_count by _time TargetUserName\n\n| search event_count >= 5');
  assert.equal(search.content['dispatch.earliest_time'], '-10m');
  assert.equal(search.content['dispatch.latest_time'], 'now');
  assert.equal(search.content.cron_schedule, '*/5 * * * *', "the target's schedule, as for rules");
  assert.equal(search.content.description, 'five failures for one user');
  assert.equal(search.content['alert.severity'], '4');
  // Fires when any group crossed the threshold: the search returns only those groups.
  assert.deepEqual([search.content.counttype, search.content.relation, search.content.quantity], ['number of events', 'greater than', '0']);
});

test('value_count: the distinct-count SPL, a timespan in hours', () => {
  const rules = load(FAILED_LOGON, `title: One user, many hosts
correlation: { type: value_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 2h, condition: { gte: 3, field: WorkstationName } }
`);
  const [search] = render(rules);
  assert.equal(search.name, 'detctl - One user, many hosts');
  assert.match(search.content.search, /\| stats dc\(WorkstationName\) as value_count by _time TargetUserName\n\n\| search value_count >= 3$/);
  assert.equal(search.content['dispatch.earliest_time'], '-2h');
});

test('temporal: both rules in a multisearch; Sigma months and years become Splunk mon and y', () => {
  const temporal = (timespan: string) => `title: Failure then remote logon
correlation: { type: temporal, rules: [failed_logon, remote_logon], group-by: [TargetUserName], timespan: ${timespan} }
`;
  const [search] = render(load(FAILED_LOGON, REMOTE_LOGON, temporal('1M')));
  assert.match(search.content.search, /^\| multisearch\n/);
  assert.match(search.content.search, /eval event_type="failed_logon"/);
  assert.match(search.content.search, /eval event_type="remote_logon"/);
  assert.match(search.content.search, /\| search event_type_count >= 2$/);
  assert.equal(search.content['dispatch.earliest_time'], '-1mon', "Splunk's m is minutes");
  assert.equal(render(load(FAILED_LOGON, REMOTE_LOGON, temporal('1y')))[0].content['dispatch.earliest_time'], '-1y');
  assert.equal(render(load(FAILED_LOGON, REMOTE_LOGON, temporal('2w')))[0].content['dispatch.earliest_time'], '-2w');
});

test('generate: true keeps the named rules as saved searches of their own', () => {
  const rules = load(FAILED_LOGON, REMOTE_LOGON, `title: Failure then remote logon
correlation: { type: temporal, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, generate: true }
`);
  assert.deepEqual([...byName(render(rules)).keys()].sort(), ['detctl - Failed logon', 'detctl - Failure then remote logon', 'detctl - Remote logon']);
});

test("the target's mapping applies to the named rules' searches inside the correlation", () => {
  const rules = load(FAILED_LOGON, `title: Many failed logons
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 10m, condition: { gte: 5 } }
`);
  const [mapped] = render(rules, { mapping: 'splunk_windows' });
  const correlation = rules.find((r) => r.kind === 'sigma-correlation')!;
  assert.equal(mapped.content.search, compileRule(correlation, 'spl', { mapping: 'splunk_windows' })[0]);
  assert.match(mapped.content.search, /^source="WinEventLog:Security" EventCode=4625\n/, "the log source's condition added, EventID renamed");
  assert.notEqual(mapped.content.search, render(rules)[0].content.search);
});

test("prefix, suppression, email and drilldowns are the target's, as for rules", () => {
  const rules = load(FAILED_LOGON, `title: Many failed logons
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 10m, condition: { gte: 5 } }
`);
  const [search] = render(rules, {
    namePrefix: 'SOC - ',
    suppress: '1h',
    actions: { email: { to: ['soc@example.net'] } },
    drilldowns: [{ name: 'Events', search: '%original_detection_search%' }],
  });
  assert.equal(search.name, 'SOC - Many failed logons');
  assert.equal(search.content['alert.suppress.period'], '1h');
  assert.equal(search.content['action.email.to'], 'soc@example.net');
  assert.equal(search.content['action.email.subject'], "Sigma Correlation 'Many failed logons'");
  assert.match(search.content['action.notable.param.drilldown_searches'], /stats count as event_count/);
});
