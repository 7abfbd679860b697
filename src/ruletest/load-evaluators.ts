// The real evaluators (src/evaluate/), loaded when a test run starts: `detctl --help` and the
// other commands do not pay for them.
import type { Evaluators } from './evaluators.js';

export async function loadEvaluators(): Promise<Evaluators> {
  const [sigma, lucene, spl, events] = await Promise.all([import('../evaluate/sigma/index.js'), import('../evaluate/lucene/index.js'), import('../evaluate/spl/index.js'), import('../evaluate/events.js')]);
  return { compileSigma: sigma.compileSigma, compileLucene: lucene.compileLucene, compileSpl: spl.compileSpl, flattenSigmaHqEvent: events.flattenSigmaHqEvent, mapEvent: events.mapEvent };
}
