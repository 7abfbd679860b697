// A Sigma correlation's SPL (src/compile/spl-correlation.ts) into one Splunk saved search: the
// same scheduled alert as a rule's (sigma-saved-search.ts), named the same way, that searches
// back over the correlation's timespan instead of the environment's window. Its search returns
// one row per group over the threshold, so "more than 0 results" is the correlation firing.
//
// Knowing difference: each run looks back one timespan from `now`, so when the target's cron runs
// less often than that, events between two windows are never correlated: the provider warns
// (targets/correlation-schedule.ts).
import type { SigmaCorrelation } from '../../rules/sigma/correlation-model.js';
import type { SavedSearchObject } from './objects.js';
import { alertContent, type SavedSearchContext } from './sigma-saved-search.js';

/**
 * Sigma timespan units (s m h d w M y; the Sigma correlation specification, "timespan") as
 * Splunk relative time units (SPL Search Reference, "Time modifiers": s, m, h, d, w, mon, q, y).
 * Only the month differs: Splunk's `m` is minutes, as Sigma's is.
 */
const SPLUNK_TIME_UNITS: Record<string, string> = { s: 's', m: 'm', h: 'h', d: 'd', w: 'w', M: 'mon', y: 'y' };

/**
 * `dispatch.earliest_time` for a window of one timespan back from now, e.g. `-10m`
 * (savedsearches.conf.spec: `dispatch.earliest_time = <time-str>`, "a relative or absolute time";
 * its row in saved-search-keys.ts). The latest time is `now`, the same spec's `dispatch.latest_time`.
 */
export function timespanEarliest(timespan: SigmaCorrelation['timespan']): string {
  const unit = SPLUNK_TIME_UNITS[timespan.unit];
  if (unit === undefined) throw new Error(`timespan unit '${timespan.unit}' passed validation but has no Splunk unit`);
  return `-${timespan.count}${unit}`;
}

export function renderCorrelationSavedSearch(correlation: SigmaCorrelation, search: string, context: SavedSearchContext): SavedSearchObject {
  const { settings } = context;
  const content = alertContent(
    {
      search,
      description: correlation.description,
      level: correlation.level,
      // A correlation's `custom:` is not read: rule overrides (sigma-overrides.ts) are checked for rules only.
      disabled: false,
      earliest: timespanEarliest(correlation.timespan),
      latest: 'now',
      suppress: settings.suppress,
      emailSubject: `Sigma Correlation '${correlation.title}'`,
    },
    settings,
  );
  return { kind: 'saved-search', target: context.target, app: context.app, owner: context.owner, name: `${settings.namePrefix}${correlation.title}`, content, source: correlation.path };
}
