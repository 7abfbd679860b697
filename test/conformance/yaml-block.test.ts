// Conformance: the fast block YAML reader (src/yaml-block.ts) against js-yaml over every YAML file
// of the SigmaHQ set (rules, and the rest of the corpus's YAML): what it reads is exactly what
// js-yaml's loadAll gives (values, types, key order), every location (key, value, content) and
// source text is the one the general way finds through the `yaml` library, and it reads nearly
// all the rules (the others go to js-yaml; their names are printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCorpus } from './corpus.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { assertSameAsJsYaml } from '../helpers/yaml-compare.js';

test('SigmaHQ: every rule file the block reader reads is read exactly as js-yaml reads it, at the same locations', () => {
  const sigmahq = join(requireCorpus(), 'sigmahq');
  const { files } = discoverRuleFiles(['rules', 'rules-emerging-threats', 'rules-threat-hunting'], sigmahq);
  const left: string[] = [];
  for (const file of files) if (!assertSameAsJsYaml(readFileSync(file.absolute, 'utf8'), file.path)) left.push(file.path);
  console.log(`block reader: ${files.length - left.length} of ${files.length} SigmaHQ files read, ${left.length} left to js-yaml:\n  ${left.join('\n  ')}`);
  assert.ok(files.length > 3000, `${files.length} files`);
  assert.ok(left.length < files.length / 100, `${left.length} files left to js-yaml`);
});
