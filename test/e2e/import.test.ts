// Acceptance (issue 15, 1, 2, 3 in part, 4): bring what is live under management. 20 watches of
// varied shapes and 20 saved searches made by hand through the sandbox's REST APIs (the optional
// fields left out, so the server fills its defaults); `detctl import` writes 40 native files;
// `plan` shows 40 adopts and nothing else; `deploy` writes each once, in place (no create, no
// DELETE); the next plan is empty; every object's detection content is what it was. Editing an
// imported file is one update, deleting one is one delete. Malformed native files fail with
// path:line:col and no write request. 5,000 unowned objects per target are imported with at most
// 3 list requests per target.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '@detctl/sandbox';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';
import { raw } from '../helpers/raw-http.js';

const APP = 'detections';
const HOOK_PASSWORD = 'hook-password-4f1d9a';

function esHeaders(sb: Sandbox): Record<string, string> {
  return { authorization: `ApiKey ${sb.credentials.esApiKeyEncoded}`, 'content-type': 'application/json' };
}

async function putWatch(sb: Sandbox, id: string, body: unknown, active = true): Promise<void> {
  const r = await raw(sb.esUrl, `/_watcher/watch/${encodeURIComponent(id)}?active=${active}`, { method: 'PUT', headers: esHeaders(sb), body: JSON.stringify(body) });
  assert.equal(r.status, r.status === 201 ? 201 : 200, `PUT watch ${id}: ${r.text}`);
}

