// Elasticsearch Watcher as a target: Sigma rules compiled to Lucene become watches.
import { compileRule } from '../../compile/compile-rule.js';
import type { MappingName } from '../../compile/mappings/apply-mapping.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { SigmaRule } from '../../rules/sigma/model.js';
import type { SigmaCorrelation } from '../../rules/sigma/correlation-model.js';
import { durationMillis, intervalMillis } from '../../base/duration.js';
import { scheduleWarning } from '../correlation-schedule.js';
import { renderCorrelationWatch } from './correlation-watch.js';
import { attempt, type TargetProvider } from '../provider.js';
import { displayUrl } from '../target.js';
import type { NativeWatch } from '../../rules/native/model.js';
import { watchFiles } from './build-layout.js';
import { checkNativeWatch, exportNativeWatch, giveBackWatch, renderNativeWatch } from './native-watch.js';
import { canonicalWatch } from './normalise-watch.js';
import { watchObjectSchema, type WatchObject } from './objects.js';
import { renderWatches } from './render-watch.js';
import { elasticsearchTargetSchema, type ElasticsearchTarget } from './settings.js';

export const elasticsearchProvider = {
  type: 'elasticsearch',
  settingsSchema: elasticsearchTargetSchema,
  kinds: {
    watch: { identity: (o) => (o as WatchObject).id, label: 'watch', renameHint: "change the target's watch.idPrefix", schema: watchObjectSchema },
  },
  sigmaQueries: (settings) => ({ language: 'lucene', mapping: settings.watch.mapping as MappingName | undefined, keywordSuffix: settings.watch.keywordSuffix, caseInsensitive: settings.watch.caseInsensitive }),
  render({ target, env, settings, rules, hide, reveal }) {
    const diagnostics: Diagnostic[] = [];
    const objects: WatchObject[] = [];
    const w = settings.watch;
    const { language, ...options } = elasticsearchProvider.sigmaQueries(settings);
    const context = { target, env, settings: w, hide };
    // A rule a correlation names with `generate: false` runs only inside the correlation's watch.
    for (const rule of rules.filter((r): r is SigmaRule => r.kind === 'sigma' && !r.correlationOnly)) {
      const queries = attempt(diagnostics, () => compileRule(rule, language, options));
      if (queries) objects.push(...renderWatches(rule, queries, context));
    }
    for (const correlation of rules.filter((r): r is SigmaCorrelation => r.kind === 'sigma-correlation')) {
      // The named rules' queries with the same language and mapping as their own watches.
      const watch = attempt(diagnostics, () => renderCorrelationWatch(correlation, (rule) => compileRule(rule, language, options), context));
      if (!watch) continue;
      objects.push(watch);
      diagnostics.push(...scheduleWarning(correlation, { text: w.interval, everySeconds: intervalMillis(w.interval) / 1000, setting: 'watch.interval' }));
    }
    // Native watch definitions: as written, with their own ids (docs/import.md).
    for (const rule of rules.filter((r): r is NativeWatch => r.kind === 'native-watch')) {
      const problems = checkNativeWatch(rule);
      diagnostics.push(...problems);
      if (problems.length === 0) objects.push(renderNativeWatch(rule, { target, env, reveal }));
    }
    return { objects, diagnostics };
  },
  canonical: (watch) => canonicalWatch(watch.body, watch.active),
  /** The client is imported when first needed: it takes longer to load than the rest of detctl. */
  async createAdapter(name, settings, { env, projectDir }) {
    const [{ createEsClient }, { WatcherTarget }] = await Promise.all([import('./es-client.js'), import('./watcher-target.js')]);
    const webhookPassword = settings.watch.actions.webhook?.auth?.password;
    const client = createEsClient(settings, { projectDir, requestTimeoutMs: durationMillis(settings.timeout) });
    return new WatcherTarget(name, displayUrl(settings.url), env, client, webhookPassword === undefined ? {} : { 'webhook-password': webhookPassword });
  },
  buildFiles: watchFiles,
  exportNative: (live) => (live.kind === 'watch' ? exportNativeWatch(live) : undefined),
  giveBack: giveBackWatch,
} satisfies TargetProvider<ElasticsearchTarget, WatchObject, undefined>;
