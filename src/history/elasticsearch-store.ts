// Releases and the lock as documents of an Elasticsearch index, for CI runners that share no
// disk. A release is stored as one JSON string field (its objects' keys would otherwise become
// index mappings); the lock is a document created with op_type=create, so only one run gets it.
import type { Client } from '@elastic/elasticsearch';
import { errors } from '@elastic/elasticsearch';
import type { Release } from './release.js';
import { expired } from './lock-holder.js';
import { LockedError, type Lock, type LockHolder, type ReleaseStore } from './release-store.js';

interface ReleaseDocument {
  doc_type: 'release';
  env: string;
  id: string;
  created_at: string;
  status: string;
  release: string;
}

const status = (e: unknown) => (e instanceof errors.ResponseError ? e.meta.statusCode : undefined);

export class ElasticsearchReleaseStore implements ReleaseStore {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  async list(env: string): Promise<Release[]> {
    let hits;
    try {
      const response = await this.client.search<ReleaseDocument>({
        index: this.index,
        size: 10_000,
        query: { bool: { filter: [{ term: { doc_type: 'release' } }, { match: { env: { query: env, operator: 'and' } } }] } },
      });
      hits = response.hits.hits;
    } catch (error) {
      if (status(error) === 404) return []; // no index yet: no releases
      throw error;
    }
    return hits
      .map((h) => h._source!)
      .filter((d) => d.env === env)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((d) => JSON.parse(d.release) as Release);
  }

  async get(env: string, id: string): Promise<Release | undefined> {
    try {
      const doc = await this.client.get<ReleaseDocument>({ index: this.index, id: `release:${env}:${id}` });
      return doc._source ? (JSON.parse(doc._source.release) as Release) : undefined;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async save(release: Release): Promise<void> {
    const document: ReleaseDocument = { doc_type: 'release', env: release.env, id: release.id, created_at: release.createdAt, status: release.status, release: JSON.stringify(release) };
    await this.client.index({ index: this.index, id: `release:${release.env}:${release.id}`, document, refresh: 'wait_for' });
  }

  async lock(env: string, holder: LockHolder): Promise<Lock> {
    const id = `lock:${env}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.client.create({ index: this.index, id, document: { doc_type: 'lock', env, ...holder }, refresh: 'wait_for' });
        return { holder, release: () => this.unlockIfHeld(id, holder) };
      } catch (error) {
        if (status(error) !== 409) throw error;
        const current = await this.client.get<LockHolder & { doc_type: string }>({ index: this.index, id }).catch(() => undefined);
        const held = current?._source;
        if (held && !expired(held)) throw new LockedError(held, env);
        // A dead run's lock: remove exactly that version of it, then try to take it.
        if (current) await this.client.delete({ index: this.index, id, if_seq_no: current._seq_no, if_primary_term: current._primary_term }).catch(() => undefined);
      }
    }
    const current = await this.client.get<LockHolder>({ index: this.index, id }).catch(() => undefined);
    throw new LockedError(current?._source ?? holder, env);
  }

  private async unlockIfHeld(id: string, holder: LockHolder): Promise<void> {
    const current = await this.client.get<LockHolder>({ index: this.index, id }).catch(() => undefined);
    const held = current?._source;
    if (held && held.pid === holder.pid && held.acquiredAt === holder.acquiredAt && held.host === holder.host) {
      await this.client.delete({ index: this.index, id, refresh: 'wait_for' }).catch(() => undefined);
    }
  }

  async forceUnlock(env: string): Promise<boolean> {
    try {
      await this.client.delete({ index: this.index, id: `lock:${env}`, refresh: 'wait_for' });
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      throw error;
    }
  }
}
