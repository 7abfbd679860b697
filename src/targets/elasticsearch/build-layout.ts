// `detctl build` output of an Elasticsearch target: DIR/<target>/watches/<id>.json, the id, the
// active flag and the PUT body of each watch. A native watch's id is anything Watcher takes (a
// `/`, `..`), so the file is named after it safely (base/file-name.ts); the id is in the file.
import { join } from 'node:path';
import { safeFileName } from '../../base/file-name.js';
import type { BuiltFile } from '../built-file.js';
import type { WatchObject } from './objects.js';

export function watchFiles(watches: WatchObject[]): BuiltFile[] {
  const taken = new Set<string>(); // file names given out, without case (case-insensitive file systems)
  return watches.map((o) => {
    let name = safeFileName(o.id);
    for (let n = 2; taken.has(`${o.target}/${name}`.toLowerCase()); n++) name = `${safeFileName(o.id)}-${n}`;
    taken.add(`${o.target}/${name}`.toLowerCase());
    return { path: join(o.target, 'watches', `${name}.json`), content: JSON.stringify({ id: o.id, active: o.active, watch: o.body }, null, 2) + '\n' };
  });
}
