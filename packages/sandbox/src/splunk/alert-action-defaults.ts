// The `action.<name>.*` defaults from alert_actions.conf that a saved search GET adds for every
// installed alert action when `listDefaultActionArgs=true` (values as splunkd returns them, all
// strings). Derived from the same capture as saved-search-defaults.ts; `notable`, `risk` and
// `correlationsearch` are Enterprise Security's.

const empty = (...keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, '']));

const ALERT_ACTION_DEFAULTS: Record<string, Record<string, string>> = {
  correlationsearch: {
    ...empty("annotations", "label", "metadata"),
  },
  email: {
    "content_type": "html",
    "escapeCSVNewline": "1",
    "footer.text": "If you believe you've received this email in error, please see your Splunk administrator.\r\n\r\nsplunk > the engine for machine data",
    "format": "table",
    "from": "splunk",
    "include.results_link": "1",
    "include.search": "0",
    "include.trigger": "0",
    "include.trigger_time": "0",
    "include.view_link": "1",
    "inline": "0",
    "mailserver": "localhost",
    "maxresults": "10000",
    "maxtime": "5m",
    "message.alert": "The alert condition for '$name$' was triggered.",
    "message.report": "The scheduled report '$name$' has run.",
    "reportCIDFontList": "gb cns jp kor",
    "reportIncludeSplunkLogo": "1",
    "reportPaperOrientation": "portrait",
    "reportPaperSize": "letter",
    "reportServerEnabled": "0",
    "sendcsv": "0",
    "sendpdf": "0",
    "subject": "Splunk Alert: $name$",
    "subject.alert": "Splunk Alert: $name$",
    "subject.report": "Splunk Report: $name$",
    "track_alert": "1",
    "ttl": "86400",
    "useNSSubject": "0",
    "use_ssl": "0",
    "use_tls": "1",
    "width_sort_columns": "1",
    ...empty("allowedDomainList", "bcc", "cc", "hostname", "pdfview", "preprocess_results", "reportServerURL"),
  },
  // ESCU's own alert action takes no parameters.
  escu: {},
  logevent: {
    "param.index": "main",
    "param.source": "alert:$name$",
    "param.sourcetype": "generic_single_line",
    ...empty("param.event", "param.host"),
  },
  lookup: {
    "append": "0",
    ...empty("filename"),
  },
  notable: {
    "param.verbose": "0",
    ...empty("param._entities", "param.default_owner", "param.default_status", "param.drilldown_earliest_offset", "param.drilldown_latest_offset", "param.drilldown_name", "param.drilldown_search", "param.drilldown_searches", "param.extract_artifacts", "param.investigation_profiles", "param.nes_fields", "param.next_steps", "param.recommended_actions", "param.rule_description", "param.rule_title", "param.security_domain", "param.severity"),
  },
  populate_lookup: {
    "command": "copyresults dest=\"$action.populate_lookup.dest$\"",
    "maxresults": "10000",
    "maxtime": "5m",
    "track_alert": "0",
    "ttl": "120",
    ...empty("dest", "hostname"),
  },
  risk: {
    "param.verbose": "0",
    ...empty("param._risk", "param._risk_message", "param._risk_object", "param._risk_object_type", "param._risk_score"),
  },
  rss: {
    "command": "createrss path=\"$name$.xml\" name=\"$name$\" link=\"$results.url$\" descr=\"Alert trigger: $name$, results.count=$results.count$ \" count=30 graceful=$graceful{default=1}$ maxtime=\"$action.rss.maxtime{default=1m}$\"",
    "maxresults": "100",
    "maxtime": "1m",
    "track_alert": "0",
    "ttl": "86400",
    ...empty("hostname"),
  },
  script: {
    "command": "runshellscript \"$action.script.filename$\" \"$results.count$\" \"$search$\" \"$search$\" \"$name$\" \"Saved Search [$name$] $counttype$($results.count$)\" \"$results.url$\" \"$deprecated_arg$\" \"$search_id$\" \"$results.file$\" maxtime=\"$action.script.maxtime{default=5m}$\"",
    "maxresults": "10000",
    "maxtime": "5m",
    "track_alert": "1",
    "ttl": "600",
    ...empty("filename", "hostname"),
  },
  summary_index: {
    "_name": "summary",
    "_type": "event",
    "inline": "1",
    "maxresults": "10000",
    "maxtime": "5m",
    "track_alert": "0",
    "ttl": "120",
    ...empty("hostname"),
  },
  webhook: {
    "enable_allowlist": "0",
    ...empty("param.url"),
  },
};

/** The alert actions this sandbox has "installed". */
export const INSTALLED_ALERT_ACTIONS = Object.keys(ALERT_ACTION_DEFAULTS);

/** Every `action.<name>.<param>` default, flattened. */
export function alertActionDefaults(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [action, params] of Object.entries(ALERT_ACTION_DEFAULTS)) {
    for (const [param, value] of Object.entries(params)) out[`action.${action}.${param}`] = value;
  }
  return out;
}
