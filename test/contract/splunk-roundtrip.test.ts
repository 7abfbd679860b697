// The law for Splunk (issue 9): what detctl writes through its Splunk target, listed back from the
// sandbox's splunkd stand-in (which types and defaults every value as splunkd does, read from the
// spec and a real capture independently of detctl's key table), is canonically what was desired.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '@detctl/sandbox';
import { createSplunkService } from '../../src/targets/splunk/create-splunk-service.js';
import { SplunkTarget } from '../../src/targets/splunk/splunk-target.js';
import type { SplunkTarget as SplunkSettings } from '../../src/targets/splunk/settings.js';
import type { MacroObject, SavedSearchObject } from '../../src/targets/splunk/objects.js';
import { APP, escuSavedSearch, sigmaSavedSearch } from '../helpers/splunk-saved-searches.js';
import { bearerHeader, raw } from '../helpers/raw-http.js';

describe('Splunk round trip through the sandbox: write, list back, compare canonically', () => {
  let sb: Sandbox;
  let target: SplunkTarget;
  const sigma = sigmaSavedSearch();
  const escu = escuSavedSearch();

  before(async () => {
    sb = await startSandbox();
    const settings = { type: 'splunk', url: sb.splunkUrl, auth: { token: sb.credentials.splunk.token }, tls: {}, app: APP, owner: 'nobody' } as unknown as SplunkSettings;
    target = new SplunkTarget('splunk', sb.splunkUrl, createSplunkService(settings, { projectDir: '.' }), { app: APP, owner: 'nobody', ownedPrefixes: ['detctl - ', 'ESCU - '] });
  });
  after(() => sb.close());

  /** The entry's content as splunkd's GET answers it, every key (no `f=`). */
  async function rawContent(name: string): Promise<Record<string, unknown>> {
    const res = await raw(sb.splunkUrl, `/servicesNS/nobody/${APP}/saved/searches/${encodeURIComponent(name)}?output_mode=json`, { headers: bearerHeader(sb) });
    assert.equal(res.status, 200, res.text);
    return (res.json as { entry: { content: Record<string, unknown> }[] }).entry[0].content;
  }

  async function listed(object: SavedSearchObject) {
    const live = (await target.list([sigma, escu])).find((l) => l.id === object.name);
    assert.ok(live, `${object.name} listed`);
    return live;
  }

  for (const [label, object] of [['Sigma (email, suppression, drilldowns)', sigma], ['ESCU (risk, notable, drilldowns, throttling, every action)', escu]] as const) {
    test(`${label}: created, then listed back canonically equal`, async () => {
      await target.create(object);
      const live = await listed(object);
      assert.deepEqual(live.canonical, target.canonical(object));
    });
  }

  test('what came back was typed by splunkd, not echoed: the equality above is the normaliser\'s work', async () => {
    const s = await rawContent(sigma.name);
    assert.equal(s['alert.severity'], 4);
    assert.equal(s['alert.suppress'], true);
    assert.equal(s.is_scheduled, true);
    assert.equal(s.disabled, false);
    assert.equal(s['alert.track'], true);
    assert.equal(s['action.email'], true);
    assert.equal(sigma.content.description.endsWith('\n'), true, 'the fixture has a trailing newline to trim');
    const e = await rawContent(escu.name);
    assert.equal(e.disabled, true, 'ESCU writes disabled = true (as "1" after canonicalising)');
    assert.equal(e.is_visible, false);
    assert.equal(e.realtime_schedule, false);
    assert.equal(e['action.risk'], true);
    assert.equal(e['action.notable'], true);
    assert.equal(e['action.escu'], false);
    assert.equal(e['alert.digest_mode'], true);
    assert.equal(e['action.risk.param._risk'], escu.content['action.risk.param._risk'], 'JSON text kept verbatim');
    assert.equal(e['action.notable.param.drilldown_searches'], escu.content['action.notable.param.drilldown_searches']);
  });

  test('a second look finds nothing to write for either search', async () => {
    for (const object of [sigma, escu]) {
      const live = await listed(object);
      assert.deepEqual(live.canonical, target.canonical(object), object.name);
    }
  });

  test('turning risk and notable off in the rule is a change, and the update turns them off', async () => {
    const content = Object.fromEntries(Object.entries(escu.content).filter(([k]) => !k.startsWith('action.risk') && !k.startsWith('action.notable')));
    const withoutRisk: SavedSearchObject = { ...escu, content };
    const before = await listed(withoutRisk);
    assert.notDeepEqual(before.canonical, target.canonical(withoutRisk));
    await target.update(withoutRisk, before);
    const after = (await target.list([withoutRisk])).find((l) => l.id === escu.name)!;
    assert.deepEqual(after.canonical, target.canonical(withoutRisk));
    const e = await rawContent(escu.name);
    assert.equal(e['action.risk'], false);
    assert.equal(e['action.notable'], false);
  });

  test('a macro round-trips through configs/conf-macros', async () => {
    const macro: MacroObject = { kind: 'macro', target: 'splunk', app: APP, owner: 'nobody', name: 'security_content_ctime(1)', source: 'escu/macros/x.yml', content: { definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)\n', args: 'field', description: 'd' } };
    await target.create(macro);
    const live = (await target.list([macro])).find((l) => l.id === macro.name);
    assert.ok(live);
    assert.deepEqual(live.canonical, target.canonical(macro));
  });
});
