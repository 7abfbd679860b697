// Native definitions (issue 15): export and load are inverse through the normalisers' own tables
// (a listed object written as a file reads back to the same canonical form), file names from ids
// stay in their folder, and the plan adopts only what a native definition names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { buildPlan } from '../../src/plan/build-plan.js';
import { safeName } from '../../src/deploy/import.js';
import { watchFiles } from '../../src/targets/elasticsearch/build-layout.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import type { NativeSavedSearch, NativeWatch } from '../../src/rules/native/model.js';
import { checkNativeWatch, exportNativeWatch, renderNativeWatch } from '../../src/targets/elasticsearch/native-watch.js';
import { canonicalWatch, normaliseWatch, withoutDefaults } from '../../src/targets/elasticsearch/normalise-watch.js';
import { REDACTED } from '../../src/targets/elasticsearch/watch-serialisation.js';
import { exportNativeSavedSearch, renderNativeSavedSearch } from '../../src/targets/splunk/native-saved-search.js';
import { canonicalLive, canonicalSplunkObject, managedKeys } from '../../src/targets/splunk/normalise-saved-search.js';
import type { LiveObject } from '../../src/targets/target-object.js';
import { desired, input, liveOf, savedSearch, watch } from '../helpers/plan-fixtures.js';
import { tempProject } from '../helpers/run-cli.js';

/** A watch as Watcher writes it back: every default filled in, times in millis, the password hidden. */
const SERVER_WATCH = {
  trigger: { schedule: { interval: '5m' } },
  input: { search: { request: { search_type: 'query_then_fetch', indices: ['logs-*'], rest_total_hits_as_int: true, body: { query: { match_all: {} } } }, timeout_in_millis: 30000 } },
  condition: { script: { source: 'return true', lang: 'painless' } },
  throttle_period_in_millis: 3600000,
  actions: {
    hook: {
      throttle_period_in_millis: 600000,
      webhook: { scheme: 'https', host: 'h.example.net', port: 443, method: 'post', path: '/x', params: {}, headers: {}, auth: { basic: { username: 'u', password: REDACTED } } },
    },
    log: { logging: { level: 'info', text: 'hi' } },
    mail: { email: { profile: 'standard', to: ['a@example.net'], attachments: { d: { data: { format: 'yaml' } } } } },
  },
  metadata: { team: 'soc' },
};

function liveWatch(id: string, watchBody: Record<string, unknown>, active = true): LiveObject {
  return { target: 'es', kind: 'watch', id, owned: false, canonical: canonicalWatch(watchBody, active), raw: { watch: watchBody, active } };
}

/** The file `detctl import` writes, read back by the loader, as the watch its provider renders. */
function reimported(exported: { definition: Record<string, unknown> }, file: string): NativeWatch | NativeSavedSearch {
  const dir = tempProject({ [file]: jsyaml.dump(exported.definition, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1 }) });
  const loaded = loadRuleFile({ path: file, absolute: `${dir}/${file}` });
  assert.deepEqual(loaded.diagnostics, []);
  return loaded.rule as NativeWatch | NativeSavedSearch;
}

test('a watch without its server defaults normalises back to the same watch', () => {
  const plain = withoutDefaults(SERVER_WATCH);
  assert.deepEqual(normaliseWatch(plain), normaliseWatch(SERVER_WATCH));
  assert.equal(JSON.stringify(plain).includes('_in_millis'), false);
  assert.deepEqual(plain.throttle_period, '1h');
  const request = (plain.input as { search: { request: Record<string, unknown>; timeout: string } }).search;
  assert.deepEqual(Object.keys(request.request), ['indices', 'body'], 'search_type and rest_total_hits_as_int were the defaults');
  assert.equal(request.timeout, '30s');
  assert.deepEqual(plain.condition, { script: { source: 'return true' } });
  const actions = plain.actions as Record<string, Record<string, Record<string, unknown>>>;
  assert.deepEqual(Object.keys(actions.hook.webhook), ['scheme', 'host', 'port', 'method', 'path', 'auth'], 'method post is not the default (get): kept');
  assert.deepEqual(actions.log.logging, { text: 'hi' });
  assert.deepEqual(actions.mail.email, { to: ['a@example.net'], attachments: { d: { data: {} } } });
});

test('export → file → load → render: the same detection, ownership added, the password a placeholder', () => {
  const live = liveWatch('legacy/watch-1', SERVER_WATCH, false);
  const exported = exportNativeWatch(live);
  assert.deepEqual(exported.variables.map((v) => v.name), ['LEGACY_WATCH_1_HOOK_PASSWORD']);
  assert.equal(exported.definition.active, false);
  const rule = reimported(exported, 'rules/x.watch.yaml') as NativeWatch;
  assert.equal(rule.id, 'legacy/watch-1');
  assert.deepEqual(rule.variables.map((v) => v.name), ['LEGACY_WATCH_1_HOOK_PASSWORD']);
  const rendered = renderNativeWatch(rule, { target: 'es', env: 'prod' });
  assert.equal(rendered.active, false);
  assert.equal(rendered.adopt, true);
  const { metadata: desiredMetadata, ...desiredDetection } = canonicalWatch(rendered.body, rendered.active);
  const { metadata: liveMetadata, ...liveDetection } = live.canonical;
  assert.deepEqual(desiredDetection, liveDetection, 'the detection itself is unchanged');
  assert.deepEqual(liveMetadata, { team: 'soc' });
  assert.equal((desiredMetadata as Record<string, unknown>).team, 'soc', "the watch's own metadata is kept");
  assert.equal((desiredMetadata as Record<string, unknown>).managed_by, 'detctl');
  assert.equal((desiredMetadata as Record<string, unknown>).env, 'prod');
});

