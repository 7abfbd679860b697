// The search macros an SPL text calls: `name` or `name(arg, …)` between backticks. Splunk expands
// them at search time, so every one must exist as a macros.conf stanza (`name` or `name(N)`) when
// the search runs. Follows contentctl's `Macro.get_macros`: ```comments``` are removed first (they
// may hold commented-out macros), and the name ends at `(`.
import { macroStanza } from './content-name.js';

export interface MacroReference {
  name: string;
  argumentCount: number;
  /** The macros.conf stanza it needs. */
  stanza: string;
}

/**
 * Macros that come with apps ESCU depends on (Splunk_SA_CIM, Enterprise Security) rather than with
 * ESCU itself; contentctl does not require them, and neither does detctl.
 */
export const EXTERNAL_MACROS: ReadonlySet<string> = new Set([
  'drop_dm_object_name',
  'get_asset',
  'get_risk_severity',
  'cim_corporate_web_domain_search',
  'globedistance',
]);

const COMMENT = /```[\s\S]*?```/g;
const BACKTICKED = /`([^`]*)`/g;
const CALL = /^([A-Za-z0-9_.:-]+)(?:\(([\s\S]*)\))?$/;

/** The distinct macro calls in `spl`, in order of first appearance. */
export function macroReferences(spl: string): MacroReference[] {
  const seen = new Map<string, MacroReference>();
  for (const [, inner] of spl.replace(COMMENT, ' ').matchAll(BACKTICKED)) {
    const call = CALL.exec(inner);
    // Backticks around anything that is not a call (e.g. inside a quoted string) are not a macro.
    if (!call) continue;
    const [, name, args] = call;
    const argumentCount = args === undefined ? 0 : countArguments(args);
    const stanza = macroStanza(name, argumentCount);
    if (!seen.has(stanza)) seen.set(stanza, { name, argumentCount, stanza });
  }
  return [...seen.values()];
}

/** Arguments are separated by commas outside quotes and nested parentheses; `name()` has none. */
function countArguments(args: string): number {
  if (args.trim() === '') return 0;
  let count = 1;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) count++;
  }
  return count;
}
