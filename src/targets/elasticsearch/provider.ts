// Elasticsearch Watcher as a target: Sigma rules compiled to Lucene become watches.
import { compileRule } from '../../compile/compile-rule.js';
import type { MappingName } from '../../compile/mappings/apply-mapping.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { SigmaRule } from '../../rules/sigma/model.js';
import { durationMillis } from '../../base/duration.js';
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
    // Sigma correlations ('sigma-correlation') are not deployed yet (issue 14): skipped here.
    for (const rule of rules.filter((r): r is SigmaRule => r.kind === 'sigma')) {
      const queries = attempt(diagnostics, () => compileRule(rule, language, options));
      if (queries) objects.push(...renderWatches(rule, queries, { target, env, settings: w, hide }));
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