async function postSearch(sb: Sandbox, fields: Record<string, string>): Promise<void> {
  const r = await raw(sb.splunkUrl, `/servicesNS/nobody/${APP}/saved/searches?output_mode=json`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sb.credentials.splunk.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  assert.ok(r.status === 201 || r.status === 200, `POST saved search ${fields.name}: ${r.status} ${r.text}`);
}

/** 20 watches: every action type a native watch may hold (Watcher's seven), cron and interval schedules, few optional fields. */
function handWatches(): { id: string; body: Record<string, unknown>; active: boolean }[] {
  const search = (q: string, extra: Record<string, unknown> = {}) => ({ search: { request: { indices: ['logs-*'], body: { query: { query_string: { query: q } } } }, ...extra } });
  const schedules = [{ interval: '5m' }, { interval: 90 }, { cron: '0 0/15 * * * ?' }, { hourly: { minute: [0, 30] } }, { daily: { at: '03:00' } }];
  const actions: Record<string, unknown>[] = [
    { mail: { email: { to: 'soc@example.net', subject: 'hit' } } },
    { hook: { webhook: { host: 'hooks.example.net', port: 443, scheme: 'https', path: '/in', method: 'post', body: '{{ctx.payload.hits.total}}', auth: { basic: { username: 'svc', password: HOOK_PASSWORD } } } } },
    { store: { index: { index: 'alerts' }, throttle_period: '10m' } },
    { log: { logging: { text: 'hits: {{ctx.payload.hits.total}}' } } },
    { log: { logging: { text: 'x', level: 'warn' } }, mail: { throttle_period: 300, email: { to: ['a@example.net', 'b@example.net'], body: 'see {{ctx.watch_id}}' } } },
    // slack, pagerduty and jira in forms Watcher writes back otherwise (to and attachments as
    // arrays, context as contexts, fields: {}): import must not write the server's defaults.
    { chat: { slack: { message: { to: '#soc', text: 'hits: {{ctx.payload.hits.total}}', attachments: { title: 'details' } } } } },
    { page: { pagerduty: { description: 'watch {{ctx.watch_id}} fired', context: [{ type: 'link', href: 'https://soc.example.net' }] } } },
    { ticket: { jira: { fields: { project: { key: 'SOC' }, issuetype: { name: 'Bug' }, summary: 'watch {{ctx.watch_id}}' } } }, triage: { jira: { account: 'sec' } } },
  ];
  return Array.from({ length: 20 }, (_, i) => {
    const body: Record<string, unknown> = {
      trigger: { schedule: schedules[i % schedules.length] },
      input: i % 7 === 6 ? { simple: { n: i } } : search(`event.code:${4600 + i}`, i % 4 === 3 ? { timeout: '30s' } : {}),
      ...(i % 3 === 0 ? { condition: { compare: { 'ctx.payload.hits.total': { gt: 0 } } } } : i % 3 === 1 ? { condition: { script: 'return ctx.payload.hits.total > 1' } } : {}),
      actions: actions[i % actions.length],
      ...(i % 5 === 4 ? { metadata: { owner: 'team-a', note: `watch ${i}` } } : {}),
      ...(i % 6 === 5 ? { throttle_period: '1h' } : {}),
    };
    return { id: i === 19 ? '../Hand/../watch:19' : `hand-watch-${String(i).padStart(2, '0')}`, body, active: i % 8 !== 7 };
  });
}

/** 20 saved searches, alerts and reports, a few settings each. */
function handSearches(): Record<string, string>[] {
  return Array.from({ length: 20 }, (_, i) => ({
    name: i === 19 ? 'Hand/made: search 19' : `Hand search ${String(i).padStart(2, '0')}`,
    search: `index=main sourcetype=syslog error_${i} | stats count by host`,
    ...(i % 2 === 0 ? { is_scheduled: '1', cron_schedule: i % 4 === 0 ? '*/10 * * * *' : '0 * * * *', 'dispatch.earliest_time': '-1h', 'dispatch.latest_time': 'now' } : {}),
    ...(i % 3 === 0 ? { 'alert.severity': '4', description: `made by hand ${i}` } : {}),
    ...(i % 5 === 1 ? { 'action.email': '1', 'action.email.to': 'soc@example.net' } : {}),
    ...(i % 7 === 2 ? { disabled: '1' } : {}),
  }));
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every watch's detection content (the definition without metadata) and active state, as GET answers. */
async function watchesNow(sb: Sandbox): Promise<Map<string, string>> {
  const r = await raw(sb.esUrl, '/_watcher/_query/watches', { method: 'POST', headers: esHeaders(sb), body: JSON.stringify({ size: 100 }) });
  const out = new Map<string, string>();
  for (const w of (r.json as { watches: { _id: string; watch: Record<string, unknown>; status: { state: { active: boolean } } }[] }).watches) {
    const { metadata: _m, ...detection } = w.watch;
    out.set(w._id, JSON.stringify([detection, w.status.state.active]));
  }
  return out;
}

/** Every saved search of the app with all its settings, as GET answers (but the time of its next run). */
async function searchesNow(sb: Sandbox): Promise<Map<string, string>> {
  const r = await raw(sb.splunkUrl, `/servicesNS/nobody/${APP}/saved/searches?output_mode=json&count=0`, { headers: { authorization: `Bearer ${sb.credentials.splunk.token}` } });
  const out = new Map<string, string>();
  // Without next_scheduled_time: Splunk computes it from cron_schedule when read, so it moves on at
  // each scheduled time whatever is written (a run across one saw every search "change").
  for (const e of (r.json as { entry: { name: string; acl: { app: string }; content: Record<string, unknown> }[] }).entry) {
    if (e.acl.app !== APP) continue;
    const { next_scheduled_time: _, ...content } = e.content;
    out.set(e.name, JSON.stringify(content));
  }
  return out;
}

const writesOf = (sb: Sandbox) =>
  sb.requestLog.filter((e) => e.method === 'PUT' || e.method === 'DELETE' || (e.method === 'POST' && !/_query|_search|\/services\/auth/.test(e.path) && !/\/saved\/searches$|conf-macros$/.test(e.path)) || (e.method === 'POST' && /\/saved\/searches$|conf-macros$/.test(e.path)));

describe('import: live objects into native files, adopted in place', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject({}, { 'rules/.keep': '' });
    for (const w of handWatches()) await putWatch(p.sandbox, w.id, w.body, w.active);
    for (const s of handSearches()) await postSearch(p.sandbox, s);
  });
  after(() => p.close());

  let before40: { watches: Map<string, string>; searches: Map<string, string> };

  test('import writes 40 files and names the variables to set; plan shows 40 adopts and nothing else', async () => {
    before40 = { watches: await watchesNow(p.sandbox), searches: await searchesNow(p.sandbox) };
    assert.equal(before40.watches.size, 20);
    assert.equal(before40.searches.size, 20);
    p.sandbox.clearLog();
    const imported = await p.cli(['import', '--env', 'e2e']);
    assert.equal(imported.code, 0, imported.err);
    const written = files(join(p.dir, 'rules/imported'));
    assert.equal(written.length, 40, written.join('\n'));
    assert.equal(written.filter((f) => f.endsWith('.watch.yaml')).length, 20);
    assert.equal(written.filter((f) => f.endsWith('.savedsearch.yaml')).length, 20);
    // Names from ids and names never leave the folder; the tricky ones are still there, made safe.
    for (const f of written) assert.ok(f.startsWith(join(p.dir, 'rules/imported/')) && !f.slice(p.dir.length).split('/').includes('..'), f);
    assert.ok(written.some((f) => f.endsWith('elastic/Hand_.._watch_19.watch.yaml')), written.join('\n'));
    assert.equal(p.sandbox.requestLog.filter((e) => e.method !== 'GET' && !(e.method === 'POST' && /_query\/watches/.test(e.path))).length, 0, 'import writes nothing to the servers');
    // The webhook passwords Watcher hides are placeholders, and the output says which to set.
    const variables = [...imported.out.matchAll(/^ {2}([A-Z0-9_]+) {2}\(/gm)].map((m) => m[1]);
    assert.equal(variables.length, handWatches().filter((w) => JSON.stringify(w.body).includes(HOOK_PASSWORD)).length, imported.out);
    assert.ok(variables.length > 0);
    for (const v of variables) assert.match(readFileSync(written.find((f) => readFileSync(f, 'utf8').includes(`\${${v}}`))!, 'utf8'), new RegExp(`password: \\$\\{${v}\\}`));
    assert.match(imported.out, /Next: detctl plan --env e2e/);
    // What a person would have written: no server defaults.
    const plainWatch = readFileSync(written.find((f) => f.endsWith('hand-watch-02.watch.yaml'))!, 'utf8');
    for (const fill of ['rest_total_hits_as_int', 'search_type', 'query_then_fetch', 'always: {}', '_in_millis', 'lang: painless']) assert.ok(!plainWatch.includes(fill), `${fill} in\n${plainWatch}`);
    // Nor the default Watcher adds to jira (fields: {}).
    const watchTexts = written.filter((f) => f.endsWith('.watch.yaml')).map((f) => readFileSync(f, 'utf8'));
    assert.ok(watchTexts.some((t) => /pagerduty:/.test(t)) && watchTexts.some((t) => /account: sec/.test(t)), 'the pagerduty and jira watches were imported');
    for (const t of watchTexts) assert.ok(!/fields: \{\}/.test(t), t);
    const search = readFileSync(written.find((f) => f.endsWith('Hand_search_03.savedsearch.yaml'))!, 'utf8');
    assert.match(search, /^name: Hand search 03$/m);
    assert.match(search, /^app: detections$/m);
    assert.ok(!/alert_type|alert\.track|is_visible|dispatch\.max_count/.test(search), search);

    for (const v of variables) p.env[v] = HOOK_PASSWORD;
    const plan = await p.cli(['plan', '--env', 'e2e', '--format', 'json']);
    assert.equal(plan.code, 0, plan.err);
    const parsed = JSON.parse(plan.out) as { changes: { action: string; fields: { path: string }[] }[]; collisions: unknown[]; summary: Record<string, number> };
    assert.deepEqual(parsed.summary, { create: 0, update: 0, replace: 0, delete: 0, noop: 0, adopt: 40 });
    assert.equal(parsed.collisions.length, 0);
    // No change to the detections themselves: a watch's adopt adds ownership metadata only.
    for (const c of parsed.changes) for (const f of c.fields) assert.match(f.path, /^metadata\.|^acl$/, JSON.stringify(f));
    const text = await p.cli(['plan', '--env', 'e2e']);
    assert.match(text.out, /Plan: 40 to adopt, 0 to create, 0 to update, 0 to delete, 0 unchanged\./);
    assert.match(text.out, /& adopt watch hand-watch-00/);
    const markdown = await p.cli(['plan', '--env', 'e2e', '--format', 'markdown']);
    assert.match(markdown.out, /\| Adopt \|/);
    assert.ok(!(text.out + plan.out + markdown.out + imported.out + imported.err).includes(HOOK_PASSWORD), 'the password is never printed');
  });

  test('deploy adopts each object with one write in place; the next plan is empty; the detections are as they were', async () => {
    p.sandbox.clearLog();
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err + deploy.out);
    assert.match(deploy.out, /40 adopted, 0 created, 0 updated, 0 deleted/);
    const writes = writesOf(p.sandbox);
    assert.equal(writes.filter((e) => e.method === 'DELETE').length, 0, 'no DELETE');
    assert.equal(writes.filter((e) => e.method === 'POST' && /\/saved\/searches$/.test(e.path)).length, 0, 'no saved search created');
    assert.equal(writes.filter((e) => e.method === 'PUT').length, 20, 'one PUT per watch: its ownership metadata added');
    // A saved search's ownership is kept in the release history: nothing on it changes, nothing is written.
    assert.equal(writes.filter((e) => e.target === 'splunk').length, 0, 'no write to a saved search');

    const plan = await p.cli(['plan', '--env', 'e2e']);
    assert.equal(plan.code, 0, plan.err);
    assert.match(plan.out, /Plan: 0 to create, 0 to update, 0 to delete, 40 unchanged\./);

    const watches = await watchesNow(p.sandbox);
    for (const [id, detection] of before40.watches) assert.equal(watches.get(id), detection, `watch ${id}`);
    const searches = await searchesNow(p.sandbox);
    for (const [name, content] of before40.searches) assert.equal(searches.get(name), content, `saved search ${name}`);
    // The webhook password reached the server (GET hides it, the sandbox's store does not).
    const again = await p.cli(['import', '--env', 'e2e']);
    assert.match(again.out, /Imported 0 objects/, 'nothing left to import: all adopted');
  });

  test('editing an imported file gives one update; deleting one gives one delete; the rest stays', async () => {
    const dir = join(p.dir, 'rules/imported');
    const watchFile = join(dir, 'elastic/hand-watch-03.watch.yaml');
    writeFileSync(watchFile, readFileSync(watchFile, 'utf8').replace('event.code:4603', 'event.code:4703'));
    const searchFile = join(dir, 'splunk/Hand_search_04.savedsearch.yaml');
    rmSync(searchFile);
    p.sandbox.clearLog();
    const plan = await p.cli(['plan', '--env', 'e2e', '--format', 'json']);
    const parsed = JSON.parse(plan.out) as { changes: { action: string; id: string }[] };
    assert.deepEqual(parsed.changes.filter((c) => c.action !== 'noop').map((c) => `${c.action} ${c.id}`).sort(), ['delete Hand search 04', 'update hand-watch-03']);
    p.sandbox.clearLog();
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err);
    const writes = writesOf(p.sandbox);
    assert.deepEqual(writes.map((e) => `${e.method} ${decodeURIComponent(e.path.replace(/^\/servicesNS\/[^/]+\/[^/]+\//, ''))}`).sort(), ['DELETE saved/searches/Hand search 04', 'PUT /_watcher/watch/hand-watch-03']);
    const after = await p.cli(['plan', '--env', 'e2e']);
    assert.match(after.out, /Plan: 0 to create, 0 to update, 0 to delete, 39 unchanged\./, 'the deleted one is no longer managed');
  });

  test('an object nobody imported is never touched', async () => {
    await postSearch(p.sandbox, { name: 'Not imported', search: 'index=main x' });
    await putWatch(p.sandbox, 'not-imported', { trigger: { schedule: { interval: '1h' } }, actions: { log: { logging: { text: 'x' } } } });
    p.sandbox.clearLog();
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err);
    assert.match(deploy.out, /No changes/);
    assert.equal(writesOf(p.sandbox).length, 0);
  });
});

