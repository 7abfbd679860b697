// The native watch fixtures (test/fixtures/native-watches): valid/*.watch.json|yaml, and
// invalid/*.watch.json|yaml each with a sidecar <name>.expected.json giving the diagnostic code,
// its line:col, a fragment of its message, why it is refused, and `serverAccepts: true` when
// Elasticsearch would take the body as it is: the problem is in the file format's own keys (id,
// active, status), or detctl refuses what Elasticsearch would silently drop.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYaml, type YamlNode } from '../../src/yaml-tree.js';

export const NATIVE_WATCHES = resolve(import.meta.dirname, '..', 'fixtures', 'native-watches');

export interface Expected {
  code: string;
  at: string;
  message: string;
  why: string;
  serverAccepts?: boolean;
}

export interface NativeWatchFixture {
  name: string;
  /** The path as diagnostics show it (relative to the fixtures folder). */
  file: string;
  root: YamlNode;
  expected?: Expected;
}

export function nativeWatchFixtures(kind: 'valid' | 'invalid'): NativeWatchFixture[] {
  const dir = join(NATIVE_WATCHES, kind);
  return readdirSync(dir)
    .filter((f) => /\.watch\.(json|yaml)$/.test(f))
    .sort()
    .map((f) => {
      const file = `${kind}/${f}`;
      const parsed = parseYaml(readFileSync(join(dir, f), 'utf8'), file);
      if (parsed.diagnostics.length > 0 || parsed.documents.length !== 1) throw new Error(`${file}: not one YAML/JSON document`);
      const name = f.replace(/\.watch\.(json|yaml)$/, '');
      const expected = kind === 'invalid' ? (JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected) : undefined;
      return { name, file, root: parsed.documents[0], expected };
    });
}

/** The plain JSON value of a tree. */
export function toJson(node: YamlNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toJson);
  return Object.fromEntries(node.entries.map((e) => [e.key, toJson(e.value)]));
}
