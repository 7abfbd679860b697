// The Sigma evaluator: truth tables per value kind and modifier, conditions, and decidedBy.
// Rules are written as YAML and loaded with detctl's own loader, so each case reads as a rule would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import { compileSigma } from '../../src/evaluate/sigma/index.js';
import type { FlatEvent, Verdict } from '../../src/evaluate/types.js';

const PATH = 'rules/case.yml';

/** The verdict of a rule with this `detection:` body (YAML, indented by 4) on the event. */
function verdict(detection: string, event: FlatEvent): Verdict {
  const text = `title: Case\nlogsource:\n    product: windows\ndetection:\n${detection.replace(/^/gm, '    ')}\n`;
  const loaded = loadRuleFile({ path: PATH, absolute: PATH }, text);
  assert.deepEqual(loaded.diagnostics, [], text);
  assert.equal(loaded.rule?.kind, 'sigma');
  if (loaded.rule?.kind !== 'sigma') throw new Error('not a Sigma rule');
  return compileSigma(loaded.rule.conditions[0]).evaluate(event);
}

const matches = (detection: string, event: FlatEvent) => verdict(detection, event).matched;

/** One item under `sel`, checked against each event: [event, expected]. */
function table(item: string, cases: [FlatEvent, boolean][]): void {
  for (const [event, expected] of cases) {
    assert.equal(matches(`sel:\n    ${item}\ncondition: sel`, event), expected, `${item} on ${JSON.stringify(event)}`);
  }
}

test('plain strings: whole value, case-insensitive; wildcards * and ?, escapes literal', () => {
  table(`Image: 'C:\\Windows\\cmd.exe'`, [
    [{ Image: 'C:\\Windows\\cmd.exe' }, true],
    [{ Image: 'c:\\windows\\CMD.EXE' }, true],
    [{ Image: 'C:\\Windows\\cmd.exe ' }, false],
    [{ Image: 'D:\\C:\\Windows\\cmd.exe' }, false],
    [{}, false],
    [{ Image: null }, false],
  ]);
  table(`Image: 'cmd?.exe'`, [
    [{ Image: 'cmd1.exe' }, true],
    [{ Image: 'cmd.exe' }, false],
    [{ Image: 'cmd12.exe' }, false],
  ]);
  table(`Image: '*\\cmd.*'`, [
    [{ Image: 'C:\\x\\cmd.exe' }, true],
    [{ Image: '\\cmd.' }, true],
    [{ Image: 'cmd.exe' }, false],
  ]);
  table(`Name: 'a\\*b'`, [
    [{ Name: 'a*b' }, true],
    [{ Name: 'axb' }, false],
  ]);
  table(`Name: ''`, [
    [{ Name: '' }, true],
    [{ Name: 'x' }, false],
  ]);
});

test('contains, startswith, endswith', () => {
  table(`CommandLine|contains: '-urlcache'`, [
    [{ CommandLine: 'certutil -URLCACHE -f' }, true],
    [{ CommandLine: '-urlcache' }, true],
    [{ CommandLine: 'certutil /urlcache' }, false],
  ]);
  table(`Image|startswith: 'C:\\Temp\\'`, [
    [{ Image: 'c:\\temp\\a.exe' }, true],
    [{ Image: 'D:\\C:\\Temp\\a.exe' }, false],
  ]);
  table(`Image|endswith: '\\rundll32.exe'`, [
    [{ Image: 'C:\\Windows\\System32\\RUNDLL32.EXE' }, true],
    [{ Image: 'C:\\rundll32.exe.bak' }, false],
  ]);
});

test('a list is OR; |all makes it AND', () => {
  table(`CommandLine|contains: ['-enc', '-nop']`, [
    [{ CommandLine: 'powershell -nop' }, true],
    [{ CommandLine: 'powershell -w hidden' }, false],
  ]);
  table(`CommandLine|contains|all: ['-enc', '-nop']`, [
    [{ CommandLine: 'powershell -nop -enc AA' }, true],
    [{ CommandLine: 'powershell -nop' }, false],
  ]);
});

test('cased: case-sensitive strings', () => {
  table(`CommandLine|contains|cased: 'ToBase64String'`, [
    [{ CommandLine: 'x ToBase64String y' }, true],
    [{ CommandLine: 'x tobase64string y' }, false],
  ]);
});

