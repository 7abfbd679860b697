// docs/ci.md's recipes work as written: every YAML block parses, and every `npx detctl …` line of
// each pipeline runs against the sandbox, in the pipeline's order (`prod` is the test project's
// environment here), with the exit codes and files the recipe's shell around it relies on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const doc = readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'ci.md'), 'utf8');

/** The fenced blocks of a language, in order. */
function blocks(language: string): string[] {
  return [...doc.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1]);
}

/** `npx detctl ARGS [> FILE]` lines of a block: the arguments and where stdout goes. */
function invocations(block: string): { args: string[]; stdoutTo?: string }[] {
  return [...block.matchAll(/npx detctl ([^;\n|]+?)(?: > (\S+))?(?:;|$)/gm)].map((m) => ({ args: m[1].trim().split(/\s+/), stdoutTo: m[2] }));
}

let p: SandboxProject;
before(async () => {
  p = await sandboxProject();
});
after(() => p.close()); // the project folder goes when the process ends (helpers/temp-dir.ts)

test('the YAML recipes parse and call detctl', () => {
  const yamlBlocks = blocks('yaml');
  assert.ok(yamlBlocks.length >= 2, 'a GitHub Actions and a GitLab CI recipe');
  for (const block of yamlBlocks) for (const parsed of parseAllDocuments(block)) assert.deepEqual(parsed.errors, [], block.slice(0, 80));
  const commands = yamlBlocks.flatMap(invocations).map((call) => call.args.slice(0, 1).concat(call.args.filter((a) => a.startsWith('--'))).join(' '));
  for (const wanted of ['plan --env --format --max-chars', 'plan --env --out', 'deploy --env --plan --yes --format', 'plan --env --detailed-exitcode --format']) {
    assert.ok(commands.includes(wanted), `a recipe runs detctl ${wanted}: ${commands.join('; ')}`);
  }
});

for (const [index, block] of blocks('yaml').filter((b) => invocations(b).length > 0).entries()) {
  test(`recipe ${index + 1}: each detctl line runs against the sandbox`, async () => {
    const calls = invocations(block);
    for (const call of calls) {
      const args = call.args.map((a, i) => (call.args[i - 1] === '--env' && a === 'prod' ? 'e2e' : a));
      const r = await p.cli(args);
      const detailed = args.includes('--detailed-exitcode');
      assert.ok(r.code === 0 || (detailed && r.code === 2), `detctl ${args.join(' ')} → ${r.code}: ${r.err}`);
      if (call.stdoutTo) writeFileSync(join(p.dir, call.stdoutTo), r.out);
      if (args.includes('markdown')) {
        assert.match(r.out, /^### detctl plan for /m, 'the heading the recipe finds its comment by');
        assert.ok(r.out.length <= 60000);
      }
      if (args[0] === 'deploy' && args.includes('json')) assert.equal(typeof JSON.parse(r.out), 'object');
      if (args[0] === 'plan' && args.includes('--out')) assert.equal(typeof JSON.parse(readFileSync(join(p.dir, args[args.indexOf('--out') + 1]), 'utf8')), 'object');
    }
  });
}
