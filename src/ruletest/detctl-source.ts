// detctl's own test format: `<rule>.tests.yml` beside the rule (`x.yml` → `x.tests.yml`), or in
// the folder an environment names with `tests:`, holding events each marked `match: true|false`:
//
//   events:
//     - name: encoded command          # optional; reports name the event by it
//       match: true
//       event: {Image: 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe', CommandLine: 'powershell -enc AAAA'}
//     - match: false
//       file: benign.jsonl             # one event per line, relative to this file
//
// A malformed file is a `path:line:col` error of its own, as a rule is; other files are still read.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics.js';
import type { Rule } from '../rules/load-rules.js';
import { locate, parseYaml, readYamlFile, schemaDiagnostics, toPlain } from '../yaml-tree.js';
import { flattenEvent } from './flatten.js';
import { readJsonLines } from './json-values.js';
import type { RuleTests, TestCase } from './model.js';

const testEntry = z
  .object({
    name: z.string().optional(),
    match: z.boolean(),
    event: z.record(z.string(), z.unknown()).optional(),
    file: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.event === undefined) === (v.file === undefined)) ctx.addIssue({ code: 'custom', message: "needs either 'event' (one event) or 'file' (a JSONL file of events)", path: [] });
  });

export const testsFileSchema = z.object({ events: z.array(testEntry).min(1, { error: 'must list at least one event' }) }).strict();

const HINT = 'docs/testing.md describes the .tests.yml format';

/** The test files of a rule, by precedence: the environment's tests folder, then beside the rule. Absolute paths. */
export function testFilesOf(rule: Rule, cwd: string, testsDir?: string): string[] {
  const absolute = resolve(cwd, rule.path);
  const name = basename(absolute).replace(/\.ya?ml$/i, '');
  const candidates = [...(testsDir ? [join(testsDir, `${name}.tests.yml`), join(testsDir, `${name}.tests.yaml`)] : []), join(dirname(absolute), `${name}.tests.yml`), join(dirname(absolute), `${name}.tests.yaml`)];
  return candidates.filter((c) => existsSync(c));
}

/** One .tests.yml file's cases for `rule`; every problem as a diagnostic at its line. */
export function loadDetctlTests(rule: Rule, absolute: string, cwd: string): { tests?: RuleTests; diagnostics: Diagnostic[] } {
  const shown = relative(cwd, absolute);
  const read = readYamlFile(absolute, shown);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  const parsed = parseYaml(read.text, shown);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const root = parsed.documents[0];
  const result = testsFileSchema.safeParse(root ? toPlain(root) : undefined);
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, root, { code: 'test-file', what: 'a tests file', hint: HINT, schema: testsFileSchema }) };
  const diagnostics: Diagnostic[] = [];
  const cases: TestCase[] = [];
  result.data.events.forEach((entry, i) => {
    const name = entry.name ?? `event ${i + 1}`;
    const expect = { kind: 'each', match: entry.match } as const;
    if (entry.event) {
      cases.push({ name, expect, events: [{ event: flattenEvent(entry.event), where: locate(root!, ['events', i, 'event']), name }] });
      return;
    }
    const file = resolve(dirname(absolute), entry.file!);
    const fileShown = relative(cwd, file);
    const text = readYamlFile(file, fileShown);
    if (text.text === undefined) {
      // The file's problem, said where the tests file names it.
      diagnostics.push(...text.diagnostics.map((d) => ({ ...d, message: `${entry.file}: ${d.message}`, location: locate(root!, ['events', i, 'file']) })));
      return;
    }
    const lines = readJsonLines(text.text, fileShown);
    diagnostics.push(...lines.diagnostics);
    const events = lines.values.flatMap((v) => {
      if (v.value !== null && typeof v.value === 'object' && !Array.isArray(v.value)) return [{ event: flattenEvent(v.value as Record<string, unknown>), where: v.loc, name: `${name}, ${fileShown}:${v.loc.line}` }];
      diagnostics.push({ code: 'test-json', message: 'each line must be a JSON object (one event)', location: v.loc });
      return [];
    });
    if (events.length === 0 && lines.diagnostics.length === 0) diagnostics.push({ code: 'test-file', message: `${entry.file} holds no events`, location: locate(root!, ['events', i, 'file']) });
    cases.push({ name, expect, events });
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { tests: { rule, format: 'detctl', file: shown, cases }, diagnostics };
}
