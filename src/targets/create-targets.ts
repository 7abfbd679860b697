// The adapters of an environment's targets.
import type { Environment } from '../config/load-environment.js';
import type { TargetAdapter } from './target.js';
import { durationMillis } from './duration.js';

export interface TargetOptions {
  projectDir: string;
}

/** The URL as shown to people: no credentials in it. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

/** The clients are imported when first needed: they take longer to load than the rest of detctl. */
export async function createTargets(environment: Environment, options: TargetOptions): Promise<TargetAdapter[]> {
  const [{ createEsClient }, { WatcherTarget }, { createSplunkService }, { SplunkTarget }] = await Promise.all([
    import('./elasticsearch/es-client.js'),
    import('./elasticsearch/watcher-target.js'),
    import('./splunk/create-splunk-service.js'),
    import('./splunk/splunk-target.js'),
  ]);
  return Object.entries(environment.settings.targets).map(([name, settings]): TargetAdapter => {
    if (settings.type === 'elasticsearch') {
      const webhookPassword = settings.watch.actions.webhook?.auth?.password;
      const client = createEsClient(settings, { projectDir: options.projectDir, requestTimeoutMs: durationMillis(settings.timeout) });
      return new WatcherTarget(name, displayUrl(settings.url), environment.name, client, webhookPassword === undefined ? {} : { 'webhook-password': webhookPassword });
    }
    return new SplunkTarget(name, displayUrl(settings.url), createSplunkService(settings, { projectDir: options.projectDir, timeoutMs: durationMillis(settings.timeout) }), {
      app: settings.app,
      owner: settings.owner,
      ownedPrefixes: [settings.savedSearch.namePrefix, settings.escu.namePrefix].filter((p) => p.length > 0),
    });
  });
}
