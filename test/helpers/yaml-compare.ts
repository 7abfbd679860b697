// The fast block YAML reader (src/yaml-block.ts) compared with the general way, for the unit and
// conformance tests (test/unit/yaml-block.test.ts, test/conformance/yaml-block.test.ts): its
// values with js-yaml's, its locations and source texts with what parseYaml finds without it
// (js-yaml's values, located through the `yaml` library).
import assert from 'node:assert/strict';
import jsyaml from 'js-yaml';
import { readBlockYaml } from '../../src/yaml-block.js';
import { DEFAULT_LIMITS, parseYaml, toPlain, type YamlNode } from '../../src/yaml-tree.js';
import type { SourceLocation } from '../../src/diagnostics.js';

/** Values with every mapping as its entries in order, so that deepStrictEqual compares key order too. */
export function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, ordered(v)]);
  return value;
}

export function jsYaml(text: string): unknown[] | Error {
  try {
    return jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
  } catch (error) {
    return error as Error;
  }
}

const at = (loc: SourceLocation) => `${loc.file}:${loc.line}:${loc.column}`;

/** Every node of a tree, one line each: its path, kind, entries' order, and every location and source text it has. */
export function treeLines(node: YamlNode, path = '$', out: string[] = []): string[] {
  switch (node.kind) {
    case 'map':
      out.push(`${path} map at ${at(node.loc)} keys ${JSON.stringify(node.entries.map((e) => e.key))}`);
      for (const e of node.entries) {
        out.push(`${path}.${JSON.stringify(e.key)} key at ${at(e.keyLoc)}`);
        treeLines(e.value, `${path}.${JSON.stringify(e.key)}`, out);
      }
      break;
    case 'seq':
      out.push(`${path} seq at ${at(node.loc)} of ${node.items.length}`);
      node.items.forEach((item, i) => treeLines(item, `${path}[${i}]`, out));
      break;
    case 'scalar':
      out.push(`${path} ${typeof node.value} ${JSON.stringify(node.value)} at ${at(node.loc)} content at ${at(node.contentLoc)} as written ${JSON.stringify(node.sourceText())}`);
      break;
  }
  return out;
}

/**
 * The block reader's trees when it reads the text: their values must be js-yaml's (types, key
 * order), and every location and source text the ones the general way gives.
 */
export function assertSameAsJsYaml(text: string, where = JSON.stringify(text), file = 'rules/r.yml'): unknown[] | undefined {
  const mine = readBlockYaml(text, file);
  if (mine === undefined) return undefined;
  const theirs = jsYaml(text);
  assert.ok(!(theirs instanceof Error), `${where}: the block reader read what js-yaml refuses (${String(theirs)})`);
  const values = mine.map(toPlain);
  assert.deepStrictEqual(ordered(values), ordered(theirs), where);
  const general = parseYaml(text, file, DEFAULT_LIMITS, false);
  assert.deepEqual(general.diagnostics, [], where);
  assert.deepStrictEqual(mine.flatMap((doc) => treeLines(doc)), general.documents.flatMap((doc) => treeLines(doc)), where);
  return values;
}
