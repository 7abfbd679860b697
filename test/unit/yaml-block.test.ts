// The fast block YAML reader (src/yaml-block.ts) against js-yaml: for every text it reads, the
// values (types, and the order of keys) are exactly js-yaml's loadAll with the core schema, and
// every location and source text the one parseYaml finds without it (through `yaml`,
// test/helpers/yaml-compare.ts); every text outside its subset is left to js-yaml (undefined). Over every YAML file of this repository
// too; the conformance suite does the same over SigmaHQ (test/conformance/yaml-block.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readBlockYaml } from '../../src/yaml-block.js';
import { interpolate } from '../../src/config/interpolate.js';
import { parseYaml, toPlain } from '../../src/yaml-tree.js';
import { assertSameAsJsYaml, jsYaml, ordered } from '../helpers/yaml-compare.js';

const RULE = `title: A rule # a comment
id: 6f7e1c10-2dc9-4312-adb6-9574ff09a5c8
status: test
description: |
    Line one.

    Line three, after a blank line: with a colon, # and 'quotes'.
      more indented
references:
    - https://example.com/a#logs
    - 'quoted: item'
author: Someone 'nick', "x"
date: 2024-04-17
tags:
- attack.t1059
- attack.execution
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        - Image|endswith: '\\cmd.exe'
          CommandLine|contains|all:
              - ' /c '
              - "echo"
        - ParentImage: null
          Count: 42
          Flag: true
          Hex: 0x1F
          Float: 1.5e3
          Inf: .inf
          Tilde: ~
          Empty:
          Octal: 0o17
          Underscored: 1_000
          Text: 'It''s'
    filter:
        Field: 'C:\\Windows\\'
    condition: selection and not filter
falsepositives:
    - Unknown
level: high
`;

test('a rule in the subset: read, and exactly what js-yaml reads', () => {
  const values = assertSameAsJsYaml(RULE);
  assert.ok(values, 'the rule is in the subset');
  const rule = values[0] as Record<string, unknown>;
  assert.equal(rule.description, "Line one.\n\nLine three, after a blank line: with a colon, # and 'quotes'.\n  more indented\n");
  assert.equal(rule.date, '2024-04-17');
  assert.deepEqual(rule.tags, ['attack.t1059', 'attack.execution']);
});

test('texts in the subset give js-yaml\'s values, key order and types', () => {
  const inSubset = [
    'a: 1\n',
    'a: 1',
    '---\na: 1\n',
    'a: 1\n---\nb: 2\n',
    '---\na: 1\n---\nb: [x]\n'.replace(': [x]', ': x'),
    "'quoted key': 1\n\"dq\": 2\n",
    'a: -1\nb: +1\nc: -.inf\nd: .NaN\ne: 1e3\nf: 1_0\ng: 0b101\nh: True\ni: NULL\nj: FALSE\nk: yes\nl: 1.\n',
    'a: x:y\nb: x #y\nc: x# y\nd: -x\ne: ?x\nf: :x\ng: a b  \n',
    'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n',
    'a:\n- 1\n- x\nb: 2\n',
    'a:\n  - k: 1\n    l: 2\n  -   m: 3\n  - n\n',
    'a: |\n  x\n  y\n\n\nb: 1\n',
    'a: |-\n  x\n\n  y\n\nb: 1\n',
    'a: | # comment\n  x\n# a comment\nb: 1\n',
    'a: |\n    x\n  # comment\n',
    "a: ''\nb: \"\"\nc: 'a''b'''\n",
    'a: 1 # c\n# c\n\n   \nb: 2\n',
    'a:\nb:\n',
    'a: "#x" # y\n',
    // Locations: empty values, comments, trailing spaces, blocks at the end, several documents.
    '# first\n\n# second\na:   # c\nb:  \nc:\n\n# c\nd: 1\n',
    'a:\n  # c\n\n  b: 1   \n  c:\n    - x   # c\n    - "y" # c\n    -   \'z\'\n',
    'a:\n    -   k: 1\n        l:\n    - m: |-\n          x\n\n      n: 2\n',
    'a: |\n  x\n\n  # not a comment\nb: |-\n  y\n  \n# c\n\nc: |\n  z',
    'a: |\n  x\n',
    'a: |\n  x\n\n\n',
    'a: 1\nb:',
    'a: b',
    '---\n# c\na: 1\n---\n\nb:\n- 1\n-  2\n---\nc: |\n  x\n',
    'a: \'x\'\'y\'\nb: ""\nc: \'\'   # c\n',
    'é: ü\nb: "ç" # ∂\nc:\n  - 😀 x\n',
    '"quoted": 1\n\'single\': 2\n"a b": x\n',
    'key with spaces: value with spaces\nk-e_y.x: ~\nn: null\nt: true\nf: 0.5\ni: -3\n',
    'x: y\n' + Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join(''),
  ];
  for (const text of inSubset) assert.ok(assertSameAsJsYaml(text), `${JSON.stringify(text)} is read by the block reader`);
});

