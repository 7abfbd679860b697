// The release store an environment names (`history:`).
import { resolve } from 'node:path';
import type { Environment } from '../config/load-environment.js';
import { LocalReleaseStore } from './local-store.js';
import type { ReleaseStore } from './release-store.js';

export async function createReleaseStore(environment: Environment, projectDir: string): Promise<ReleaseStore> {
  const history = environment.settings.history;
  if (history.store === 'local') return new LocalReleaseStore(resolve(projectDir, history.path ?? '.detctl/history'));
  const target = environment.settings.targets[history.target];
  if (target?.type !== 'elasticsearch') throw new Error(`history.target '${history.target}' is not an elasticsearch target`);
  // Imported when used: the Elasticsearch client is slow to load.
  const [{ createEsClient }, { ElasticsearchReleaseStore }] = await Promise.all([import('../targets/elasticsearch/es-client.js'), import('./elasticsearch-store.js')]);
  return new ElasticsearchReleaseStore(createEsClient(target, { projectDir }), history.index);
}