test('numbers compare with event numbers and strings by their text', () => {
  table(`EventID: 4688`, [
    [{ EventID: 4688 }, true],
    [{ EventID: '4688' }, true],
    [{ EventID: 46880 }, false],
    [{ EventID: '04688' }, false],
  ]);
  table(`EventID: '4688'`, [
    [{ EventID: 4688 }, true],
    [{ EventID: '4688' }, true],
  ]);
  table(`ProcessId: '12*'`, [
    [{ ProcessId: 1234 }, true],
    [{ ProcessId: 312 }, false],
  ]);
});

test('booleans match booleans and their text', () => {
  table(`Signed: true`, [
    [{ Signed: true }, true],
    [{ Signed: 'True' }, true],
    [{ Signed: false }, false],
    [{ Signed: 'false' }, false],
    [{}, false],
  ]);
});

test('null: the field is absent or holds no value', () => {
  table(`PasswordLastSet: null`, [
    [{}, true],
    [{ PasswordLastSet: null }, true],
    [{ PasswordLastSet: [] }, true],
    [{ PasswordLastSet: '' }, false],
    [{ PasswordLastSet: '2024-01-01' }, false],
  ]);
});

test('exists: presence of the field, whatever its value', () => {
  table(`PasswordLastSet|exists: true`, [
    [{ PasswordLastSet: 'x' }, true],
    [{ PasswordLastSet: null }, true],
    [{}, false],
  ]);
  table(`PasswordLastSet|exists: false`, [
    [{}, true],
    [{ PasswordLastSet: '' }, false],
  ]);
});

test('re: unanchored search, case-sensitive unless |i; m and s flags; PCRE spellings', () => {
  table(`CommandLine|re: '\\s-e(nc)?\\s'`, [
    [{ CommandLine: 'powershell -enc AAAA' }, true],
    [{ CommandLine: 'powershell -e AAAA' }, true],
    [{ CommandLine: 'powershell -ENC AAAA' }, false],
    [{ CommandLine: 'powershell-enc' }, false],
  ]);
  table(`CommandLine|re|i: '-ENC'`, [[{ CommandLine: 'x -enc y' }, true]]);
  table(`CommandLine|re: '(?i)-ENC'`, [[{ CommandLine: 'x -enc y' }, true]]);
  table(`CommandLine|re: '^b$'`, [[{ CommandLine: 'a\nb\nc' }, false]]);
  table(`CommandLine|re|m: '^b$'`, [[{ CommandLine: 'a\nb\nc' }, true]]);
  table(`CommandLine|re: 'a.c'`, [[{ CommandLine: 'a\nc' }, false]]);
  table(`CommandLine|re|s: 'a.c'`, [[{ CommandLine: 'a\nc' }, true]]);
  table(`CommandLine|re: '\\Afoo'`, [
    [{ CommandLine: 'foobar' }, true],
    [{ CommandLine: 'xfoo' }, false],
  ]);
  table(`CommandLine|re: '(?P<flag>-w)\\s+hidden'`, [[{ CommandLine: 'ps -w  hidden' }, true]]);
  table(`ProcessId|re: '^12'`, [[{ ProcessId: 123 }, true]]);
});

test('cidr: IPv4 and IPv6 networks', () => {
  table(`DestinationIp|cidr: '10.0.0.0/8'`, [
    [{ DestinationIp: '10.20.30.40' }, true],
    [{ DestinationIp: '11.0.0.1' }, false],
    [{ DestinationIp: 'not an ip' }, false],
    [{ DestinationIp: ['8.8.8.8', '10.0.0.1'] }, true],
  ]);
  table(`DestinationIp|cidr: 'fe80::/10'`, [
    [{ DestinationIp: 'fe80::1' }, true],
    [{ DestinationIp: '2001:db8::1' }, false],
    [{ DestinationIp: '10.0.0.1' }, false],
  ]);
});

test('lt, lte, gt, gte: numbers and numeric text', () => {
  table(`LogonType|lt: 3`, [
    [{ LogonType: 2 }, true],
    [{ LogonType: '2' }, true],
    [{ LogonType: 3 }, false],
    [{ LogonType: 'two' }, false],
    [{}, false],
  ]);
  table(`LogonType|gte: 3`, [
    [{ LogonType: 3 }, true],
    [{ LogonType: '10' }, true],
    [{ LogonType: 2 }, false],
  ]);
  table(`LogonType|lte: 3`, [[{ LogonType: 3 }, true], [{ LogonType: 4 }, false]]);
  table(`LogonType|gt: 3`, [[{ LogonType: 4 }, true], [{ LogonType: 3 }, false]]);
});

