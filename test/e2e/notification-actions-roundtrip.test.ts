// A native watch with slack, pagerduty and jira actions written the way a person writes them —
// not the way Watcher writes them back (SlackMessage.Template: `to` and `attachments` as arrays;
// IncidentEvent.Template: `context` as `contexts`; JiraAction: `fields: {}` when absent) — deploys
// and then plans empty: the normaliser's rows for these actions (watch-serialisation.ts) cover
// every difference the sandbox's Watcher, read from the same classes independently, shows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { raw } from '../helpers/raw-http.js';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const WATCH = `id: notify-all
trigger:
  schedule: {interval: 10m}
input:
  simple: {n: 1}
actions:
  chat:
    slack:
      account: team
      message:
        to: "#soc"
        text: "hits: {{ctx.payload.n}}"
        attachments: {title: details, text: "{{ctx.watch_id}}"}
  quiet:
    slack:
      message: {to: [], text: nobody}
  page:
    pagerduty:
      description: "watch {{ctx.watch_id}} fired"
      context:
        - {type: link, href: "https://soc.example.net"}
  ticket:
    jira:
      account: sec
`;

let p: SandboxProject;
before(async () => {
  p = await sandboxProject({}, { 'rules/.keep': '', 'rules/notify.watch.yaml': WATCH });
});
after(() => p.close());

test('slack, pagerduty and jira actions: deploy once, then the plan is empty', async () => {
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err + deploy.out);
  assert.match(deploy.out, /1 created/);
  // The server does write these actions back differently, so the empty plan below is not vacuous.
  const got = await raw(p.sandbox.esUrl, '/_watcher/watch/notify-all', { headers: { authorization: `ApiKey ${p.sandbox.credentials.esApiKeyEncoded}` } });
  assert.equal(got.status, 200, got.text);
  const actions = (got.json as { watch: { actions: Record<string, Record<string, unknown>> } }).watch.actions;
  assert.deepEqual((actions.chat.slack as { message: unknown }).message, { to: ['#soc'], text: 'hits: {{ctx.payload.n}}', attachments: [{ title: 'details', text: '{{ctx.watch_id}}' }] });
  assert.deepEqual((actions.quiet.slack as { message: unknown }).message, { text: 'nobody' });
  assert.deepEqual(actions.page.pagerduty, { description: 'watch {{ctx.watch_id}} fired', contexts: [{ type: 'link', href: 'https://soc.example.net' }] });
  assert.deepEqual(actions.ticket.jira, { account: 'sec', fields: {} });
  const plan = await p.cli(['plan', '--env', 'e2e']);
  assert.equal(plan.code, 0, plan.err);
  assert.match(plan.out, /Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged\./, plan.out);
});
