// A Sigma rule's SPL into a Splunk saved search: a scheduled alert that fires when the search
// returns events, with the environment's schedule, suppression, email and drilldowns.
import type { SigmaRule } from '../../rules/sigma/model.js';
import { ruleOverrides } from '../sigma-overrides.js';
import { drilldownEntries } from './drilldowns.js';
import type { SavedSearchObject } from './objects.js';
import type { SavedSearchSettings } from './settings.js';

export interface SavedSearchContext {
  target: string;
  app: string;
  owner: string;
  settings: SavedSearchSettings;
}

/** What differs between the alerts of a rule and of a correlation; the rest is the environment's. */
export interface AlertParts {
  search: string;
  description?: string;
  level?: string;
  disabled: boolean;
  /** `dispatch.earliest_time` / `dispatch.latest_time` (savedsearches.conf.spec). */
  earliest: string;
  latest: string;
  suppress?: string;
  emailSubject: string;
}

const SEVERITY: Record<string, string> = { informational: '1', low: '2', medium: '3', high: '4', critical: '5' };

/** One saved search per condition of the rule; the second and later get ` (2)`, ` (3)`… */
export function renderSigmaSavedSearches(rule: SigmaRule, queries: string[], context: SavedSearchContext): SavedSearchObject[] {
  const { settings } = context;
  const overrides = ruleOverrides(rule);
  return queries.map((search, index) => {
    const name = `${settings.namePrefix}${rule.title}${index === 0 ? '' : ` (${index + 1})`}`;
    const content = alertContent(
      {
        search,
        description: rule.description,
        level: rule.level,
        disabled: overrides.disabled ?? false,
        earliest: settings.earliest,
        latest: settings.latest,
        suppress: overrides.throttle ?? settings.suppress,
        emailSubject: `Sigma Rule '${rule.title}'`,
      },
      settings,
    );
    return { kind: 'saved-search', target: context.target, app: context.app, owner: context.owner, name, content, source: rule.path };
  });
}

/**
 * The savedsearches.conf keys of a scheduled alert that fires when the search returns any result
 * (every key has its row, with the spec it follows, in saved-search-keys.ts).
 */
export function alertContent(parts: AlertParts, settings: SavedSearchSettings): Record<string, string> {
  const content: Record<string, string> = {
    search: parts.search,
    description: parts.description ?? '',
    disabled: parts.disabled ? '1' : '0',
    enableSched: '1',
    cron_schedule: settings.cron,
    'dispatch.earliest_time': parts.earliest,
    'dispatch.latest_time': parts.latest,
    counttype: 'number of events',
    relation: 'greater than',
    quantity: '0',
    'alert.track': '1',
    'alert.severity': SEVERITY[parts.level ?? 'medium'] ?? '3',
  };
  if (parts.suppress) {
    content['alert.suppress'] = '1';
    content['alert.suppress.period'] = parts.suppress;
  }
  const email = settings.actions.email;
  if (email) {
    content['action.email'] = '1';
    content['action.email.to'] = [email.to].flat().join(',');
    content['action.email.subject'] = email.subject ?? parts.emailSubject;
  }
  if (settings.drilldowns.length > 0) {
    content['action.notable.param.drilldown_searches'] = JSON.stringify(drilldownEntries(settings.drilldowns, parts.search));
  }
  return content;
}

/**
 * The keys (as alertContent writes them) of every alert a Sigma rule or correlation renders to
 * with these settings: what the settings decide (email, drilldowns), and the suppression a rule
 * may turn on. A listing asks for them before the rules are loaded (splunk-target.ts `list`).
 */
export function sigmaAlertKeys(settings: SavedSearchSettings): string[] {
  return Object.keys(alertContent({ search: '', disabled: false, earliest: '', latest: '', suppress: '1h', emailSubject: '' }, settings));
}