test('fieldref: two fields of the event are equal', () => {
  table(`ParentImage|fieldref: Image`, [
    [{ Image: 'C:\\a.exe', ParentImage: 'c:\\A.EXE' }, true],
    [{ Image: 'C:\\a.exe', ParentImage: 'C:\\b.exe' }, false],
    [{ ParentImage: 'C:\\b.exe' }, false],
  ]);
});

test('windash: any dash variant of a flag matches', () => {
  table(`CommandLine|windash|contains: ' -decode '`, [
    [{ CommandLine: 'certutil -decode a b' }, true],
    [{ CommandLine: 'certutil /decode a b' }, true],
    [{ CommandLine: 'certutil \u2013decode a b' }, true],
    [{ CommandLine: 'certutil decode a b' }, false],
  ]);
});

test('base64offset: the value inside base64 text at any alignment', () => {
  const encoded = (prefix: string) => Buffer.from(`${prefix}http://evil`).toString('base64');
  table(`CommandLine|base64offset|contains: 'http://'`, [
    [{ CommandLine: `powershell -enc ${encoded('')}` }, true],
    [{ CommandLine: `powershell -enc ${encoded('a')}` }, true],
    [{ CommandLine: `powershell -enc ${encoded('ab')}` }, true],
    [{ CommandLine: `powershell -enc ${Buffer.from('ftp://x').toString('base64')}` }, false],
  ]);
});

test('multi-valued fields match when any element does', () => {
  table(`Tags: 'admin'`, [
    [{ Tags: ['user', 'Admin'] }, true],
    [{ Tags: ['user'] }, false],
  ]);
});

test('neq: none of the values', () => {
  table(`User|neq: ['SYSTEM', 'LOCAL SERVICE']`, [
    [{ User: 'alice' }, true],
    [{ User: 'system' }, false],
  ]);
});

test('keywords: anywhere in any field value', () => {
  const keywords = `keywords:\n    - 'event::clear'\n    - 'lsadump'\ncondition: keywords`;
  assert.equal(matches(keywords, { CommandLine: 'mimikatz "event::Clear" exit' }), true);
  assert.equal(matches(keywords, { Other: 1, ScriptBlockText: 'x lsadump::sam' }), true);
  assert.equal(matches(keywords, { CommandLine: 'event:clear' }), false);
  const all = `keywords:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords`;
  assert.equal(matches(all, { Payload: 'Set-OabVirtualDirectory -ExternalUrl x' }), true);
  assert.equal(matches(all, { Payload: 'Set-OabVirtualDirectory' }), false);
  assert.equal(matches(all, { A: 'OabVirtualDirectory', B: ' -ExternalUrl ' }), true);
});

test('conditions: and, or, not, 1 of, all of, all of them', () => {
  const detection = (condition: string) => `selection_img:\n    Image|endswith: '\\certutil.exe'\nselection_cli:\n    CommandLine|contains: 'urlcache'\nfilter:\n    User: 'admin'\ncondition: ${condition}`;
  const hit = { Image: 'C:\\certutil.exe', CommandLine: 'x urlcache', User: 'bob' };
  const half = { Image: 'C:\\certutil.exe', CommandLine: 'x', User: 'bob' };
  const filtered = { ...hit, User: 'ADMIN' };
  assert.equal(matches(detection('1 of selection_*'), half), true);
  assert.equal(matches(detection('all of selection_*'), half), false);
  assert.equal(matches(detection('all of selection_*'), hit), true);
  assert.equal(matches(detection('all of selection_* and not filter'), hit), true);
  assert.equal(matches(detection('all of selection_* and not filter'), filtered), false);
  assert.equal(matches(detection('selection_cli or filter'), filtered), true);
  assert.equal(matches(detection('all of them'), filtered), true);
  assert.equal(matches(detection('all of them'), hit), false);
  assert.equal(matches(detection('not (selection_img and selection_cli)'), half), true);
  // Identifiers starting with `_` are not part of `them`.
  assert.equal(matches(`sel:\n    A: 1\n_aux:\n    B: 2\ncondition: all of them`, { A: 1 }), true);
});

