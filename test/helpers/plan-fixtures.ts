// Small desired and live objects for the plan tests. The canonical form here is a stand-in for a
// target's normaliser: the watch's body plus `active`, the saved search's content as it is.
import type { WatchObject } from '../../src/targets/elasticsearch/objects.js';
import type { SavedSearchObject } from '../../src/targets/splunk/objects.js';
import type { Canonical, LiveObject } from '../../src/targets/target-object.js';
import type { PlanTarget } from '../../src/plan/model.js';
import type { PlanInput } from '../../src/plan/build-plan.js';

export const TARGETS: PlanTarget[] = [
  { name: 'splunk', type: 'splunk', url: 'https://splunk.example.net:8089' },
  { name: 'es', type: 'elasticsearch', url: 'https://es.example.net:9200' },
];

export function watch(id: string, query = 'EventID:4104', interval = '30m'): WatchObject {
  return {
    kind: 'watch',
    target: 'es',
    id,
    active: true,
    source: `rules/sigma/${id}.yml`,
    body: {
      trigger: { schedule: { interval } },
      input: { search: { request: { indices: ['winlogbeat-*'], body: { query: { bool: { must: [{ query_string: { query } }] } } } } } },
      condition: { compare: { 'ctx.payload.hits.total': { gt: 0 } } },
      actions: { email: { email: { to: ['soc@example.net'] } } },
      metadata: { managed_by: 'detctl', rule_id: id },
    },
  };
}

export function savedSearch(name: string, search = 'index=main EventCode=4104', content: Record<string, string> = {}): SavedSearchObject {
  return {
    kind: 'saved-search',
    target: 'splunk',
    app: 'detections',
    owner: 'nobody',
    name,
    source: `rules/sigma/${name.replaceAll(' ', '_')}.yml`,
    content: { search, cron_schedule: '*/30 * * * *', 'action.email.to': 'soc@example.net', ...content },
  };
}

export function canonicalOf(object: WatchObject | SavedSearchObject): Canonical {
  return object.kind === 'watch' ? { active: object.active, ...object.body } : { ...object.content };
}

export function desired(...objects: Array<WatchObject | SavedSearchObject>): PlanInput['desired'] {
  return objects.map((object) => ({ object, canonical: canonicalOf(object) }));
}

/** The live object for a desired one, as a target would list it after a deploy. */
export function liveOf(object: WatchObject | SavedSearchObject, owned = true): LiveObject {
  const id = object.kind === 'watch' ? object.id : object.name;
  const canonical = canonicalOf(object);
  return { target: object.target, kind: object.kind, id, owned, canonical, raw: { served: canonical } };
}

export function input(parts: Partial<PlanInput>): PlanInput {
  return { env: 'prod', detctlVersion: '0.1.0', createdAt: '2026-01-02T03:04:05.000Z', targets: TARGETS, desired: [], live: [], ...parts };
}
