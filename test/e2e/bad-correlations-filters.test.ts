// Issue 14, acceptance 4: bad correlations and filters — an unknown rule, an unknown field, a bad
// timespan, a cycle between correlations, a filter naming an unknown rule — each fail `deploy`
// with `path:line:col` and not one request to any server (the sandbox's request log stays empty:
// validation ends before the lock, the listing or any write).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentYaml, sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const FAILED_LOGON = `title: Failed logon
id: 0b7e1f9c-3a52-4d8e-9f16-2c4a8b7d5e01
name: failed_logon
logsource: {product: windows, service: security}
detection:
    selection: {EventID: 4625}
    condition: selection
`;

const correlation = (id: string, name: string, block: string) => `title: Correlation ${name}
id: ${id}
name: ${name}
correlation:
${block.replace(/^/gm, '    ')}
`;

const cases: { name: string; files: Record<string, string>; error: RegExp }[] = [
  {
    name: 'a correlation naming an unknown rule',
    files: { 'rules/corr/c.yml': correlation('1e0c1c3e-8d1a-4c55-9a0e-6f5b3d2a1c01', 'many_failures', 'type: event_count\nrules: [failed_logn]\ngroup-by: [TargetUserName]\ntimespan: 10m\ncondition: {gte: 5}') },
    error: /^rules\/corr\/c\.yml:6:13: error: no rule has the id or name 'failed_logn'; did you mean 'failed_logon'\?$/m,
  },
  {
    name: 'a correlation grouping by a field the correlation it counts does not have',
    files: {
      'rules/corr/c.yml': [
        correlation('1e0c1c3e-8d1a-4c55-9a0e-6f5b3d2a1c02', 'many_failures', 'type: event_count\nrules: [failed_logon]\ngroup-by: [TargetUserName]\ntimespan: 10m\ncondition: {gte: 5}'),
        correlation('1e0c1c3e-8d1a-4c55-9a0e-6f5b3d2a1c03', 'failures_on_hosts', 'type: value_count\nrules: [many_failures]\ngroup-by: [TargetUsername]\ntimespan: 1h\ncondition: {gte: 3, field: TargetUserName}'),
      ].join('---\n'),
    },
    error: /^rules\/corr\/c\.yml:17:16: error: the group-by field 'TargetUsername' is not a field of the correlation 'many_failures', whose results carry only the fields it groups by \(it groups by TargetUserName\); did you mean 'TargetUserName'\?$/m,
  },
  {
    name: 'a bad timespan',
    files: { 'rules/corr/c.yml': correlation('1e0c1c3e-8d1a-4c55-9a0e-6f5b3d2a1c04', 'many_failures', 'type: event_count\nrules: [failed_logon]\ngroup-by: [TargetUserName]\ntimespan: 10 minutes\ncondition: {gte: 5}') },
    error: /^rules\/corr\/c\.yml:8:5: error: 'correlation\.timespan' '10 minutes' is not a time span/m,
  },
  {
    name: 'a cycle between correlations',
    files: {
      'rules/corr/a.yml': correlation('1e0c1c3e-8d1a-4c55-9a0e-6f5b3d2a1c05', 'first', 'type: temporal\nrules: [failed_logon, second]\ngroup-by: [TargetUserName]\ntimespan: 10m'),
      'rules/corr/b.yml': correlation('1e0c1c3e-8d1a-4c55-9a0e-6f5b3d2a1c06', 'second', 'type: event_count\nrules: [first]\ngroup-by: [TargetUserName]\ntimespan: 10m\ncondition: {gte: 2}'),
    },
    error: /^rules\/corr\/a\.yml:6:\d+: error: correlation 'first' leads back to itself: first → second → first$/m,
  },
  {
    name: 'a filter naming an unknown rule',
    files: {
      'filters/mf_admins.yml': `title: Administrators
logsource: {product: windows}
filter:
    rules: [failed_logonn]
    selection: {TargetUserName|startswith: adm_}
    condition: not selection
`,
    },
    error: /^filters\/mf_admins\.yml:4:13: error: filter 'Administrators' names 'failed_logonn', but no rule of this environment has that id or name; did you mean 'failed_logon'\?$/m,
  },
  {
    name: 'a filter with a misspelt key',
    files: {
      'filters/mf_admins.yml': `title: Administrators
logsource: {product: windows}
filters:
    rules: [failed_logon]
`,
    },
    error: /^filters\/mf_admins\.yml:3:1: error: unknown key 'filters'; did you mean 'filter'\?$/m,
  },
];

describe('bad correlations and filters: path:line:col and zero requests', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject({}, { 'rules/corr/failed_logon.yml': FAILED_LOGON });
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('rules: [rules/]', 'rules: [rules/]\nfilters: [filters/]'));
    mkdirSync(join(p.dir, 'filters'), { recursive: true });
    // The project is valid as it is: each case below is the one thing wrong with it.
    const ok = await p.cli(['deploy', '--env', 'e2e', '--dry-run']);
    assert.equal(ok.code, 0, ok.err);
  });
  after(() => p.close());

  test('a filters path that does not exist', async () => {
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('rules: [rules/]', 'rules: [rules/]\nfilters: [filters/, tuning/]'));
    try {
      p.sandbox.clearLog();
      const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
      assert.equal(r.code, 1, r.out);
      assert.match(r.err, /^environments\/e2e\.yaml:2:21: error: .*tuning/m);
      assert.deepEqual(p.sandbox.requestLog, []);
    } finally {
      writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('rules: [rules/]', 'rules: [rules/]\nfilters: [filters/]'));
    }
  });

  for (const c of cases) {
    test(c.name, async () => {
      for (const [path, content] of Object.entries(c.files)) writeFileSync(join(p.dir, path), content);
      try {
        p.sandbox.clearLog();
        const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
        assert.equal(r.code, 1, r.out);
        assert.match(r.err, c.error);
        assert.match(r.err, /nothing was sent to any server/);
        assert.deepEqual(p.sandbox.requestLog, []);
      } finally {
        for (const path of Object.keys(c.files)) rmSync(join(p.dir, path));
      }
    });
  }
});
