// Acceptance (issue 11, 3): an alias bomb, 100,000 nested `[` and a 5 MB file — in a rule or in
// the environment file — each give a `path:line:col` error naming the limit, and `deploy` sends
// no request at all. (The time and peak memory of refusing them are figures of `npm run bench`.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentYaml, sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';
import { aliasBombEnvironment, aliasBombRule, bigEnvironment, bigRule, deepEnvironment, deepRule } from '../helpers/hostile-yaml.js';

describe('hostile input: an error at its place, and zero requests', () => {
  let p: SandboxProject;
  before(async () => (p = await sandboxProject()));
  after(() => p.close());

  const rules: [string, () => string, RegExp][] = [
    ['alias bomb', () => aliasBombRule, /^rules\/sigma\/hostile\.yml:11:14: error: the YAML aliases stand for more than 10000 values \(the alias expansion limit\)$/m],
    ['100,000 nested [', () => deepRule, /^rules\/sigma\/hostile\.yml:6:111: error: the YAML nests deeper than 100 levels \(the nesting limit\)$/m],
    ['5 MB', () => bigRule(), /^rules\/sigma\/hostile\.yml:1:1: error: the file is 5 MB, over the file size limit of 1 MB$/m],
  ];
  for (const [name, text, error] of rules) {
    test(`a rule: ${name}`, async () => {
      const file = join(p.dir, 'rules/sigma/hostile.yml');
      writeFileSync(file, text());
      try {
        p.sandbox.clearLog();
        const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
        assert.equal(r.code, 1);
        assert.match(r.err, error);
        assert.match(r.err, /^1 error; nothing was sent to any server$/m);
        assert.deepEqual(p.sandbox.requestLog, []);
      } finally {
        rmSync(file);
      }
    });
  }

  const environments: [string, (env: string) => string, RegExp][] = [
    ['alias bomb', aliasBombEnvironment, /^environments\/e2e\.yaml:\d+:\d+: error: the YAML aliases stand for more than 10000 values \(the alias expansion limit\)$/m],
    ['100,000 nested [', deepEnvironment, /^environments\/e2e\.yaml:\d+:\d+: error: the YAML nests deeper than 100 levels \(the nesting limit\)$/m],
    ['5 MB', bigEnvironment, /^environments\/e2e\.yaml:1:1: error: the file is 5 MB, over the file size limit of 1 MB$/m],
  ];
  for (const [name, text, error] of environments) {
    test(`the environment file: ${name}`, async () => {
      const file = join(p.dir, 'environments/e2e.yaml');
      writeFileSync(file, text(environmentYaml(p.sandbox)));
      try {
        p.sandbox.clearLog();
        const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
        assert.equal(r.code, 1);
        assert.match(r.err, error);
        assert.deepEqual(p.sandbox.requestLog, []);
      } finally {
        writeFileSync(file, environmentYaml(p.sandbox));
      }
    });
  }

  test('the project deploys once the hostile files are gone', async () => {
    const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(r.code, 0, r.err);
  });
});
