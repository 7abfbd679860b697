// Secrets in watches (issue 9, 1; issue 11): Watcher never shows a password again, so rendered
// watches hold the password's reference `${VAR}` (compared as the redacted marker) and a hash of
// the secret in their metadata; the target puts the real value into the request only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseEnvironment } from '../../src/config/load-environment.js';
import { canonicalWatch, withSecrets } from '../../src/targets/elasticsearch/normalise-watch.js';
import { REDACTED } from '../../src/targets/elasticsearch/watch-serialisation.js';
import { resolveReferences } from '../../src/base/references.js';
import type { WatchObject } from '../../src/targets/elasticsearch/objects.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { checkRuleOverrides } from '../../src/targets/sigma-overrides.js';
import { loadDesiredStateFrom } from '../helpers/desired-state.js';

const root = resolve(import.meta.dirname, '..', '..');
const ENV = `rules: [rules/sigma/t1086_remote_powershell_session.yml]
targets:
  es:
    type: elasticsearch
    url: http://127.0.0.1:9200
    auth: {apiKey: "\${KEY}"}
    watch:
      actions:
        webhook: {url: "https://hooks.example.net/in?team=soc", auth: {username: detctl, password: "\${HOOK}"}}
`;

function renderWith(password: string): WatchObject {
  const { environment, diagnostics } = parseEnvironment(ENV, 'environments/t.yaml', 't', { KEY: 'k', HOOK: password });
  assert.deepEqual(diagnostics, []);
  const [watch] = loadDesiredStateFrom(root, environment!);
  assert.equal(watch.kind, 'watch');
  return watch as WatchObject;
}

const webhookOf = (body: Record<string, unknown>) => (body.actions as Record<string, { webhook: Record<string, unknown> }>).webhook.webhook;

test('a rendered watch holds the reference and a hash, never the password', () => {
  const watch = renderWith('correct horse battery staple');
  assert.ok(!JSON.stringify(watch).includes('correct horse'));
  assert.deepEqual(webhookOf(watch.body).auth, { basic: { username: 'detctl', password: '${HOOK}' } });
  assert.equal((canonicalWatch(watch.body, true) as { actions: { webhook: { webhook: { auth: { basic: { password: string } } } } } }).actions.webhook.webhook.auth.basic.password, REDACTED, 'compared as Watcher shows it');
  assert.deepEqual(webhookOf(watch.body).params, { team: 'soc' }, 'the query string of the url becomes params');
  const metadata = watch.body.metadata as Record<string, unknown>;
  assert.match(String(metadata.secrets_hash), /^[0-9a-f]{32}$/);
});

test('changing the password changes the hash, so the plan sees the change', () => {
  const a = renderWith('first-password');
  const b = renderWith('second-password');
  const c = renderWith('first-password');
  assert.notEqual((a.body.metadata as Record<string, unknown>).secrets_hash, (b.body.metadata as Record<string, unknown>).secrets_hash);
  assert.notDeepEqual(canonicalWatch(a.body, true), canonicalWatch(b.body, true));
  assert.deepEqual(canonicalWatch(a.body, true), canonicalWatch(c.body, true));
});

test('the request gets the real password; a missing one is an error, not a PUT of the reference', () => {
  const watch = renderWith('s3cret-password');
  const references = [{ name: 'KEY', value: 'k' }, { name: 'HOOK', value: 's3cret-password' }];
  const sent = resolveReferences(watch.body, references);
  assert.equal((webhookOf(sent).auth as { basic: { password: string } }).basic.password, 's3cret-password');
  assert.equal((webhookOf(watch.body).auth as { basic: { password: string } }).basic.password, '${HOOK}', 'the rendered object is not changed');
  assert.throws(() => resolveReferences(watch.body, [{ name: 'HOOK', value: undefined }]), /HOOK is not set/);
});

test('a password too short to hide is rendered as the marker, and the target fills it in', () => {
  const watch = renderWith('abc');
  assert.equal((webhookOf(watch.body).auth as { basic: { password: string } }).basic.password, REDACTED);
  const sent = withSecrets(watch.body, { 'webhook-password': 'abc' });
  assert.equal((webhookOf(sent).auth as { basic: { password: string } }).basic.password, 'abc');
  assert.throws(() => withSecrets(watch.body, {}), /webhook password/);
});

test('a live watch whose password is encrypted compares equal to the desired one', () => {
  const watch = renderWith('s3cret');
  const live = structuredClone(watch.body);
  (webhookOf(live).auth as { basic: { password: string } }).basic.password = '::es_encrypted::AAECAwQ=';
  assert.deepEqual(canonicalWatch(live, true), canonicalWatch(watch.body, true));
});

test('a rule cannot carry webhook credentials of its own: rule files are not interpolated and live in git', () => {
  const rule = `title: T\nid: 5b1e0c3a-0d7e-4f51-9c7a-1a2b3c4d5e6f\nlogsource: {product: windows}\ndetection: {sel: {a: b}, condition: sel}\ncustom:\n  actions:\n    webhook: {url: "https://h.example.net/", auth: {username: u, password: p}}\n`;
  const loaded = loadRuleFile({ path: 'rules/t.yml', absolute: '/nonexistent' }, rule);
  assert.ok(loaded.rule && loaded.rule.kind === 'sigma');
  const problems = checkRuleOverrides(loaded.rule);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /webhook: Unrecognized key: "auth"|auth/);
  assert.equal(problems[0].location?.file, 'rules/t.yml');
  assert.equal(problems[0].location?.line, 5, 'the line of custom:');
});
