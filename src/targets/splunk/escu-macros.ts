// The macros.conf stanzas the rendered ESCU detections need: every macro their searches and
// drilldowns call, and the macros those call in turn, plus each detection's `<name>_filter` macro,
// generated as contentctl does when no file defines it. A call nothing defines is an error at the
// line of the search that makes it, not a surprise when the search first runs. Pure.
import { diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import { filterMacroName, GENERATED_FILTER_MACRO, macroStanza } from '../../rules/escu/content-name.js';
import { EXTERNAL_MACROS, macroReferences } from '../../rules/escu/macro-references.js';
import type { EscuDetection, EscuMacro } from '../../rules/escu/model.js';
import { escapeNewlines } from './contentctl-filters.js';
import type { EscuRenderSettings } from './escu-saved-search.js';
import type { MacroObject } from './objects.js';

export interface EscuMacrosResult {
  /** Sorted by stanza name. */
  macros: MacroObject[];
  diagnostics: Diagnostic[];
}

/** Something that calls macros: a detection's search, one of its drilldowns, or a macro definition. */
interface Caller {
  spl: string;
  loc: SourceLocation;
  what: string;
}

export function renderEscuMacros(detections: EscuDetection[], macros: EscuMacro[], settings: EscuRenderSettings): EscuMacrosResult {
  const rendered = detections.filter((d) => d.rendered);
  const defined = new Map<string, MacroObject>();
  const sources = new Map<string, EscuMacro>();
  for (const m of macros) {
    const stanza = macroStanza(m.name, m.arguments.length);
    if (sources.has(stanza)) continue; // loadEscuMacroFiles reports the duplicate
    sources.set(stanza, m);
    defined.set(stanza, macroObject(stanza, m.definition, m.description, m.arguments, m.path, settings));
  }
  for (const d of rendered) {
    const stanza = filterMacroName(d.name);
    if (!defined.has(stanza)) defined.set(stanza, macroObject(stanza, GENERATED_FILTER_MACRO.definition, GENERATED_FILTER_MACRO.description, [], d.path, settings));
  }

  const used = new Map<string, MacroObject>();
  const diagnostics: Diagnostic[] = [];
  const pending: Caller[] = rendered.flatMap((d) => [
    { spl: d.search, loc: d.keyLocations.search, what: 'the search' },
    ...d.drilldownSearches.map((dd) => ({ spl: dd.search, loc: dd.searchLoc, what: `drilldown '${dd.name}'` })),
  ]);
  const reported = new Set<string>();
  for (let caller = pending.shift(); caller; caller = pending.shift()) {
    for (const ref of macroReferences(caller.spl)) {
      if (used.has(ref.stanza)) continue;
      const macro = defined.get(ref.stanza);
      if (macro) {
        used.set(ref.stanza, macro);
        // Follow what this macro calls (security_content_summariesonly calls three config macros).
        const source = sources.get(ref.stanza);
        if (source) pending.push({ spl: source.definition, loc: source.keyLocations.definition, what: `macro ${ref.stanza}` });
        continue;
      }
      if (EXTERNAL_MACROS.has(ref.name)) continue;
      const key = `${ref.stanza}\u0000${caller.loc.file}\u0000${caller.what}`;
      if (reported.has(key)) continue;
      reported.add(key);
      diagnostics.push(missing(ref.stanza, ref.name, caller, [...sources.keys()]));
    }
  }
  const sorted = [...used.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { macros: sorted, diagnostics };
}

function missing(stanza: string, name: string, caller: Caller, known: string[]): Diagnostic {
  const sameName = known.filter((k) => k === name || k.startsWith(`${name}(`));
  const hint =
    sameName.length > 0
      ? `the macro files define ${sameName.join(', ')}: the call passes a different number of arguments`
      : `add macros/${name}.yml (name, definition, description${stanza !== name ? ', arguments' : ''})`;
  return diagnostic('escu-macro-missing', `${caller.what} calls macro \`${stanza}\`, which no macro file defines`, caller.loc, hint);
}

function macroObject(stanza: string, definition: string, description: string, args: string[], source: string, settings: EscuRenderSettings): MacroObject {
  return {
    kind: 'macro',
    target: settings.target,
    app: settings.app,
    owner: settings.owner,
    name: stanza,
    content: {
      ...(args.length > 0 ? { args: args.join(', ') } : {}),
      definition: escapeNewlines(definition),
      description: escapeNewlines(description),
    },
    source,
  };
}
