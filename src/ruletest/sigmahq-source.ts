// SigmaHQ's regression tests: a rule names `regression_tests_path: regression_data/…/info.yml`;
// the info file lists the tests (`regression_tests_info`: type, path, match_count) and each test's
// events sit beside it, EVTX converted to JSON (`<rule id>.json` for `<rule id>.evtx`).
//
// What must match: SigmaHQ's runner passes a test when the rule fires on the file at all (it looks
// for the rule id in evtx-sigma-checker's output, run_evtx_checker), so at least one event;
// `match_count`, where given, is how many must. It is a floor, not an exact count: the JSON holds
// every record of the .evtx, and in a few files more records than match_count match on reading
// (three registry writes of one zone, where the count names one).
//
// Paths are resolved as SigmaHQ's runner does (tests/regression_tests_runner.py,
// get_absolute_path): relative to the rule's folder, or the nearest folder above it where the
// path exists — the repository root, the folder holding rules/ and regression_data/.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { lazy } from '../base/lazy.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { SigmaRule } from '../rules/sigma/model.js';
import { locate, parseYaml, readYamlFile, schemaDiagnostics, toPlain } from '../yaml-tree.js';
import type { Evaluators } from './evaluators.js';
import { readJsonValues } from './json-values.js';
import type { RuleTests, TestCase } from './model.js';

export const REGRESSION_KEY = 'regression_tests_path';

/** The rule's regression test entry, built on first use (base/lazy.ts: zod is loaded only by runs that use it). */
const infoSchema = lazy(() =>
  z.looseObject({
    regression_tests_info: z.array(
      z.looseObject({
        name: z.string().optional(),
        type: z.string(),
        path: z.string(),
        match_count: z.number().int().nonnegative().optional(),
      }),
    ),
  }),
);

/** SigmaHQ's get_absolute_path: `relativePath` below `from` or the nearest folder above it where it exists. */
export function resolveUpwards(from: string, relativePath: string): string | undefined {
  if (isAbsolute(relativePath)) return existsSync(relativePath) ? relativePath : undefined;
  const path = relativePath.replaceAll('\\', '/');
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The JSON file SigmaHQ's EVTX was converted to: the same path, `.json` for `.evtx`. */
const convertedEvents = (path: string) => path.replace(/\.evtx$/i, '.json');

/** The rule's regression tests, or none when it names no `regression_tests_path`. `cwd`: what rule paths are relative to. */
export function loadSigmaHqTests(rule: SigmaRule, cwd: string, evaluators: Pick<Evaluators, 'flattenSigmaHqEvent'>): { tests?: RuleTests; diagnostics: Diagnostic[] } {
  const named = rule.custom[REGRESSION_KEY];
  if (named === undefined) return { diagnostics: [] };
  const at = rule.keyLocations[REGRESSION_KEY] ?? rule.loc;
  if (typeof named !== 'string' || named === '') return { diagnostics: [diagnostic('test-sigmahq', `${REGRESSION_KEY} must be the path of an info.yml`, at)] };
  const ruleDir = dirname(resolve(cwd, rule.path));
  const infoPath = resolveUpwards(ruleDir, named);
  if (!infoPath) return { diagnostics: [diagnostic('test-sigmahq', `${REGRESSION_KEY}: no ${named} in the rule's folder or any folder above it`, at, "SigmaHQ's paths start at the repository root, the folder holding rules/ and regression_data/")] };
  const shown = relative(cwd, infoPath);
  const read = readYamlFile(infoPath, shown);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  const parsed = parseYaml(read.text, shown);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const root = parsed.documents[0];
  const info = infoSchema().safeParse(root ? toPlain(root) : undefined);
  if (!root || !info.success) {
    return { diagnostics: info.success ? [diagnostic('test-sigmahq', 'the file is empty', { file: shown, line: 1, column: 1 })] : schemaDiagnostics(info.error.issues, root, { code: 'test-sigmahq', what: "SigmaHQ's regression info" }) };
  }
  const diagnostics: Diagnostic[] = [];
  const cases: TestCase[] = [];
  info.data.regression_tests_info.forEach((test, i) => {
    const where = locate(root, ['regression_tests_info', i]);
    const name = test.name ?? `test ${i + 1}`;
    if (test.type !== 'evtx') {
      diagnostics.push(diagnostic('test-sigmahq', `test type '${test.type}' is not supported: detctl reads EVTX converted to JSON`, where));
      return;
    }
    const eventsPath = resolveUpwards(dirname(infoPath), convertedEvents(test.path));
    if (!eventsPath) {
      diagnostics.push(diagnostic('test-sigmahq', `no events for ${test.path}: expected ${convertedEvents(test.path)} (the EVTX converted to JSON)`, where));
      return;
    }
    const eventsShown = relative(cwd, eventsPath);
    const text = readYamlFile(eventsPath, eventsShown);
    if (text.text === undefined) return void diagnostics.push(...text.diagnostics);
    const json = readJsonValues(text.text, eventsShown);
    diagnostics.push(...json.diagnostics);
    if (json.diagnostics.length > 0) return;
    const events = json.values.flatMap((v, n) => {
      try {
        return [{ event: evaluators.flattenSigmaHqEvent(v.value), where: v.loc, name: `event ${n + 1} of ${eventsShown}` }];
      } catch (error) {
        // Not the shape of a converted EVTX record ({"Event": {"System": …, "EventData": …}}).
        if (!(error instanceof TypeError)) throw error;
        diagnostics.push(diagnostic('test-sigmahq', error.message, v.loc));
        return [];
      }
    });
    if (diagnostics.length > 0) return;
    if (events.length === 0) return void diagnostics.push(diagnostic('test-sigmahq', `${eventsShown} holds no events`, where));
    cases.push({ name, events, expect: { kind: 'atLeast', count: test.match_count ?? 1 } });
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { tests: { rule, format: 'sigmahq', file: shown, cases }, diagnostics };
}
