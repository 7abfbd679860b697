// The evaluators `detctl test` runs, as one value: the runner and the test sources take it as a
// parameter, so unit tests pass fakes and the command loads the real ones only when it runs.
import type { MappingName } from '../compile/mappings/mapping-names.js';
import type { CompiledQuery, FlatEvent } from '../evaluate/types.js';
import type { Logsource, QueryNode } from '../rules/sigma/model.js';

export interface Evaluators {
  compileSigma(condition: QueryNode): CompiledQuery;
  compileLucene(query: string, options?: { keywordSuffix?: string }): CompiledQuery;
  compileSpl(search: string): CompiledQuery;
  /** A SigmaHQ regression event (EVTX as JSON: `Event.System`, `Event.EventData`) as a flat event. */
  flattenSigmaHqEvent(json: unknown): FlatEvent;
  /** An event in Sigma's field names as the target's mapping names its fields. */
  mapEvent(event: FlatEvent, mapping: MappingName, logsource: Logsource): FlatEvent;
}
