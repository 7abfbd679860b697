// Acceptance (issue 13, 3): a rule with a .tests.yml holding a true and a false positive passes
// `detctl test`; an edit that breaks it makes `detctl test` exit 1 naming the event and the
// sub-expression that decided it, and `deploy --test` (and `plan --test`) refuse with zero
// requests to the servers. `validate` warns about a rule without tests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const RULE = `title: Encoded PowerShell
id: 5f0a4c51-2bd4-4f0e-9a57-0b54d4f3b0a1
status: test
level: high
logsource: {category: process_creation, product: windows}
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

const TESTS = `events:
  - name: encoded command
    match: true
    event: {Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', CommandLine: 'powershell.exe -NoP -enc SQBFAFgA'}
  - name: admin script
    match: false
    event: {Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', CommandLine: 'powershell.exe -File C:\\Scripts\\backup.ps1'}
`;

describe('detctl test on a project', () => {
  let p: SandboxProject;
  let rule: string;
  before(async () => {
    p = await sandboxProject({}, { 'rules/.keep': '', 'rules/sigma/encoded.yml': RULE, 'rules/sigma/encoded.tests.yml': TESTS });
    rule = join(p.dir, 'rules/sigma/encoded.yml');
  });
  after(() => p.close());

  test('a rule with one true and one false positive passes, on Sigma, Lucene and SPL, and on the environment\'s targets', async () => {
    const r = await p.cli(['test']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^PASS {2}rules\/sigma\/encoded\.yml — Encoded PowerShell \(2 events, rules\/sigma\/encoded\.tests\.yml\)$/m);
    assert.match(r.out, /^1 rule tested: 1 passed, 0 failed; 0 without tests$/m);
    assert.match(r.out, /^ {2}lucene: 1 passed, 0 failed, 0 not expressible$/m);

    const env = await p.cli(['test', '--env', 'e2e', '--format', 'junit', '--out', 'report.xml']);
    assert.equal(env.code, 0, env.out + env.err);
    const xml = readFileSync(join(p.dir, 'report.xml'), 'utf8');
    assert.deepEqual([...xml.matchAll(/<testsuite name="([^"]+)" tests="1" failures="0"/g)].map((m) => m[1]), ['sigma', 'elastic (lucene)', 'splunk (spl)']);
    assert.match(env.out, /1 passed, 0 failed/, 'the text report on stdout beside the file');
  });

  test("the environment's variables need not be set: tests send nothing", async () => {
    const r = await runCli(['test', '--env', 'e2e'], { cwd: p.dir, env: {} });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^1 rule tested: 1 passed/m);
  });

  test('an edit that breaks the rule: exit 1, the event and the sub-expression named for every target', async () => {
    writeFileSync(rule, RULE.replace("' -enc '", "' -encoded '"));
    const r = await p.cli(['test', '--env', 'e2e']);
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL {2}rules\/sigma\/encoded\.yml/m);
    assert.match(r.out, /^ {2}sigma +FAIL: encoded command \(rules\/sigma\/encoded\.tests\.yml:4:5\): expected match, got no match$/m);
    assert.match(r.out, /decided by: rules\/sigma\/encoded\.yml:9: CommandLine\|contains: ' -encoded '/);
    assert.match(r.out, /^ {2}elastic \(lucene\) +FAIL: encoded command .*expected match, got no match; Sigma: no match\n +decided by: CommandLine:\*\\ \\-encoded\\ \*$/m);
    assert.match(r.out, /^ {2}splunk \(spl\) +FAIL: encoded command .*\n +decided by: CommandLine="\* -encoded \*"$/m);
    assert.match(r.out, /^1 rule tested: 0 passed, 1 failed/m);
  });

  test('deploy --test and plan --test refuse before any request; with the rule fixed, deploy --test deploys', async () => {
    writeFileSync(rule, RULE.replace("' -enc '", "' -encoded '"));
    p.sandbox.clearLog();
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--test', '--yes']);
    assert.equal(deploy.code, 1);
    assert.match(deploy.err, /FAIL {2}rules\/sigma\/encoded\.yml/);
    assert.match(deploy.err, /error: the tests fail \(see above\); nothing was sent to e2e/);
    assert.equal(deploy.out, '');
    const plan = await p.cli(['plan', '--env', 'e2e', '--test']);
    assert.equal(plan.code, 1);
    assert.deepEqual(p.sandbox.requestLog, [], 'not a single request, not even a listing');

    writeFileSync(rule, RULE);
    const fixed = await p.cli(['deploy', '--env', 'e2e', '--test', '--yes']);
    assert.equal(fixed.code, 0, fixed.err);
    assert.match(fixed.err, /Tests passed: 1 rule with tests, 0 without\./);
    assert.match(fixed.out, /Deployed e2e: 2 created/);
  });

  test('a malformed tests file: path:line:col, exit 1', async () => {
    const file = join(p.dir, 'rules/sigma/encoded.tests.yml');
    writeFileSync(file, TESTS.replace('match: false', 'match: nope'));
    const r = await p.cli(['test']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^rules\/sigma\/encoded\.tests\.yml:6:5: error: 'events\[1\]\.match' /m);
    writeFileSync(file, TESTS);
  });

  test('validate warns about a rule without tests, and still exits 0', async () => {
    const untested = join(p.dir, 'rules/sigma/untested.yml');
    writeFileSync(untested, RULE.replace('5f0a4c51-2bd4-4f0e-9a57-0b54d4f3b0a1', '6f0a4c51-2bd4-4f0e-9a57-0b54d4f3b0a2').replace('Encoded PowerShell', 'Untested'));
    const r = await p.cli(['validate']);
    assert.equal(r.code, 0);
    assert.match(r.err, /^rules\/sigma\/untested\.yml:1:1: warning: the rule has no tests \(add rules\/sigma\/untested\.tests\.yml; docs\/testing\.md\)$/m);
    assert.doesNotMatch(r.err, /encoded\.yml/);
    assert.equal((await p.cli(['validate', '--quiet'])).err, '');
    rmSync(untested);
  });
});
