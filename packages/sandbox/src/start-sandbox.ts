// Starts both stand-ins on loopback and hands back what a test, the demo or a benchmark needs:
// the URLs, the credentials, the request log, a way to make watches "execute", ways to seed
// objects detctl does not own, and close().
import { resolveCredentials, encodeApiKey, type CredentialOverrides, type SandboxCredentials } from './credentials.js';
import { FaultPlan, type FaultKind } from './faults.js';
import type { TargetName } from './http/exchange.js';
import { listen, type RunningTarget } from './http/http-server.js';
import type { JsonObject } from './json.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import { StateStore } from './state-store.js';
import { initialEsState, type EsContext, type EsState } from './elasticsearch/es-context.js';
import { ElasticsearchService } from './elasticsearch/es-service.js';
import { IndexStore } from './elasticsearch/index-store.js';
import { DEFAULT_SPLUNK_APPS, type SplunkContext } from './splunk/splunk-context.js';
import { createSavedSearch } from './splunk/saved-searches-api.js';
import { SplunkService } from './splunk/splunk-service.js';
import { initialSplunkState, type SplunkState, type Sharing } from './splunk/splunk-state.js';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  esPort?: number;
  splunkPort?: number;
  /** Loopback by default. */
  host?: string;
  /** A JSON file: loaded at start, saved (atomically) after every write. Without it, state is in memory. */
  statePath?: string;
  /** Added before every response. */
  latencyMs?: number;
  /** Probability of an injected fault per request, drawn from a PRNG seeded with `seed`. */
  faultRate?: number;
  seed?: number;
  faultKinds?: FaultKind[];
  /** Which targets get faults (both by default). */
  faultTargets?: TargetName[];
  /** PEM text; both targets then speak HTTPS. */
  tls?: { cert: string; key: string };
  credentials?: CredentialOverrides;
  /** Where default credentials are read from (process.env by default). */
  env?: NodeJS.ProcessEnv;
  /** Runs every active watch this often, as a real trigger engine would. Off by default. */
  watchExecutionIntervalMs?: number;
  /** How often new documents become searchable (ES's refresh_interval, default 1000 ms). */
  esRefreshIntervalMs?: number;
  /** Splunk apps that exist (objects can only be created in these). */
  splunkApps?: string[];
  now?: () => Date;
}

export interface SandboxSeedSavedSearch {
  name: string;
  app?: string;
  owner?: string;
  sharing?: Sharing;
  /** Saved-search arguments as the REST API takes them, e.g. {search, cron_schedule, is_scheduled: '1'}. */
  settings: Record<string, string>;
}

export interface Sandbox {
  esUrl: string;
  splunkUrl: string;
  credentials: SandboxCredentials & { esApiKeyEncoded: string };
  /** Every request, in arrival order (live; see RequestLogEntry). */
  readonly requestLog: readonly RequestLogEntry[];
  clearLog(): void;
  /** Runs the active watches (or the given ones) once: status, _seq_no and _version move. Returns how many ran. */
  executeWatches(ids?: string[]): Promise<number>;
  /** Makes every indexed document searchable now, instead of at the next refresh. */
  refreshIndices(): void;
  /** Stores a watch without going through HTTP (an "unowned" watch, say). */
  seedWatch(id: string, watch: JsonObject, options?: { active?: boolean }): Promise<void>;
  seedSavedSearch(search: SandboxSeedSavedSearch): Promise<void>;
  /** Waits until every change is on disk (with statePath). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface SandboxState {
  version: 1;
  elasticsearch: EsState;
  splunk: SplunkState;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? (() => new Date());
  const credentials = resolveCredentials(options.credentials, options.env);
  const store = await StateStore.open<SandboxState>(options.statePath, () => ({ version: 1, elasticsearch: initialEsState(), splunk: initialSplunkState() }), upgradeState);
  const commit = () => store.commit();
  const log = new RequestLog();
  const faults = new FaultPlan({ rate: options.faultRate ?? 0, seed: options.seed ?? 1, kinds: options.faultKinds, targets: options.faultTargets });

  const indices = new IndexStore(store.state.elasticsearch.indices, now);
  const esContext: EsContext = { state: store.state.elasticsearch, indices, now, commit };
  const elasticsearch = new ElasticsearchService(esContext, credentials.elasticsearch);
  const splunkContext: SplunkContext = { state: store.state.splunk, now, commit, apps: options.splunkApps ?? DEFAULT_SPLUNK_APPS };
  const splunk = new SplunkService(splunkContext, credentials.splunk, options.tls ? 'https' : 'http');

  const common = { host: options.host ?? '127.0.0.1', tls: options.tls, latencyMs: options.latencyMs ?? 0, faults, log, now };
  const running: RunningTarget[] = [];
  try {
    running.push(await listen(elasticsearch, { ...common, port: options.esPort ?? 0 }));
    running.push(await listen(splunk, { ...common, port: options.splunkPort ?? 0 }));
  } catch (error) {
    await Promise.all(running.map((r) => r.close()));
    throw error;
  }
  const [es, sp] = running;

  const timers = [setInterval(() => indices.refresh(), options.esRefreshIntervalMs ?? 1000)];
  if (options.watchExecutionIntervalMs) {
    timers.push(
      setInterval(() => {
        if (elasticsearch.watcher.execute() > 0) void commit().catch(() => undefined);
      }, options.watchExecutionIntervalMs),
    );
  }
  timers.forEach((t) => t.unref());

  return {
    esUrl: es.url,
    splunkUrl: sp.url,
    credentials: { ...credentials, esApiKeyEncoded: encodeApiKey(credentials.elasticsearch.apiKey) },
    requestLog: log.entries,
    clearLog: () => log.clear(),
    async executeWatches(ids) {
      const count = elasticsearch.watcher.execute(ids);
      await commit();
      return count;
    },
    refreshIndices: () => indices.refresh(),
    async seedWatch(id, watch, seedOptions = {}) {
      elasticsearch.watcher.put(id, Buffer.from(JSON.stringify(watch)), { active: seedOptions.active ?? true });
      await commit();
    },
    async seedSavedSearch(search) {
      const owner = search.owner ?? 'nobody';
      const sharing = search.sharing ?? (owner === 'nobody' ? 'app' : 'user');
      createSavedSearch(splunkContext, { owner, app: search.app ?? 'search', sharing }, { name: search.name, ...search.settings }, owner === 'nobody' ? credentials.splunk.username : owner);
      await commit();
    },
    flush: () => store.flush(),
    async close() {
      timers.forEach((t) => clearInterval(t));
      await Promise.all(running.map((r) => r.close()));
      await store.flush();
    },
  };
}

function upgradeState(loaded: SandboxState): SandboxState {
  if (loaded.version !== 1) throw new Error(`unsupported sandbox state version ${String(loaded.version)}`);
  return loaded;
}
