// What splunkd fills into a saved search that sets nothing, and how it types each value when it
// reads it back (saved/searches GET, output_mode=json). Derived from a capture of a Splunk 10.4.2
// response (the facts in ../shared/corpus/splunk), re-arranged here by type and key prefix:
// real booleans for some keys, numbers for others, "0"/"1" strings for most, and null for a few
// booleans that are unset. The types are the point: a deployer that writes "1" and compares it
// with what comes back sees `true` for some keys and "1" for others.
import type { Json } from '../json.js';

/** How splunkd writes a setting's value back. */
export type SettingType = 'boolean' | 'unset-boolean' | 'number' | 'string';

const empty = (...keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, '']));

const BOOLEANS: Record<string, boolean> = {
  "action.email": false,
  "action.populate_lookup": false,
  "action.rss": false,
  "action.script": false,
  "action.summary_index": false,
  "alert.digest_mode": true,
  // savedsearches.conf.spec says "Default: auto", but the capture answers false for an unset
  // search (system/default sets it); GET's answer is what a stand-in must give.
  "alert.track": false,
  "auto_summarize": false,
  "disabled": false,
  "dispatch.allow_partial_results": true,
  "dispatch.lookups": true,
  "dispatch.rt_backfill": false,
  "dispatch.spawn_process": true,
  "is_scheduled": false,
  "is_visible": true,
  "realtime_schedule": true,
  "restart_on_searchpeer_add": true,
  "run_on_startup": false,
};

// null until set, a boolean after (savedsearches.conf.spec: alert.suppress = <boolean>, Default:
// false; the capture: "alert.suppress": null).
const UNSET_BOOLEANS: string[] = ["action.email.sendresults", "alert.suppress", "dispatch.indexedRealtime"];

const NUMBERS: Record<string, number> = {
  "alert.severity": 3,
  "auto_summarize.max_disabled_buckets": 2,
  "auto_summarize.max_summary_ratio": 0.1,
  "auto_summarize.max_summary_size": 52428800,
  "dispatch.buckets": 0,
  "dispatch.max_count": 500000,
  "dispatch.max_time": 0,
  "dispatch.reduce_freq": 10,
  "durable.lag_time": 0,
  "durable.max_backfill_intervals": 0,
  "max_concurrent": 1,
  "run_n_times": 0,
};

