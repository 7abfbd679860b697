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
// A correlation's tests (docs/testing.md, "Correlations") are under `correlations:` in the tests
// file of the file that holds it: timestamped events, and the groups that must fire or not.
//
// A malformed file is a `path:line:col` error of its own, as a rule is; other files are still read.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { lazy } from '../base/lazy.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../base/did-you-mean.js';
import type { SigmaCorrelation } from '../rules/sigma/correlation-model.js';
import type { Rule } from '../rules/load-rules.js';
import { locate, parseYaml, readYamlFile, schemaDiagnostics, toPlain, type YamlNode } from '../yaml-tree.js';
import { flattenEvent } from './flatten.js';
import { readJsonLines } from './json-values.js';
import type { CorrelationCase, RuleTests, TestCase } from './model.js';

/** A .tests.yml file's schema, built on first use (base/lazy.ts: zod is loaded only by runs that use it). */
export const testsFileSchema = lazy(() => {
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

  const scalar = z.union([z.string(), z.number(), z.boolean()]);
  const correlationEntry = z
    .object({
      /** The correlation's id, name or title; needed only when the rule file holds several correlations. */
      correlation: z.string().optional(),
      name: z.string().optional(),
      events: z
        .array(z.object({ time: z.union([z.string(), z.date()], { error: 'must be an ISO 8601 time like 2026-12-01T10:00:00Z' }), event: z.record(z.string(), z.unknown()) }).strict())
        .min(1, { error: 'must list at least one event' }),
      groups: z.array(z.object({ group: z.record(z.string(), scalar), match: z.boolean() }).strict()).min(1, { error: 'must list at least one group' }),
    })
    .strict();

  return z
    .object({
      events: z.array(testEntry).min(1, { error: 'must list at least one event' }).optional(),
      correlations: z.array(correlationEntry).min(1, { error: 'must list at least one test' }).optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.events === undefined && v.correlations === undefined) ctx.addIssue({ code: 'custom', message: "needs 'events' (tests of rules) or 'correlations' (tests of correlations)", path: [] });
    });
});

const HINT = 'docs/testing.md describes the .tests.yml format';

/** The test files of a rule, by precedence: the environment's tests folder, then beside the rule. Absolute paths. */
export function testFilesOf(rule: Rule, cwd: string, testsDir?: string): string[] {
  const absolute = resolve(cwd, rule.path);
  const name = basename(absolute).replace(/\.ya?ml$/i, '');
  const candidates = [...(testsDir ? [join(testsDir, `${name}.tests.yml`), join(testsDir, `${name}.tests.yaml`)] : []), join(dirname(absolute), `${name}.tests.yml`), join(dirname(absolute), `${name}.tests.yaml`)];
  return candidates.filter((c) => existsSync(c));
}

/** One .tests.yml file's cases for `rule`; every problem as a diagnostic at its line. */
/** `fileCorrelations`: the correlations of the rule's file (a correlation test names one of them, when there are several). */
export function loadDetctlTests(rule: Rule, absolute: string, cwd: string, fileCorrelations: readonly Rule[] = []): { tests?: RuleTests; diagnostics: Diagnostic[] } {
  const shown = relative(cwd, absolute);
  const read = readYamlFile(absolute, shown);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  const parsed = parseYaml(read.text, shown);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const root = parsed.documents[0];
  const result = testsFileSchema().safeParse(root ? toPlain(root) : undefined);
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, root, { code: 'test-file', what: 'a tests file', hint: HINT, schema: testsFileSchema() }) };
  if (rule.kind === 'sigma-correlation') return correlationTests(rule, result.data.correlations ?? [], root!, shown, fileCorrelations);
  // A file of only correlation tests holds none for the rules beside them.
  if (!result.data.events) return { diagnostics: [] };
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

type CorrelationEntry = NonNullable<z.output<ReturnType<typeof testsFileSchema>>['correlations']>[number];

/** The entries for this correlation (those naming it, or naming none), each event's time read, each group checked against its group-by. */
function correlationTests(rule: SigmaCorrelation, entries: CorrelationEntry[], root: YamlNode, shown: string, fileCorrelations: readonly Rule[]): { tests?: RuleTests; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cases: CorrelationCase[] = [];
  const namesOf = (r: Rule) => (r.kind === 'escu' ? [] : [r.id, r.name, r.title].filter((n): n is string => n !== undefined));
  const names = namesOf(rule);
  const known = fileCorrelations.flatMap(namesOf);
  // The file is read once per correlation: its first reports what concerns them all.
  const reports = fileCorrelations.length === 0 || fileCorrelations[0] === rule;
  entries.forEach((entry, i) => {
    if (entry.correlation === undefined && fileCorrelations.length > 1) {
      if (reports) diagnostics.push(diagnostic('test-file', `${rule.path} holds ${fileCorrelations.length} correlations: say which one this test is for ('correlation: <id, name or title>')`, locate(root, ['correlations', i]), HINT));
      return;
    }
    if (entry.correlation !== undefined && !names.includes(entry.correlation)) {
      // A name close to one of the file's correlations is a typo; any other may name a correlation
      // the environment's `select:` left out, whose tests are not run.
      const near = didYouMean(entry.correlation, known);
      if (reports && !known.includes(entry.correlation) && near) diagnostics.push(diagnostic('test-file', `no correlation of ${rule.path} has the id, name or title '${entry.correlation}'${near}`, locate(root, ['correlations', i, 'correlation']), HINT));
      return;
    }
    const name = entry.name ?? `test ${i + 1}`;
    const events = entry.events.flatMap((e, j) => {
      const time = e.time instanceof Date ? e.time.getTime() : Date.parse(e.time);
      if (Number.isNaN(time)) {
        diagnostics.push(diagnostic('test-file', `'${String(e.time)}' is not a time: write ISO 8601, like 2026-12-01T10:00:00Z`, locate(root, ['correlations', i, 'events', j, 'time']), HINT));
        return [];
      }
      return [{ time, event: flattenEvent(e.event), where: locate(root, ['correlations', i, 'events', j, 'event']), name: `${name}, event ${j + 1}` }];
    });
    const groups = entry.groups.flatMap((g, j) => {
      const where = locate(root, ['correlations', i, 'groups', j, 'group']);
      const keys = Object.keys(g.group);
      const unknown = keys.filter((k) => !rule.groupBy.includes(k));
      const missing = rule.groupBy.filter((k) => !keys.includes(k));
      for (const k of unknown) diagnostics.push(diagnostic('test-file', `'${k}' is not a group-by field of '${rule.title}' (${rule.groupBy.join(', ') || 'none'})${didYouMean(k, rule.groupBy)}`, locate(root, ['correlations', i, 'groups', j, 'group', k]), HINT));
      if (missing.length > 0) diagnostics.push(diagnostic('test-file', `the group needs a value for ${missing.map((m) => `'${m}'`).join(', ')} (the correlation groups by ${rule.groupBy.join(', ')})`, where, HINT));
      const group = Object.fromEntries(Object.entries(g.group).map(([k, v]) => [k, String(v)]));
      return [{ group, match: g.match, where, name: Object.entries(group).map(([k, v]) => `${k}=${v}`).join(' ') || '(one group)' }];
    });
    cases.push({ name, events, groups });
  });
  if (diagnostics.length > 0) return { diagnostics };
  if (cases.length === 0) return { diagnostics: [] };
  return { tests: { rule, format: 'detctl', file: shown, cases: [], correlationCases: cases }, diagnostics: [] };
}