test('a saved search: only what differs from splunkd defaults, by conf names, reads back equal', () => {
  const content = { search: 'index=main x ', is_scheduled: true, cron_schedule: '*/5 * * * *', 'alert.severity': 3, 'alert.suppress': null, alert_type: 'number of events', disabled: false, 'dispatch.max_count': 500000, 'alert.track': '0' };
  const live: LiveObject = { target: 'splunk', kind: 'saved-search', id: 'Old search', owned: false, canonical: canonicalLive(content, managedKeys({})), raw: { name: 'Old search', acl: { app: 'search' }, content } };
  const exported = exportNativeSavedSearch(live);
  assert.deepEqual(exported.definition, { name: 'Old search', app: 'search', search: 'index=main x', enableSched: '1', cron_schedule: '*/5 * * * *', counttype: 'number of events' });
  const rule = reimported(exported, 'rules/x.savedsearch.yaml') as NativeSavedSearch;
  const rendered = renderNativeSavedSearch(rule, { target: 'splunk', app: 'search', owner: 'nobody' });
  assert.deepEqual(canonicalSplunkObject(rendered), live.canonical);
});

test('file names from ids and names: no separators, no leading dots, never empty', () => {
  assert.equal(safeName('../../etc/passwd'), 'etc_passwd');
  assert.equal(safeName('a\\b/c'), 'a_b_c');
  assert.equal(safeName('.hidden'), 'hidden');
  assert.equal(safeName('///'), '_');
  assert.equal(safeName('x'.repeat(300)).length, 100);
  assert.equal(safeName('Hand search 01'), 'Hand_search_01');
});

test('plan: a native definition adopts the unowned object it names; a generated one still collides', () => {
  const adopted = { ...watch('legacy-1'), adopt: true as const };
  const search = { ...savedSearch('Legacy search'), adopt: true as const };
  const plan = buildPlan(
    input({
      desired: desired(adopted, search, watch('detctl-x')),
      live: [liveOf(watch('legacy-1', 'EventID:1'), false), liveOf(savedSearch('Legacy search'), false), liveOf(watch('detctl-x'), false), liveOf(watch('hand-made'), false)],
    }),
  );
  const elsewhere = buildPlan(input({ desired: desired({ ...watch('theirs'), adopt: true }), live: [{ ...liveOf(watch('theirs'), false), managedElsewhere: true }] }));
  assert.deepEqual([elsewhere.changes.length, elsewhere.collisions.map((c) => c.id)], [0, ['theirs']], "another environment's watch is never adopted");
  assert.deepEqual(
    plan.changes.map((c) => `${c.action} ${c.id}`),
    ['adopt legacy-1', 'adopt Legacy search'],
  );
  assert.equal(plan.changes[0].fields.length > 0, true, 'what differs is shown');
  assert.deepEqual(plan.changes[1].fields, []);
  assert.deepEqual(plan.summary, { create: 0, update: 0, replace: 0, delete: 0, noop: 0, adopt: 2 });
  assert.deepEqual(plan.collisions.map((c) => c.id), ['detctl-x']);
});

test('plan: an object adopted by the history is managed — deleted when its file goes, never one nobody adopted', () => {
  const key = (id: string) => JSON.stringify(['splunk', 'saved-search', id]);
  const plan = buildPlan(
    input({
      desired: desired({ ...savedSearch('Kept'), adopt: true }),
      live: [liveOf(savedSearch('Kept'), false), liveOf(savedSearch('Gone'), false), liveOf(savedSearch('Never adopted'), false)],
      adopted: new Set([key('Kept'), key('Gone')]),
    }),
  );
  assert.deepEqual(
    plan.changes.map((c) => `${c.action} ${c.id}`),
    ['delete Gone', 'noop Kept'],
  );
});

test('every valid watch fixture of the grammar loads, passes its target\'s checks and renders with its id', () => {
  const dir = resolve(import.meta.dirname, '../fixtures/native-watches/valid');
  const files = readdirSync(dir).filter((f) => /\.watch\.(json|ya?ml)$/.test(f));
  assert.ok(files.length > 10);
  for (const file of files) {
    const loaded = loadRuleFile({ path: file, absolute: join(dir, file) });
    assert.deepEqual(loaded.diagnostics, [], file);
    const rule = loaded.rule as NativeWatch;
    assert.deepEqual(checkNativeWatch(rule), [], file);
    assert.equal(renderNativeWatch(rule, { target: 'es', env: 'e' }).id, rule.id);
  }
});

test('build names a native watch file safely after its id, each its own', () => {
  const w = (id: string) => ({ ...watch(id), adopt: true as const });
  const files = watchFiles([w('../../x'), w('x'), w('X'), w('a/b')]);
  assert.deepEqual(files.map((f) => f.path), ['es/watches/x.json', 'es/watches/x-2.json', 'es/watches/X-3.json', 'es/watches/a_b.json']);
  assert.equal(JSON.parse(files[0].content).id, '../../x', 'the id itself is in the file');
});
