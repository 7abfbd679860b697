// Parsing a watch is normalising it: what comes out is what ES's Watch.toXContent writes, so the
// stored copy and every GET are this function's output (GET re-parses the stored document, as
// TransportGetWatchAction does, which is also why a merged update can come back different from
// anything that was sent).
import type { Json, JsonObject } from '../../json.js';
import { parseShape } from './shape-parser.js';
import { WATCH } from './watch-grammar.js';

export interface ParseWatchOptions {
  /** A versioned update may carry "::es_redacted::" passwords (they keep the stored value). */
  allowRedacted?: boolean;
  /** For GET and query watches: passwords become "::es_redacted::". */
  hideSecrets?: boolean;
}

/** The normalised watch, without status; throws the EsHttpError ES answers a bad watch with. */
export function parseWatch(watchId: string, value: Json, options: ParseWatchOptions = {}): JsonObject {
  return parseShape(WATCH, value, { watchId, allowRedacted: options.allowRedacted ?? false, hideSecrets: options.hideSecrets ?? false });
}

export function actionIdsOf(watch: JsonObject): string[] {
  const actions = watch.actions;
  return actions && typeof actions === 'object' && !Array.isArray(actions) ? Object.keys(actions) : [];
}