test('decidedBy: the rule text of the item that decided, with file and line', () => {
  const detection = `selection:\n    Image|endswith: '\\certutil.exe'\n    CommandLine|contains: ['-urlcache', '-verifyctl']\nfilter:\n    User: admin\ncondition: selection and not filter`;
  // The first false part of an AND: the item with its whole value list (each value was tried).
  assert.deepEqual(verdict(detection, { Image: 'C:\\certutil.exe', CommandLine: 'x' }), {
    matched: false,
    decidedBy: `${PATH}:7: CommandLine|contains: ['-urlcache', '-verifyctl']`,
  });
  assert.deepEqual(verdict(detection, { Image: 'C:\\x.exe' }), { matched: false, decidedBy: `${PATH}:6: Image|endswith: '\\certutil.exe'` });
  // NOT of a filter that matched.
  assert.deepEqual(verdict(detection, { Image: 'C:\\certutil.exe', CommandLine: '-urlcache', User: 'admin' }), {
    matched: false,
    decidedBy: `not ${PATH}:9: User: 'admin'`,
  });
  // A true AND: every part, the list item by the value that matched.
  assert.deepEqual(verdict(detection, { Image: 'C:\\certutil.exe', CommandLine: '-verifyctl', User: 'bob' }), {
    matched: true,
    decidedBy: `${PATH}:6: Image|endswith: '\\certutil.exe' and ${PATH}:7: CommandLine|contains: '-verifyctl' and not ${PATH}:9: User: 'admin'`,
  });
});

test('decidedBy names each kind of value as the rule writes it', () => {
  const decided = (item: string, event: FlatEvent) => verdict(`sel:\n    ${item}\ncondition: sel`, event).decidedBy.replace(`${PATH}:6: `, '');
  assert.equal(decided(`Image|startswith: 'C:\\Temp\\'`, {}), `Image|startswith: 'C:\\Temp\\'`);
  assert.equal(decided(`Image: 'a*b?c'`, {}), `Image: 'a*b?c'`);
  assert.equal(decided(`Image: 'it''s'`, {}), `Image: 'it''s'`);
  // A literal `*` is written escaped, a backslash before a wildcard doubled.
  assert.equal(decided(`Name: 'a\\*b'`, {}), `Name: 'a\\*b'`);
  assert.equal(decided(`Name: 'C:\\\\*.txt'`, {}), `Name: 'C:\\\\*.txt'`);
  // Values of different shapes in one list: each as its pattern, no modifier read back.
  assert.equal(decided(`Image: ['*\\a.exe', 'b.exe']`, {}), `Image: ['*\\a.exe', 'b.exe']`);
  assert.equal(decided(`EventID: 4688`, {}), `EventID: 4688`);
  assert.equal(decided(`CommandLine|re|i: '-enc'`, {}), `CommandLine|re|i: '-enc'`);
  assert.equal(decided(`DestinationIp|cidr: '10.0.0.0/8'`, {}), `DestinationIp|cidr: 10.0.0.0/8`);
  assert.equal(decided(`LogonType|gte: 3`, {}), `LogonType|gte: 3`);
  assert.equal(decided(`X|exists: true`, {}), `X|exists: true`);
  assert.equal(decided(`X: null`, { X: 1 }), `X: null`);
  assert.equal(decided(`ParentImage|fieldref: Image`, {}), `ParentImage|fieldref: Image`);
  assert.equal(decided(`CommandLine|contains|cased: 'Ab'`, {}), `CommandLine|contains|cased: 'Ab'`);
  assert.equal(decided(`CommandLine|contains|all: ['a', 'b']`, { CommandLine: 'a' }), `CommandLine|contains: 'b'`);
  assert.equal(decided(`CommandLine|windash|contains: ' -f '`, { CommandLine: 'x /f y' }), `CommandLine|contains: ' /f ' (variant 2 of 5)`);
  assert.match(decided(`CommandLine|windash|contains: ' -f '`, {}), /^CommandLine\|contains: \[' -f ', ' \/f ', .*\] \(the variants of an expanding modifier\)$/);
  assert.equal(verdict(`keywords:\n    - 'lsadump'\ncondition: keywords`, {}).decidedBy, `${PATH}:6: keyword: 'lsadump'`);
});
