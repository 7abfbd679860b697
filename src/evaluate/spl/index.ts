// Offline evaluation of the Splunk searches detctl emits (compile/spl.ts): `compileSpl` parses a
// search once into its pipeline stages (pipeline.ts), and its `evaluate` runs an event through
// them as Splunk would — the event matches when every filter stage keeps it. Semantics and the
// known differences from Splunk are described where each part is implemented and summarised in
// docs/testing.md ("SPL evaluator").
import type { CompiledQuery, FlatEvent, Verdict } from '../types.js';
import type { WorkEvent } from './event-fields.js';
import { compileStages } from './pipeline.js';

/** Throws QuerySyntaxError (with the offset where parsing stopped) for a search it cannot read. */
export function compileSpl(search: string): CompiledQuery {
  const stages = compileStages(search);
  return {
    evaluate(event: FlatEvent): Verdict {
      const work: WorkEvent = { ...event };
      const passed: string[] = [];
      for (const stage of stages) {
        const outcome = stage.run(work);
        if (outcome === undefined) continue;
        if (!outcome.matched) return { matched: false, decidedBy: outcome.decidedBy };
        // A bare `*` keeps every event: it decides nothing worth naming.
        if (outcome.decidedBy !== '*') passed.push(outcome.decidedBy);
      }
      // Every filter kept the event: each stage's deciding part decided it together.
      return { matched: true, decidedBy: passed.length > 0 ? passed.join(' | ') : '*' };
    },
  };
}
