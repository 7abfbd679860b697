// The fast block YAML reader (src/yaml-block.ts) compared with js-yaml, for the unit and
// conformance tests (test/unit/yaml-block.test.ts, test/conformance/yaml-block.test.ts).
import assert from 'node:assert/strict';
import jsyaml from 'js-yaml';
import { loadBlockYaml } from '../../src/yaml-block.js';

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

/** The block reader's result when it reads the text, which must then be js-yaml's. */
export function assertSameAsJsYaml(text: string, where = JSON.stringify(text)): unknown[] | undefined {
  const mine = loadBlockYaml(text);
  if (mine === undefined) return undefined;
  const theirs = jsYaml(text);
  assert.ok(!(theirs instanceof Error), `${where}: the block reader read what js-yaml refuses (${String(theirs)})`);
  assert.deepStrictEqual(ordered(mine), ordered(theirs), where);
  return mine;
}

