// Issue 14, acceptance 3: a Sigma filter referenced by one environment changes exactly one rule's
// query in that environment's plan (its watch and its saved search), and nothing in another
// environment deployed from the same rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentYaml, sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const CERTUTIL = '3c1f0a52-7d2b-4b8e-9a41-6f0d2c9e8b17'; // rules/sigma/certutil_url_download.yml
const FILTER = `title: Software deployment runs certutil from its agent
id: 7d0c3a8e-4b6f-4f2a-9c1d-2e5b8a9f0c31
description: The deployment agent downloads packages with certutil.
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - ${CERTUTIL}
    selection:
        ParentImage|endswith: '\\deployagent.exe'
    condition: not selection
`;

interface Change {
  action: string;
  kind: string;
  id: string;
  source?: string;
  fields: { path: string; before?: unknown; after?: unknown }[];
}

let p: SandboxProject;
before(async () => {
  p = await sandboxProject({}, { 'filters/mf_deploy_agent_certutil.yml': FILTER });
  // A second environment from the same rules on the same servers, under its own names.
  writeFileSync(join(p.dir, 'environments/tuned.yaml'), environmentYaml(p.sandbox).replace('idPrefix: detctl-e2e-', 'idPrefix: detctl-tuned-').replace('namePrefix: "detctl - "', 'namePrefix: "tuned - "'));
  for (const env of ['e2e', 'tuned']) {
    const r = await p.cli(['deploy', '--env', env, '--yes']);
    assert.equal(r.code, 0, r.err);
  }
});
after(() => p.close());

async function plan(env: string): Promise<Change[]> {
  const r = await p.cli(['plan', '--env', env, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return (JSON.parse(r.out) as { changes: Change[] }).changes.filter((c) => c.action !== 'noop');
}

test('a filter changes one rule\'s query in the environment that references it, and nothing elsewhere', async () => {
  assert.deepEqual(await plan('tuned'), []);
  writeFileSync(join(p.dir, 'environments/tuned.yaml'), environmentYaml(p.sandbox).replace('idPrefix: detctl-e2e-', 'idPrefix: detctl-tuned-').replace('namePrefix: "detctl - "', 'namePrefix: "tuned - "').replace('rules: [rules/]', 'rules: [rules/]\nfilters: [filters/]'));

  const changes = await plan('tuned');
  // One rule, both of its objects, and in each only the query.
  assert.deepEqual(changes.map((c) => [c.action, c.kind, c.source]).sort(), [
    ['update', 'saved-search', 'rules/sigma/certutil_url_download.yml'],
    ['update', 'watch', 'rules/sigma/certutil_url_download.yml'],
  ]);
  const watch = changes.find((c) => c.kind === 'watch')!;
  assert.equal(watch.id, `detctl-tuned-${CERTUTIL}`);
  // The query, the metadata copy of it, and the content hash derived from them: nothing else.
  assert.deepEqual(watch.fields.map((f) => f.path), ['input.search.request.body.query.bool.must', 'metadata.content_hash', 'metadata.query']);
  const query = watch.fields.find((f) => f.path === 'metadata.query')!;
  assert.match(String(query.after), /^\(.*\) AND \(NOT ParentImage:\*\\\\deployagent\.exe\)$/);
  assert.equal(String(query.after).startsWith(`(${String(query.before)})`), true);
  const search = changes.find((c) => c.kind === 'saved-search')!;
  // The search, and the drilldown that runs it (%original_detection_search% is the search itself).
  assert.deepEqual(search.fields.map((f) => f.path), ['["action.notable.param.drilldown_searches"]', 'search']);
  const spl = search.fields.find((f) => f.path === 'search')!;
  assert.equal(spl.after, `${String(spl.before)} NOT ParentImage="*\\\\deployagent.exe"`);

  // The other environment's plan is unchanged (and so are its servers' objects).
  assert.deepEqual(await plan('e2e'), []);
  assert.equal((await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode'])).code, 0);

  // Deployed, the tuned environment is in sync again.
  const deployed = await p.cli(['deploy', '--env', 'tuned', '--yes']);
  assert.equal(deployed.code, 0, deployed.err);
  assert.match(deployed.out, /0 created, 2 updated/);
  assert.deepEqual(await plan('tuned'), []);
});