describe('malformed native files: path:line:col, and no request that writes', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject({}, {
      'rules/.keep': '',
      'rules/bad/unknown-key.savedsearch.yaml': 'name: X\nsearch: index=main\ncron_shedule: "*/5 * * * *"\n',
      'rules/bad/no-name.savedsearch.yaml': 'search: index=main\n',
      'rules/bad/bad-cron.savedsearch.yaml': 'name: Y\nsearch: index=main\ncron_schedule: "every 5 minutes"\n',
      'rules/bad/active.watch.yaml': 'id: w1\nactive: maybe\ntrigger: {schedule: {interval: 5m}}\n',
      'rules/bad/no-id.watch.json': '{\n  "trigger": {"schedule": {"interval": "5m"}}\n}\n',
      'rules/bad/owner.watch.yaml': 'id: w2\ntrigger: {schedule: {interval: 5m}}\nmetadata:\n  managed_by: me\n',
      'rules/bad/action-type.watch.yaml': 'id: w3\ntrigger: {schedule: {interval: 5m}}\nactions:\n  notify:\n    hipchat: {message: {body: hi}}\n',
      'rules/bad/schedule.watch.yaml': 'id: w4\ntrigger:\n  schedule:\n    interval: 5x\n',
      'rules/ok/fine.watch.yaml': 'id: fine\ntrigger: {schedule: {interval: 5m}}\n',
    });
  });
  after(() => p.close());

  test('validate reports the same problems without an environment', async () => {
    const r = await p.cli(['validate', 'rules']);
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown-key\.savedsearch\.yaml:3:1: error: unknown saved search setting 'cron_shedule'/);
    assert.match(r.err, /action-type\.watch\.yaml:5:5: error: unknown action type 'hipchat'/);
    assert.match(r.err, /schedule\.watch\.yaml:4:15: error: .*has no unit/);
    assert.match(r.out, /9 rule files checked, 8 with errors/);
  });

  test('every problem at its line and column; nothing sent', async () => {
    p.sandbox.clearLog();
    const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(r.code, 1);
    for (const expected of [
      /rules\/bad\/unknown-key\.savedsearch\.yaml:3:1: error: unknown saved search setting 'cron_shedule'; did you mean 'cron_schedule'\?/,
      /rules\/bad\/no-name\.savedsearch\.yaml:1:1: error: missing name/,
      /rules\/bad\/bad-cron\.savedsearch\.yaml:3:1: error: cron_schedule must be a five-field cron expression/,
      /rules\/bad\/active\.watch\.yaml:2:9: error: active must be true or false/,
      /rules\/bad\/no-id\.watch\.json:1:1: error: missing id/,
      /rules\/bad\/owner\.watch\.yaml:4:3: error: metadata\.managed_by is detctl's ownership metadata/,
      /rules\/bad\/action-type\.watch\.yaml:5:5: error: unknown action type 'hipchat'/,
      /rules\/bad\/schedule\.watch\.yaml:4:15: error: .*has no unit/,
    ]) {
      assert.match(r.err, expected);
    }
    assert.equal(p.sandbox.requestLog.length, 0, 'nothing was sent to any server');
  });
});

