// Splunk ES drilldowns, as ESCU writes them: `action.notable.param.drilldown_searches` is a JSON
// list of {name, search, earliest_offset, latest_offset}. `%original_detection_search%` becomes the
// detection's search; `$field$` tokens stay for ES to fill in from the notable event. Sigma rules
// (drilldowns from the environment) and ESCU detections (their own) both go through this.
import { DRILLDOWN_PLACEHOLDER } from '../../rules/escu/model.js';

export interface Drilldown {
  name: string;
  search: string;
  earliest_offset?: string | null;
  latest_offset?: string | null;
}

/** The drilldown entries with the placeholder replaced by the search as given; unset offsets left out. */
export function drilldownEntries(drilldowns: Drilldown[], detectionSearch: string): Record<string, string>[] {
  return drilldowns.map((d) => ({
    name: d.name,
    search: d.search.split(DRILLDOWN_PLACEHOLDER).join(detectionSearch),
    ...(d.earliest_offset != null ? { earliest_offset: d.earliest_offset } : {}),
    ...(d.latest_offset != null ? { latest_offset: d.latest_offset } : {}),
  }));
}