test('texts outside the subset are left to js-yaml, which reads or refuses them', () => {
  const outside = [
    '',
    '# only a comment\n',
    '---\n',
    'a: 1\n---\n',
    '- 1\n',
    'x\n',
    'a: [1, 2]\n',
    'a: {b: 1}\n',
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    '<<: {a: 1}\n',
    '__proto__: 1\n',
    'a: 1\na: 2\n',
    'a: >\n  x\n',
    'a: |+\n  x\n',
    'a: |2\n   x\n',
    'a: |\n\n  x\n',
    'a: |\n  x\n     \n  y\n',
    'a: "x\\ty"\n',
    'a: "x\n  y"\n',
    "a: 'x\n  y'\n",
    'a: x\n  y\n',
    'a: b: c\n',
    'a:\tb\n',
    'a: 1\r\nb: 2\r\n',
    '\uFEFFa: 1\n',
    'a: \x01\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\n...\n',
    '--- a: 1\n',
    'a:\n  -\n    b: 1\n',
    'a:\n  - - 1\n',
    'a :\n',
    'a:x\n',
    'a:\n   b: 1\n  c: 2\n',
    'a: 1\n  b: 2\n',
    'a: `x`\n',
    'a: @x\n',
    'a: - x\n',
    '? a\n: 1\n',
    // keys that are not text for js-yaml, or numeric: left to js-yaml (see src/yaml-block.ts)
    'b: 1\na: 2\n10: x\n2: y\n',
    'true: 1\n',
    'null: 2\n',
    'a: 1\n1.0: 3\n',
    '0x10: 4\n',
    '-.5: x\n',
    '"10": x\n',
    'a:\n  - 1: x\n',
    // nested deeper than the block reader goes (js-yaml applies the nesting limit)
    `${Array.from({ length: 45 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')}\n${' '.repeat(90)}v: 1\n`,
  ];
  for (const text of outside) {
    assert.equal(readBlockYaml(text, 'r.yml'), undefined, `${JSON.stringify(text)} is left to js-yaml`);
    // And through parseYaml, every one is what js-yaml makes of it (values, or a syntax error).
    const parsed = parseYaml(text, 'r.yml');
    const theirs = jsYaml(text);
    if (theirs instanceof Error) assert.ok(parsed.diagnostics.length > 0, JSON.stringify(text));
    else assert.deepStrictEqual(ordered(parsed.documents.map(toPlain)), ordered(theirs.filter((v) => v !== undefined)), JSON.stringify(text));
  }
});

test('parseYaml gives the same tree and the same locations either way', () => {
  const viaBlock = parseYaml(RULE, 'rules/r.yml');
  // A tab in a comment puts the same text outside the subset: js-yaml reads it.
  const viaJsYaml = parseYaml(RULE.replace('# a comment', '#\ta comment'), 'rules/r.yml');
  assert.equal(readBlockYaml(RULE.replace('# a comment', '#\ta comment'), 'r.yml'), undefined);
  assert.deepStrictEqual(ordered(viaBlock.documents.map(toPlain)), ordered(viaJsYaml.documents.map(toPlain)));
  const where = (parsed: typeof viaBlock) => {
    const doc = parsed.documents[0];
    assert.equal(doc.kind, 'map');
    return doc.entries.map((e) => `${e.key} ${e.keyLoc.line}:${e.keyLoc.column} ${e.value.loc.line}:${e.value.loc.column}`);
  };
  assert.deepEqual(where(viaBlock), where(viaJsYaml));
});

test('every YAML file of this repository: what the block reader reads (every sample rule) is exactly what js-yaml reads', () => {
  const root = resolve(import.meta.dirname, '..', '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) files.push(path);
    }
  };
  for (const dir of ['rules', 'escu', 'environments', 'test', 'docs', 'packages']) walk(join(root, dir));
  const read = files.filter((file) => assertSameAsJsYaml(readFileSync(file, 'utf8'), file));
  assert.ok(files.length > 50, `${files.length} files`);
  // The sample rules are plain block YAML (flow collections, as in environments/, are not).
  const rules = files.filter((f) => /[\\/]rules[\\/](sigma|escu)[\\/][^\\/]+(?<!\.tests)\.yml$/.test(f));
  assert.ok(rules.length >= 5, rules.join());
  for (const rule of rules) assert.ok(read.includes(rule), `${rule} is read by the block reader`);
});

test('a block node keeps its locations when copied the way callers copy, and its source text apart from it', () => {
  const [doc] = readBlockYaml('a: 0x1F\nb: "x${Y}"\n', 'r.yml')!;
  assert.equal(doc.kind, 'map');
  const value = doc.entries[0].value;
  assert.equal(value.kind, 'scalar');
  // src/rules/sigma/detection.ts keeps the function without its node.
  const written = value.sourceText;
  assert.equal(written(), '0x1F');
  assert.equal(JSON.stringify(value.contentLoc), '{"file":"r.yml","line":1,"column":4}');
  const quoted = doc.entries[1].value;
  assert.equal(quoted.kind === 'scalar' && `${quoted.loc.column} ${quoted.contentLoc.column}`, '4 5');
  // Environment files' `${VAR}` copies the tree (src/config/interpolate.ts): the copy is located as the original.
  const copy = interpolate(doc, { Y: 'y' }).node;
  assert.equal(copy.kind, 'map');
  const [a, b] = copy.entries;
  assert.equal(b.value.kind === 'scalar' && b.value.value, 'xy');
  assert.equal(b.value.kind === 'scalar' && `${b.keyLoc.line}:${b.keyLoc.column} ${b.value.loc.line}:${b.value.loc.column} ${b.value.contentLoc.column} ${b.value.sourceText()}`, '2:1 2:4 5 "x${Y}"');
  assert.equal(a.value.kind === 'scalar' && `${copy.loc.line}:${copy.loc.column} ${a.value.sourceText()}`, '1:1 0x1F');
});