describe('import at scale: 5,000 unowned objects per target', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject({}, { 'rules/.keep': '' });
    // One answer holds every object: more time than the 2 s the other tests allow a request.
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), readFileSync(join(p.dir, 'environments/e2e.yaml'), 'utf8').replaceAll('timeout: 2s', 'timeout: 60s'));
    const body = { trigger: { schedule: { interval: '1h' } }, actions: { log: { logging: { text: 'x' } } } };
    for (let i = 0; i < 5000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => putWatch(p.sandbox, `bulk-${i + j}`, body)));
      await Promise.all(Array.from({ length: 50 }, (_, j) => postSearch(p.sandbox, { name: `Bulk ${i + j}`, search: `index=main ${i + j}` })));
    }
  });
  after(() => p.close());

  test('at most 3 list requests per target', async () => {
    p.sandbox.clearLog();
    const r = await p.cli(['import', '--env', 'e2e', '--out', 'rules/bulk']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Imported 10000 objects/);
    const es = p.sandbox.requestLog.filter((e) => e.target === 'elasticsearch' && e.path === '/_watcher/_query/watches');
    const splunk = p.sandbox.requestLog.filter((e) => e.target === 'splunk' && /\/saved\/searches$/.test(e.path) && e.method === 'GET');
    // The acceptance bound is 3; one page holds them all (import.md: a page of 10,000, count=0).
    assert.equal(es.length, 1, `${es.length} Watcher list requests`);
    assert.equal(splunk.length, 1, `${splunk.length} Splunk list requests`);
    assert.equal(p.sandbox.requestLog.filter((e) => /\/_watcher\/watch\//.test(e.path) || /\/saved\/searches\/./.test(e.path)).length, 0, 'no request per object');
  });
});

