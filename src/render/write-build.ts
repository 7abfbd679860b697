// Desired objects as files for review: DIR/<target>/watches/<id>.json and a Splunk app folder
// DIR/<target>/<app>/default/{savedsearches,macros,app}.conf. Same input, same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredObject, MacroObject, SavedSearchObject } from './objects.js';
import { appConf, macrosConf, savedSearchesConf } from './splunk-conf.js';

export interface BuiltFile {
  path: string;
  content: string;
}

/** The files a build consists of, relative to the output folder (pure; `writeBuild` writes them). */
export function buildFiles(objects: DesiredObject[], version: string): BuiltFile[] {
  const files: BuiltFile[] = [];
  const apps = new Map<string, { target: string; app: string; searches: SavedSearchObject[]; macros: MacroObject[] }>();
  for (const o of objects) {
    if (o.kind === 'watch') {
      files.push({ path: join(o.target, 'watches', `${o.id}.json`), content: JSON.stringify({ id: o.id, active: o.active, watch: o.body }, null, 2) + '\n' });
      continue;
    }
    const key = `${o.target}/${o.app}`;
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
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function writeBuild(outDir: string, files: BuiltFile[]): void {
  for (const f of files) {
    const path = join(outDir, f.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.content);
  }
}
