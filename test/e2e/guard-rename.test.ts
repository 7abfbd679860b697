// Issue 11, acceptance 6, against the sandbox over HTTP: the mass-delete guard's floor (removing
// 1 of 2 or 1 of 4 rules deploys without --allow-mass-delete; a large removal still refuses, and
// `plan` warns beforehand), and a renamed rule as one replace per target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { environmentYaml, sandboxProject } from '../helpers/sandbox-project.js';

const repo = resolve(import.meta.dirname, '..', '..');

test('removing 1 of 4 rules is no mass delete: plan warns of nothing, deploy needs no flag', async () => {
  const p = await sandboxProject();
  try {
    assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
    rmSync(join(p.dir, 'rules/sigma/linux_iptables_flush.yml'));
    const plan = await p.cli(['plan', '--env', 'e2e']);
    assert.equal(plan.code, 0, plan.err);
    assert.doesNotMatch(plan.out + plan.err, /warning|allow-mass-delete/);
    assert.match(plan.out, /Plan: 0 to create, 0 to update, 2 to delete, 11 unchanged\./);
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err);
    assert.match(deploy.out, /0 created, 0 updated, 2 deleted/);
  } finally {
    await p.close();
  }
});

test('removing 1 of 2 rules is no mass delete either', async () => {
  const p = await sandboxProject({}, { 'rules/.keep': '' });
  try {
    for (const f of ['linux_iptables_flush.yml', 'certutil_url_download.yml']) cpSync(join(repo, 'rules/sigma', f), join(p.dir, 'rules/sigma', f));
    const first = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^Deployed e2e: 4 created/m);
    rmSync(join(p.dir, 'rules/sigma/certutil_url_download.yml'));
    const plan = await p.cli(['plan', '--env', 'e2e', '--format', 'json']);
    assert.equal(plan.code, 0, plan.err);
    assert.deepEqual(JSON.parse(plan.out).massDelete, []);
    assert.equal(plan.err, '');
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err);
    assert.match(deploy.out, /0 created, 0 updated, 2 deleted/);
  } finally {
    await p.close();
  }
});

test('a large removal still refuses, and plan says so first (text, markdown, JSON)', async () => {
  const p = await sandboxProject();
  try {
    assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
    // Only the ESCU rule stays: elastic is emptied (4 of 4), splunk loses 4 of its 9 objects.
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('rules: [rules/]', 'rules: [rules/escu/]'));
    const text = await p.cli(['plan', '--env', 'e2e']);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^warning: deletes 4 of the 4 objects detctl manages on target "elastic" \(100%\): `deploy` will refuse this unless given --allow-mass-delete/m);
    assert.match(text.out, /^warning: deletes 4 of the 9 objects detctl manages on target "splunk" \(44%\)/m);
    const markdown = await p.cli(['plan', '--env', 'e2e', '--format', 'markdown']);
    assert.match(markdown.out, /> \[!WARNING\]\n> deletes 4 of the 4 objects detctl manages on target "elastic"/);
    const json = await p.cli(['plan', '--env', 'e2e', '--format', 'json', '--out', 'plan.json']);
    const expected = [
      { target: 'elastic', deletes: 4, managed: 4 },
      { target: 'splunk', deletes: 4, managed: 9 },
    ];
    assert.deepEqual(JSON.parse(json.out).massDelete, expected);
    assert.deepEqual(JSON.parse(readFileSync(join(p.dir, 'plan.json'), 'utf8')).massDelete, expected);
    assert.match(json.err, /^warning: deletes 4 of the 4 objects detctl manages on target "elastic"/m);
    const refused = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /would delete too much of elastic \(100% of its managed objects\), splunk \(44% of its managed objects\)/);
    const saved = await p.cli(['deploy', '--env', 'e2e', '--yes', '--plan', 'plan.json']);
    assert.equal(saved.code, 1);
    assert.match(saved.err, /would delete too much/);
    const allowed = await p.cli(['deploy', '--env', 'e2e', '--yes', '--allow-mass-delete']);
    assert.equal(allowed.code, 0, allowed.err);
    assert.match(allowed.out, /0 created, 0 updated, 8 deleted/);
  } finally {
    await p.close();
  }
});

