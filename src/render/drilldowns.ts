// Splunk ES drilldowns, as ESCU writes them: `action.notable.param.drilldown_searches` is a JSON
// list of {name, search, earliest_offset, latest_offset}. `%original_detection_search%` becomes the
// detection's search; `$field$` tokens stay for ES to fill in from the notable event.

export interface Drilldown {
  name: string;
  search: string;
  earliest_offset?: string | null;
  latest_offset?: string | null;
}

export const ORIGINAL_SEARCH = '%original_detection_search%';

export function renderDrilldowns(drilldowns: Drilldown[], detectionSearch: string): string {
  return JSON.stringify(
    drilldowns.map((d) => ({
      name: d.name,
      search: d.search.split(ORIGINAL_SEARCH).join(detectionSearch),
      ...(d.earliest_offset != null ? { earliest_offset: d.earliest_offset } : {}),
      ...(d.latest_offset != null ? { latest_offset: d.latest_offset } : {}),
    })),
  );
}
