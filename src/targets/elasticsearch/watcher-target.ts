// Elasticsearch Watcher as a target: watches owned by an environment carry ownership metadata
// (managed_by, env) and are listed with _watcher/_query/watches, a page at a time — never one GET
// per watch. Writes always say `active` explicitly (a PUT without it re-activates the watch).
import type { Client } from '@elastic/elasticsearch';
import { errors } from '@elastic/elasticsearch';
import type { Canonical, LiveObject } from '../target-object.js';
import { RETRYABLE_CODES, RETRYABLE_STATUS, TargetError, awaitedLater, type DesiredList, type TargetAdapter } from '../target.js';
import { canonicalWatch, withSecrets } from './normalise-watch.js';
import type { WatchObject } from './objects.js';
import { MANAGED_BY } from './render-watch.js';
import type { WatchSecret } from './watch-serialisation.js';

// A page is as large as Elasticsearch allows: from + size may not pass the index's
// max_result_window (IndexSettings.MAX_RESULT_WINDOW_SETTING, default 10,000; `.watches` is a
// system index created with its defaults, Watcher.getWatchesIndexSettings), so fewer, larger
// pages cost fewer round trips. Paging goes on with search_after, never `from`.
const PAGE_SIZE = 10_000;
const IDS_PER_REQUEST = 1000;

interface QueriedWatch {
  _id: string;
  _seq_no?: number;
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

  /** The owned watches are asked for before `desired` is needed; the ids of desired watches not among them after. */
  async list(desired: DesiredList): Promise<LiveObject[]> {
    awaitedLater(desired);
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
    const unknown = (await desired).filter((o) => o.target === this.name && o.kind === 'watch' && !live.has((o as WatchObject).id)).map((o) => (o as WatchObject).id);
    for (let i = 0; i < unknown.length; i += IDS_PER_REQUEST) {
      for (const w of await this.query({ ids: { values: unknown.slice(i, i + IDS_PER_REQUEST) } })) live.set(w._id, this.toLive(w));
    }
    return [...live.values()];
  }

  /** Every watch detctl owns in no environment (no `metadata.managed_by: detctl`), for `detctl import`. */
  async listUnowned(): Promise<LiveObject[]> {
    const all = await this.query({ match_all: {} });
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

  /**
   * Every watch the query matches, a page at a time, each page after the last one's `_seq_no`.
   * `from`/`size` cannot pass 10,000 hits (max_result_window), so paging sorts and uses
   * search_after, which QueryWatchesAction.Request accepts beside `sort` (a list of field sorts)
   * and TransportQueryWatchesAction hands to the search of `.watches` as they are. The sort key:
   * `_id` cannot sort since 8.0 (indices.id_field_data.enabled is false), `metadata.*` is
   * whatever users put there; `_seq_no` has doc values (SeqNoFieldMapper), is unique within a
   * shard and `.watches` has one (Watcher.getWatchesIndexSettings: index.number_of_shards 1), and
   * every item of the reply carries it (QueryWatchesAction.Response.Item writes `_seq_no`; the
   * reply has no `sort` values of its own). A watch written between two pages gets
   * a higher sequence number, so it moves behind the cursor and is listed again (the later copy
   * wins), never skipped. The last page is the first one shorter than a full page.
   */
  private async query(query: Record<string, unknown>): Promise<QueriedWatch[]> {
    const seen = new Map<string, QueriedWatch>();
    let after: number | undefined;
    for (;;) {
      const searchAfter = after;
      const page = await this.call(() =>
        this.client.watcher.queryWatches({ size: PAGE_SIZE, query, sort: [{ _seq_no: { order: 'asc' } }], ...(searchAfter === undefined ? {} : { search_after: [searchAfter] }) }),
      );
      const watches = page.watches as unknown as QueriedWatch[];
      for (const w of watches) seen.set(w._id, w);
      if (watches.length < PAGE_SIZE) break;
      const last = watches.at(-1)!._seq_no;
      if (typeof last !== 'number') throw new TargetError('Elasticsearch listed a full page of watches without their _seq_no: cannot ask for the next page', undefined, false);
      after = last;
    }
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