test("a Sigma rule's title changed: one replace per target, applied, then plan is empty", async () => {
  const p = await sandboxProject();
  try {
    // Without an `id`, a rule's watch is named after its title, as its saved search always is
    // (a title without whitespace: Watcher refuses ids holding any).
    const file = join(p.dir, 'rules/sigma/linux_iptables_flush.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*\n/m, '').replace('title: Firewall Rules Flushed With iptables', 'title: Iptables_Flush'));
    const first = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(first.code, 0, first.err);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Iptables_Flush', 'title: Host_Firewall_Flushed'));

    const plan = await p.cli(['plan', '--env', 'e2e']);
    assert.equal(plan.code, 0, plan.err);
    const replaces = plan.out.split('\n').filter((l) => /replace/.test(l) && l.startsWith('  '));
    assert.deepEqual(replaces, [
      '  -/+ replace watch detctl-e2e-Host_Firewall_Flushed (rules/sigma/linux_iptables_flush.yml), renamed from detctl-e2e-Iptables_Flush',
      '  -/+ replace saved-search detctl - Host_Firewall_Flushed (rules/sigma/linux_iptables_flush.yml), renamed from detctl - Iptables_Flush',
    ]);
    assert.doesNotMatch(plan.out, /^ {2}[+-] (create|delete) /m);
    assert.match(plan.out, /Plan: 0 to create, 0 to update, 2 to replace, 0 to delete, 11 unchanged\./);
    assert.doesNotMatch(plan.out, /warning/);
    const markdown = await p.cli(['plan', '--env', 'e2e', '--format', 'markdown']);
    assert.match(markdown.out, /^- \*\*replace\*\* saved-search `detctl - Host_Firewall_Flushed` \(renamed from `detctl - Iptables_Flush`\)/m);
    const json = JSON.parse((await p.cli(['plan', '--env', 'e2e', '--format', 'json'])).out);
    assert.deepEqual(
      json.changes.filter((c: { action: string }) => c.action === 'replace').map((c: { target: string; renamedFrom: string }) => [c.target, c.renamedFrom]),
      [['elastic', 'detctl-e2e-Iptables_Flush'], ['splunk', 'detctl - Iptables_Flush']],
    );

    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err);
    assert.match(deploy.out, /Deployed e2e: 2 created, 0 updated, 2 deleted, 11 unchanged, 0 failed\./);
    const after = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
    assert.equal(after.code, 0, after.out);
    assert.match(after.out, /Plan: 0 to create, 0 to update, 0 to delete, 13 unchanged\./);
  } finally {
    await p.close();
  }
});

test("with a rule id, a title change renames only the saved search: one replace there, an update of the watch", async () => {
  const p = await sandboxProject();
  try {
    assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
    const file = join(p.dir, 'rules/sigma/linux_iptables_flush.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Firewall Rules Flushed With iptables', 'title: Host Firewall Flushed'));
    const plan = await p.cli(['plan', '--env', 'e2e']);
    assert.equal(plan.code, 0, plan.err);
    assert.match(plan.out, /^ {2}-\/\+ replace saved-search detctl - Host Firewall Flushed \(rules\/sigma\/linux_iptables_flush\.yml\), renamed from detctl - Firewall Rules Flushed With iptables$/m);
    assert.match(plan.out, /^ {2}~ update watch detctl-e2e-8e2b6d41-3f5a-4c7e-b0d9-1a2f3e4d5c6b /m);
    assert.match(plan.out, /Plan: 0 to create, 1 to update, 1 to replace, 0 to delete, 11 unchanged\./);
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err);
    assert.match(deploy.out, /Deployed e2e: 1 created, 1 updated, 1 deleted, 11 unchanged, 0 failed\./);
    assert.match((await p.cli(['plan', '--env', 'e2e'])).out, /Plan: 0 to create, 0 to update, 0 to delete, 13 unchanged\./);
  } finally {
    await p.close();
  }
});
