// `detctl build` output of an Elasticsearch target: DIR/<target>/watches/<id>.json, the id, the
// active flag and the PUT body of each watch.
import { join } from 'node:path';
import type { BuiltFile } from '../built-file.js';
import type { WatchObject } from './objects.js';

export function watchFiles(watches: WatchObject[]): BuiltFile[] {
  return watches.map((o) => ({ path: join(o.target, 'watches', `${o.id}.json`), content: JSON.stringify({ id: o.id, active: o.active, watch: o.body }, null, 2) + '\n' }));
}
