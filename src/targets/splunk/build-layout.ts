// `detctl build` output of a Splunk target: an app folder per (target, app),
// DIR/<target>/<app>/default/{savedsearches,macros,app}.conf.
import { join } from 'node:path';
import type { BuiltFile } from '../built-file.js';
import type { MacroObject, SavedSearchObject, SplunkObject } from './objects.js';
import { appConf, macrosConf, savedSearchesConf } from './splunk-conf.js';

export function splunkAppFiles(objects: SplunkObject[], version: string): BuiltFile[] {
  const files: BuiltFile[] = [];
  const apps = new Map<string, { target: string; app: string; searches: SavedSearchObject[]; macros: MacroObject[] }>();
  for (const o of objects) {
    const key = JSON.stringify([o.target, o.app]);
    const group = apps.get(key) ?? { target: o.target, app: o.app, searches: [], macros: [] };
    if (o.kind === 'saved-search') group.searches.push(o);
    else group.macros.push(o);
    apps.set(key, group);
  }
  for (const { target, app, searches, macros } of apps.values()) {
    const dir = join(target, app, 'default');
    files.push({ path: join(dir, 'app.conf'), content: appConf(app, version) });
    files.push({ path: join(dir, 'savedsearches.conf'), content: savedSearchesConf(searches) });
    if (macros.length > 0) files.push({ path: join(dir, 'macros.conf'), content: macrosConf(macros) });
  }
  return files;
}
