// Elasticsearch Watcher as a target: watches owned by an environment carry ownership metadata
// (managed_by, env) and are listed with _watcher/_query/watches, a page at a time — never one GET
// per watch. Writes always say `active` explicitly (a PUT without it re-activates the watch).
import type { Client } from '@elastic/elasticsearch';
import { errors } from '@elastic/elasticsearch';
import type { Canonical, LiveObject, TargetObject } from '../target-object.js';
import { RETRYABLE_CODES, RETRYABLE_STATUS, TargetError, type TargetAdapter } from '../target.js';
import { canonicalWatch, withSecrets } from './normalise-watch.js';
import type { WatchObject } from './objects.js';
import { MANAGED_BY } from './render-watch.js';
import type { WatchSecret } from './watch-serialisation.js';

const PAGE_SIZE = 1000;
/**
 * `detctl import` lists every watch: one page as large as a search may ask for. TransportQueryWatchesAction
 * runs a plain SearchRequest on `.watches` with the request's from and size, so from + size is
 * bounded by the index's `index.max_result_window` (IndexSettings.MAX_RESULT_WINDOW_SETTING,
 * default 10,000): a page this size is one request up to 10,000 watches, and `from` paging could
 * not reach past that either.
 */
const IMPORT_PAGE_SIZE = 10_000;
const IDS_PER_REQUEST = 1000;

interface QueriedWatch {
  _id: string;
  watch?: Record<string, unknown>;
  status?: { state?: { active?: boolean } };
}

export class WatcherTarget implements TargetAdapter {
  readonly type = 'elasticsearch' as const;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly env: string,
    private readonly client: Client,
    /** Values for the secret fields of rendered watches, resolved from the environment. */
    private readonly secrets: Partial<Record<WatchSecret, string>> = {},
  ) {}

  canonical(watch: WatchObject): Canonical {
    return canonicalWatch(watch.body, watch.active);
  }

  async list(desired: readonly TargetObject[]): Promise<LiveObject[]> {
    const owned = await this.query({
      bool: {
        filter: [{ term: { 'metadata.managed_by': MANAGED_BY } }, { match: { 'metadata.env': { query: this.env, operator: 'and' } } }],
      },
    });
    const live = new Map<string, LiveObject>();
    for (const w of owned) {
      const object = this.toLive(w);
      // The match above is loose on purpose (metadata may be mapped as text); ownership is exact.
      if (object.owned) live.set(object.id, object);
    }
    const unknown = desired.filter((o) => o.target === this.name && o.kind === 'watch' && !live.has((o as WatchObject).id)).map((o) => (o as WatchObject).id);
    for (let i = 0; i < unknown.length; i += IDS_PER_REQUEST) {
      for (const w of await this.query({ ids: { values: unknown.slice(i, i + IDS_PER_REQUEST) } })) live.set(w._id, this.toLive(w));
    }
    return [...live.values()];
  }

  /** Every watch detctl owns in no environment (no `metadata.managed_by: detctl`), for `detctl import`. */
  async listUnowned(): Promise<LiveObject[]> {
    const all = await this.query({ match_all: {} }, IMPORT_PAGE_SIZE);
    return all.filter((w) => ((w.watch?.metadata ?? {}) as Record<string, unknown>).managed_by !== MANAGED_BY).map((w) => this.toLive(w));
  }

  private toLive(w: QueriedWatch): LiveObject {
    const watch = w.watch ?? {};
    const metadata = (watch.metadata ?? {}) as Record<string, unknown>;
    const active = w.status?.state?.active ?? true;
    const owned = metadata.managed_by === MANAGED_BY && metadata.env === this.env;
    return {
      target: this.name,
      kind: 'watch',
      id: w._id,
      owned,
      ...(metadata.managed_by === MANAGED_BY && !owned ? { managedElsewhere: true as const } : {}),
      canonical: canonicalWatch(watch, active),
      raw: { watch, active },
    };
  }

  /** Every watch the query matches: the first page tells the count, the rest are fetched together. */
  private async query(query: Record<string, unknown>, pageSize = PAGE_SIZE): Promise<QueriedWatch[]> {
    const page = (from: number) => this.call(() => this.client.watcher.queryWatches({ from, size: pageSize, query }));
    const first = await page(0);
    const rest: number[] = [];
    for (let from = pageSize; from < first.count; from += pageSize) rest.push(from);
    const pages = [first, ...(await Promise.all(rest.map(page)))];
    const seen = new Map<string, QueriedWatch>();
    for (const p of pages) for (const w of p.watches as unknown as QueriedWatch[]) seen.set(w._id, w);
    return [...seen.values()];
  }

  async create(watch: WatchObject): Promise<void> {
    await this.put(watch);
  }

  async update(watch: WatchObject, _live?: LiveObject): Promise<void> {
    // A full PUT, never the if_seq_no merge: removed keys must really go (contract §A5).
    await this.put(watch);
  }

  private async put(watch: WatchObject): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = withSecrets(watch.body, this.secrets);
    } catch (error) {
      throw new TargetError(`watch ${watch.id}: ${(error as Error).message}`, undefined, false);
    }
    await this.call(() => this.client.watcher.putWatch({ id: watch.id, active: watch.active, ...body }));
  }

  async delete(live: LiveObject): Promise<void> {
    await this.call(() => this.client.watcher.deleteWatch({ id: live.id }));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw esError(error);
    }
  }
}

/** The server's own reason, and whether the failure is worth retrying. */
export function esError(error: unknown): TargetError {
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode;
    const body = error.meta.body as { error?: { type?: string; reason?: string } | string } | undefined;
    const reason = typeof body?.error === 'object' ? `${body.error.type}: ${body.error.reason}` : typeof body?.error === 'string' ? body.error : error.message;
    return new TargetError(`Elasticsearch ${status ?? ''} ${reason}`.replace(/\s+/g, ' ').trim(), status, status !== undefined && RETRYABLE_STATUS.has(status));
  }
  if (error instanceof errors.TimeoutError) return new TargetError('Elasticsearch request timed out', undefined, true);
  if (error instanceof errors.ConnectionError) {
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? '';
    return new TargetError(`Elasticsearch connection failed: ${error.message}`, undefined, RETRYABLE_CODES.has(code) || /reset|socket hang up|ECONNRESET|EPIPE/i.test(error.message));
  }
  if (error instanceof errors.ProductNotSupportedError) return new TargetError('the server did not identify as Elasticsearch (x-elastic-product header missing)', undefined, false);
  if (error instanceof TargetError) return error;
  return new TargetError(`Elasticsearch request failed: ${(error as Error).message}`, undefined, false);
}