describe('rollback of an adoption gives the objects back as they were', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject({}, { 'rules/mine.watch.yaml': 'id: mine\ntrigger: {schedule: {interval: 1h}}\nactions:\n  log: {logging: {text: mine}}\n' });
  });
  after(() => p.close());

  test('rollback to the release before the adoption: one write in place per watch, no delete, no create; the objects are unmanaged again', async () => {
    const first = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(first.code, 0, first.err);
    await putWatch(p.sandbox, 'theirs', { trigger: { schedule: { interval: '10m' } }, actions: { log: { logging: { text: 'theirs' } } }, metadata: { team: 'b' } }, false);
    await postSearch(p.sandbox, { name: 'Theirs', search: 'index=main theirs', is_scheduled: '1', cron_schedule: '*/5 * * * *' });
    const before = { watches: await watchesNow(p.sandbox), searches: await searchesNow(p.sandbox) };
    assert.equal((await p.cli(['import', '--env', 'e2e'])).code, 0);
    const adopt = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.match(adopt.out, /2 adopted/);
    assert.notEqual((await watchesNow(p.sandbox)).get('theirs'), undefined);

    p.sandbox.clearLog();
    const rollback = await p.cli(['rollback', '--env', 'e2e', '--yes']);
    assert.equal(rollback.code, 0, rollback.err + rollback.out);
    const writes = writesOf(p.sandbox);
    assert.deepEqual(writes.map((e) => `${e.method} ${e.path}`), ['PUT /_watcher/watch/theirs'], 'the watch written back once; the saved search had nothing to write');
    const watches = await watchesNow(p.sandbox);
    assert.equal(watches.get('theirs'), before.watches.get('theirs'), 'the watch as it was before the adoption');
    const r = await raw(p.sandbox.esUrl, '/_watcher/watch/theirs', { headers: esHeaders(p.sandbox) });
    assert.deepEqual((r.json as { watch: { metadata: unknown } }).watch.metadata, { team: 'b' }, 'no ownership metadata left');
    assert.equal((await searchesNow(p.sandbox)).get('Theirs'), before.searches.get('Theirs'));

    // The files are still in the rules: the next plan adopts them again (nothing else changes).
    const plan = await p.cli(['plan', '--env', 'e2e', '--format', 'json']);
    const { noop: _unchanged, ...summary } = (JSON.parse(plan.out) as { summary: Record<string, number> }).summary;
    assert.deepEqual(summary, { create: 0, update: 0, replace: 0, delete: 0, adopt: 2 });
  });
});