const STRINGS: Record<string, Record<string, string>> = {
  "": {
    "alert_type": "always",
    "allow_data_time_skew": "0",
    "allow_skew": "0",
    "defer_scheduled_searchable_idxc": "0",
    "dispatchAs": "owner",
    "precalculate_required_fields_for_alerts": "1",
    "schedule_as": "auto",
    "schedule_priority": "default",
    "schedule_window": "0",
    "skip_scheduled_realtime_idxc": "0",
    ...empty("actions", "alert_comparator", "alert_condition", "alert_threshold", "cron_schedule", "description", "displayview", "federated_providers", "search", "vsid", "workload_pool"),
  },
  "action": {
    "summary_index.force_realtime_schedule": "0",
    ...empty("email.to"),
  },
  "alert": {
    "expires": "24h",
    ...empty("managedBy", "suppress.fields", "suppress.group_name", "suppress.period"),
  },
  "auto_summarize": {
    "command": "| summarize override=partial timespan=$auto_summarize.timespan$ max_summary_size=$auto_summarize.max_summary_size$ max_summary_ratio=$auto_summarize.max_summary_ratio$ max_disabled_buckets=$auto_summarize.max_disabled_buckets$ max_time=$auto_summarize.max_time$ [ $search$ ]",
    "cron_schedule": "*/10 * * * *",
    "dispatch.time_format": "%FT%T.%Q%:z",
    "dispatch.ttl": "60",
    "max_concurrent": "1",
    "max_time": "3600",
    "suspend_period": "24h",
    ...empty("dispatch.earliest_time", "dispatch.latest_time", "timespan", "workload_pool"),
  },
  "dispatch": {
    "auto_cancel": "0",
    "auto_pause": "0",
    "rate_limit_retry": "0",
    "sample_ratio": "1",
    "time_format": "%FT%T.%Q%:z",
    "ttl": "2p",
    ...empty("earliest_time", "index_earliest", "index_latest", "indexedRealtimeMinSpan", "indexedRealtimeOffset", "latest_time", "rt_maximum_span"),
  },
  "display.events": {
    "fields": "[\"host\",\"source\",\"sourcetype\"]",
    "list.drilldown": "full",
    "list.wrap": "1",
    "maxLines": "5",
    "raw.drilldown": "full",
    "rowNumbers": "0",
    "table.drilldown": "1",
    "table.wrap": "1",
    "type": "list",
  },
  "display.general": {
    "enablePreview": "1",
    "migratedFromViewState": "0",
    "timeRangePicker.show": "1",
    "type": "events",
  },
  "display.page": {
    "search.mode": "smart",
    "search.patterns.sensitivity": "0.8",
    "search.showFields": "1",
    "search.tab": "events",
    "search.timeline.format": "compact",
    "search.timeline.scale": "linear",
  },
  "display.statistics": {
    "drilldown": "cell",
    "overlay": "none",
    "percentagesRow": "0",
    "rowNumbers": "0",
    "show": "1",
    "totalsRow": "0",
    "wrap": "1",
  },
  "display.visualizations": {
    "chartHeight": "300",
    "mapHeight": "400",
    "show": "1",
    "singlevalueHeight": "115",
    "type": "charting",
  },
  "display.visualizations.charting": {
    "axisLabelsX.majorLabelStyle.overflowMode": "ellipsisNone",
    "axisLabelsX.majorLabelStyle.rotation": "0",
    "axisTitleX.visibility": "visible",
    "axisTitleY.visibility": "visible",
    "axisTitleY2.visibility": "visible",
    "axisX.abbreviation": "none",
    "axisX.scale": "linear",
    "axisY.abbreviation": "none",
    "axisY.scale": "linear",
    "axisY2.abbreviation": "none",
    "axisY2.enabled": "0",
    "axisY2.scale": "inherit",
    "chart": "column",
    "chart.bubbleMaximumSize": "50",
    "chart.bubbleMinimumSize": "10",
    "chart.bubbleSizeBy": "area",
    "chart.nullValueMode": "gaps",
    "chart.showDataLabels": "none",
    "chart.sliceCollapsingThreshold": "0.01",
    "chart.stackMode": "default",
    "chart.style": "shiny",
    "drilldown": "all",
    "layout.splitSeries": "0",
    "layout.splitSeries.allowIndependentYRanges": "0",
    "legend.labelStyle.overflowMode": "ellipsisMiddle",
    "legend.mode": "standard",
    "legend.placement": "right",
    "lineWidth": "2",
    ...empty("axisLabelsX.majorUnit", "axisLabelsY.majorUnit", "axisLabelsY2.majorUnit", "axisTitleX.text", "axisTitleY.text", "axisTitleY2.text", "axisX.maximumNumber", "axisX.minimumNumber", "axisY.maximumNumber", "axisY.minimumNumber", "axisY2.maximumNumber", "axisY2.minimumNumber", "chart.overlayFields", "chart.rangeValues", "fieldColors", "fieldDashStyles", "gaugeColors"),
  },
  "display.visualizations.custom": {
    "drilldown": "all",
    ...empty("height", "type"),
  },
  "display.visualizations.mapping": {
    "choroplethLayer.colorBins": "5",
    "choroplethLayer.colorMode": "auto",
    "choroplethLayer.maximumColor": "0xaf575a",
    "choroplethLayer.minimumColor": "0x62b3b2",
    "choroplethLayer.neutralPoint": "0",
    "choroplethLayer.shapeOpacity": "0.75",
    "choroplethLayer.showBorder": "1",
    "data.maxClusters": "100",
    "drilldown": "all",
    "legend.placement": "bottomright",
    "map.center": "(0,0)",
    "map.panning": "1",
    "map.scrollZoom": "0",
    "map.zoom": "2",
    "markerLayer.markerMaxSize": "50",
    "markerLayer.markerMinSize": "10",
    "markerLayer.markerOpacity": "0.8",
    "showTiles": "1",
    "tileLayer.maxZoom": "7",
    "tileLayer.minZoom": "0",
    "tileLayer.tileOpacity": "1",
    "type": "marker",
    ...empty("tileLayer.url"),
  },
  "display.visualizations.singlevalue": {
    "colorBy": "value",
    "colorMode": "none",
    "drilldown": "none",
    "numberPrecision": "0",
    "rangeColors": "[\"0x53a051\", \"0x0877a6\", \"0xf8be34\", \"0xf1813f\", \"0xdc4e41\"]",
    "rangeValues": "[0,30,70,100]",
    "showSparkline": "1",
    "showTrendIndicator": "1",
    "trendColorInterpretation": "standard",
    "trendDisplayMode": "absolute",
    "unitPosition": "after",
    "useColors": "0",
    "useThousandSeparators": "1",
    ...empty("afterLabel", "beforeLabel", "trendInterval", "underLabel", "unit"),
  },
  "display.visualizations.trellis": {
    "enabled": "0",
    "scales.shared": "1",
    "size": "medium",
    ...empty("splitBy"),
  },
  "durable": {
    "backfill_type": "auto",
    ...empty("track_time_type"),
  },
  // Read-only (set through the embed endpoint), but part of every GET.
  "embed": {
    "enabled": "0",
  },
  "request": {
    ...empty("ui_dispatch_app", "ui_dispatch_view"),
  },
};

/**
 * Keys splunkd computes or manages itself: returned in `content`, refused as arguments.
 * (`actions` is computed too, from the `action.<name>` flags, but is also accepted as an argument.)
 */
export const READ_ONLY_SETTINGS = ['eai:acl', 'next_scheduled_time', 'qualifiedSearch', 'embed.enabled'];

export const SETTING_TYPES = new Map<string, SettingType>();
export const SETTING_DEFAULTS: Record<string, Json> = {};

for (const [key, value] of Object.entries(BOOLEANS)) define(key, 'boolean', value);
for (const key of UNSET_BOOLEANS) define(key, 'unset-boolean', null);
for (const [key, value] of Object.entries(NUMBERS)) define(key, 'number', value);
for (const [prefix, group] of Object.entries(STRINGS)) {
  for (const [suffix, value] of Object.entries(group)) define(prefix ? `${prefix}.${suffix}` : suffix, 'string', value);
}

function define(key: string, type: SettingType, value: Json): void {
  SETTING_TYPES.set(key, type);
  SETTING_DEFAULTS[key] = value;
}
