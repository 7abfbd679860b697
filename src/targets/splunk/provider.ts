// Splunk as a target: Sigma rules and correlations compiled to SPL and ESCU detections become
// saved searches, with the macros the ESCU searches call.
import { compileRule } from '../../compile/compile-rule.js';
import type { MappingName } from '../../compile/mappings/apply-mapping.js';
import type { Diagnostic } from '../../diagnostics.js';
import { deploymentFor, missingDeployment } from '../../rules/escu/load-escu-deployments.js';
import type { EscuDetection } from '../../rules/escu/model.js';
import type { SigmaRule } from '../../rules/sigma/model.js';
import type { SigmaCorrelation } from '../../rules/sigma/correlation-model.js';
import { durationMillis } from '../../base/duration.js';
import { longestCronGap } from '../../base/cron.js';
import { scheduleWarning } from '../correlation-schedule.js';
import { attempt, type TargetProvider } from '../provider.js';
import { displayUrl } from '../target.js';
import type { NativeSavedSearch } from '../../rules/native/model.js';
import { splunkAppFiles } from './build-layout.js';
import { checkNativeSavedSearch, exportNativeSavedSearch, giveBackSavedSearch, renderNativeSavedSearch } from './native-saved-search.js';
import { renderCorrelationSavedSearch } from './correlation-saved-search.js';
import { loadEscuLibrary, type EscuLibrary } from './escu-library.js';
import { renderEscuMacros } from './escu-macros.js';
import { renderEscuDetection } from './escu-saved-search.js';
import { canonicalSplunkObject } from './normalise-saved-search.js';
import { macroObjectSchema, savedSearchObjectSchema, type SplunkObject } from './objects.js';
import { splunkTargetSchema, type SplunkTarget } from './settings.js';
import { renderSigmaSavedSearches, sigmaAlertKeys } from './sigma-saved-search.js';

export const splunkProvider = {
  type: 'splunk',
  settingsSchema: splunkTargetSchema,
  kinds: {
    'saved-search': { identity: (o) => (o as SplunkObject).name, label: 'saved search', renameHint: "change the target's savedSearch.namePrefix", schema: savedSearchObjectSchema },
    macro: { identity: (o) => (o as SplunkObject).name, label: 'macro', renameHint: 'rename the macro', schema: macroObjectSchema },
  },
  loadInputs: loadEscuLibrary,
  sigmaQueries: (settings) => ({ language: 'spl', mapping: settings.savedSearch.mapping as MappingName | undefined }),
  render({ target, settings, rules, inputs }) {
    const diagnostics: Diagnostic[] = [];
    const objects: SplunkObject[] = [];
    const s = settings.savedSearch;
    const { language, ...options } = splunkProvider.sigmaQueries(settings);
    const context = { target, app: settings.app, owner: settings.owner, settings: s };
    // A rule a correlation names with `generate: false` runs only inside the correlation's search.
    for (const rule of rules.filter((r): r is SigmaRule => r.kind === 'sigma' && !r.correlationOnly)) {
      const queries = attempt(diagnostics, () => compileRule(rule, language, options));
      if (queries) objects.push(...renderSigmaSavedSearches(rule, queries, context));
    }
    for (const correlation of rules.filter((r): r is SigmaCorrelation => r.kind === 'sigma-correlation')) {
      // One query: the named rules' searches, with the same mapping, inside the correlation's stats.
      const [search] = attempt(diagnostics, () => compileRule(correlation, language, options)) ?? [];
      if (search === undefined) continue;
      objects.push(renderCorrelationSavedSearch(correlation, search, context));
      diagnostics.push(...scheduleWarning(correlation, { text: s.cron, everySeconds: longestCronGap(s.cron), setting: 'savedSearch.cron' }));
    }
    // Native saved-search definitions: as written, with their own names (docs/import.md).
    for (const rule of rules.filter((r): r is NativeSavedSearch => r.kind === 'native-saved-search')) {
      const problems = checkNativeSavedSearch(rule, settings.app);
      diagnostics.push(...problems);
      if (problems.length === 0) objects.push(renderNativeSavedSearch(rule, { target, app: settings.app, owner: settings.owner }));
    }
    const detections = rules.filter((r): r is EscuDetection => r.kind === 'escu' && r.rendered);
    if (detections.length === 0) return { objects, diagnostics };
    const library = inputs ?? { macros: [], deployments: [] };
    const escuSettings = { namePrefix: settings.escu.namePrefix, app: settings.app, owner: settings.owner, target, enabled: settings.escu.enabled };
    for (const d of detections) {
      const deployment = deploymentFor(d, library.deployments);
      if (!deployment) {
        diagnostics.push(missingDeployment(d));
        continue;
      }
      const search = attempt(diagnostics, () => renderEscuDetection(d, deployment, escuSettings));
      if (search) objects.push(search);
    }
    const macros = renderEscuMacros(detections, library.macros, escuSettings);
    objects.push(...macros.macros);
    diagnostics.push(...macros.diagnostics);
    return { objects, diagnostics };
  },
  canonical: canonicalSplunkObject,
  /** The SDK is imported when first needed: it takes longer to load than the rest of detctl. */
  async createAdapter(name, settings, { projectDir }) {
    const [{ createSplunkService }, { SplunkTarget }, { loadSplunkSdk }] = await Promise.all([import('./create-splunk-service.js'), import('./splunk-target.js'), import('./splunk-sdk.js')]);
    await loadSplunkSdk();
    return new SplunkTarget(name, displayUrl(settings.url), createSplunkService(settings, { projectDir, timeoutMs: durationMillis(settings.timeout) }), {
      app: settings.app,
      owner: settings.owner,
      ownedPrefixes: [settings.savedSearch.namePrefix, settings.escu.namePrefix].filter((p) => p.length > 0),
      expectedKeys: sigmaAlertKeys(settings.savedSearch),
    });
  },
  buildFiles: splunkAppFiles,
  exportNative: (live) => (live.kind === 'saved-search' ? exportNativeSavedSearch(live) : undefined),
  giveBack: giveBackSavedSearch,
} satisfies TargetProvider<SplunkTarget, SplunkObject, EscuLibrary>;
