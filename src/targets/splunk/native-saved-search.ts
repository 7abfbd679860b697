// Native saved-search definitions (docs/import.md) both ways: a `*.savedsearch.yaml` file into the
// saved search detctl deploys (its name and app kept, its settings as written), and a listed saved
// search detctl does not own into the file a person would have written (`detctl import`: only
// settings that differ from splunkd's default, by the key table's own defaults and canonical forms).
import { cronMessage } from '../../base/cron.js';
import { didYouMean } from '../../base/did-you-mean.js';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { NativeSavedSearch } from '../../rules/native/model.js';
import type { NativeExport } from '../provider.js';
import type { LiveObject } from '../target-object.js';
import { canonicalValue } from './normalise-saved-search.js';
import type { SavedSearchObject, SplunkObject } from './objects.js';
import { restName, SAVED_SEARCH_KEYS } from './saved-search-keys.js';

/** Every key a native file may set: the table's REST names and savedsearches.conf names. */
const KNOWN_KEYS = new Set(SAVED_SEARCH_KEYS.flatMap((k) => (k.conf ? [k.rest, k.conf] : [k.rest])));

/**
 * What the target checks of a native saved search beyond the rules layer (`name`, `app`, values
 * as text): every key is one of the key table's (saved-search-keys.ts, each row citing
 * savedsearches.conf.spec or alert_actions.conf.spec) — detctl compares and writes only those —
 * a cron_schedule is one splunkd schedules (base/cron.ts), and the app is the target's (when
 * one is given: `detctl validate` checks files without an environment).
 */
export function checkNativeSavedSearch(rule: NativeSavedSearch, app?: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(rule.content)) {
    if (!KNOWN_KEYS.has(key)) {
      diagnostics.push(
        diagnostic('native-saved-search-key', `unknown saved search setting '${key}'${didYouMean(key, KNOWN_KEYS)}`, rule.settingLocations[key], 'detctl manages the savedsearches.conf settings of src/targets/splunk/saved-search-keys.ts (docs/import.md)'),
      );
    }
  }
  const cron = rule.content.cron_schedule;
  const cronProblem = cron === undefined || cron === '' ? undefined : cronMessage(cron);
  if (cronProblem) diagnostics.push(diagnostic('native-saved-search-cron', `cron_schedule ${cronProblem}`, rule.settingLocations.cron_schedule));
  if (app !== undefined && rule.app !== undefined && rule.app !== app) {
    diagnostics.push(diagnostic('native-saved-search-app', `app '${rule.app}' is not this target's app '${app}'`, rule.keyLocations.app, "a Splunk target deploys to its one app: remove app, or deploy the file to a target whose app it is"));
  }
  return diagnostics;
}

/** The saved search of a native definition: name kept, deployed to the target's app with its owner. */
export function renderNativeSavedSearch(rule: NativeSavedSearch, context: { target: string; app: string; owner: string }): SavedSearchObject {
  return { kind: 'saved-search', target: context.target, app: context.app, owner: context.owner, name: rule.name, content: { ...rule.content }, source: rule.path, adopt: true };
}

/**
 * A listed saved search as the native file a person would have written: `name`, `app`, then each
 * setting of the key table whose value is not splunkd's default, by its savedsearches.conf name,
 * in canonical form (what the plan compares, so the file reads back to the same search). Settings
 * outside the table, and the ACL beyond the app, are not imported (docs/import.md).
 */
export function exportNativeSavedSearch(live: LiveObject): NativeExport {
  const raw = live.raw as { name: string; acl?: { app?: string }; content?: Record<string, unknown> };
  const content = raw.content ?? {};
  const settings: Record<string, string> = {};
  for (const row of SAVED_SEARCH_KEYS) {
    const value = content[row.rest];
    if (value === undefined || value === null) continue;
    const canonical = canonicalValue(row.rest, value);
    if (canonical === canonicalValue(row.rest, undefined)) continue;
    settings[row.conf ?? row.rest] = canonical;
  }
  return { id: live.id, suffix: '.savedsearch.yaml', definition: { name: raw.name, ...(raw.acl?.app ? { app: raw.acl.app } : {}), ...settings }, variables: [] };
}

/**
 * An adopted saved search given back (rollback to before its adoption): its settings as the
 * pre-image recorded them (what differs from the defaults, as import reads them), with the app and
 * owner the adopting release wrote it with. It carries no ownership: that was the release history's.
 */
export function giveBackSavedSearch(preImage: LiveObject, adopted: SplunkObject | undefined, source: string): SplunkObject {
  const { name: _name, app: _app, ...content } = exportNativeSavedSearch(preImage).definition as Record<string, string>;
  const raw = preImage.raw as { acl?: { app?: string; owner?: string } };
  return { kind: 'saved-search', target: preImage.target, app: adopted?.app ?? raw.acl?.app ?? '', owner: adopted?.owner ?? raw.acl?.owner ?? 'nobody', name: preImage.id, content, source };
}

/** The REST names of every key of the table: what `detctl import` asks splunkd for (`f=`). */
export const IMPORTED_KEYS: readonly string[] = [...new Set(SAVED_SEARCH_KEYS.map((k) => restName(k.rest)))];
