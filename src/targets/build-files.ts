// Desired objects as files for review, each target's in the layout its provider gives them
// (elasticsearch/build-layout.ts, splunk/build-layout.ts). Same input, same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltFile } from './built-file.js';
import { providerOfKind, type DesiredObject } from './registry.js';

/** The files a build consists of, relative to the output folder (pure; `writeBuild` writes them). */
export function buildFiles(objects: DesiredObject[], version: string): BuiltFile[] {
  const byProvider = new Map<ReturnType<typeof providerOfKind>, DesiredObject[]>();
  for (const o of objects) {
    const provider = providerOfKind(o.kind);
    const own = byProvider.get(provider) ?? [];
    own.push(o);
    byProvider.set(provider, own);
  }
  const files = [...byProvider].flatMap(([provider, own]) => provider.buildFiles(own, version));
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function writeBuild(outDir: string, files: BuiltFile[]): void {
  for (const f of files) {
    const path = join(outDir, f.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.content);
  }
}
