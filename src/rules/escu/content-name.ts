// Names contentctl derives: a detection's file name and the `_filter` macro every detection search
// must end with (so each site can tune out false positives without editing it), and a macro's
// macros.conf stanza.

/** contentctl's `contentNameToFileName` without the `.yml`: space - . / become `_`, lowercased. */
export function contentFileStem(name: string): string {
  return name.replace(/[ \-./]/g, '_').toLowerCase();
}

export function filterMacroName(detectionName: string): string {
  return `${contentFileStem(detectionName)}_filter`;
}

/** What contentctl writes for a `_filter` macro no file defines (ESCU ships none as files). */
export const GENERATED_FILTER_MACRO = {
  definition: 'search *',
  description: 'Update this macro to limit the output results to filter out false positives.',
} as const;

/** macros.conf stanza name: `name`, or `name(N)` for a macro of N arguments. */
export function macroStanza(name: string, argumentCount: number): string {
  return argumentCount > 0 ? `${name}(${argumentCount})` : name;
}
