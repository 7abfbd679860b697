// The two Jinja filters contentctl's savedsearches/macros templates put around plain values.

/**
 * `escapeNewlines`: the value stripped, and each line break written as " \" + newline. Splunk's
 * conf reader drops the backslash and keeps the newline, so the value Splunk holds — the one
 * returned here; splunk-conf.ts adds the backslashes back when writing a file — has a space
 * before each line break. Kept, so values equal those of an ESCU app that contentctl built.
 */
export function escapeNewlines(value: string): string {
  return value.trim().split('\n').join(' \n');
}

/**
 * `custom_jinja2_enrichment_filter`: `%attr%` becomes the detection's string attribute of that
 * name (deployments write `rule_title: '%name%'`). Unknown names stay as written, as there.
 */
export function enrichmentFilter(template: string, attributes: Readonly<Record<string, string>>): string {
  return template.replace(/%([A-Za-z_]+)%/g, (whole, name: string) => (Object.hasOwn(attributes, name) ? attributes[name] : whole));
}
