// ESCU scalars read as contentctl's pydantic models read them (lax mode): what converts, what stays
// an error, and that a detection with a quoted version builds like any other.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toLaxBool, toLaxDate, toLaxInt } from '../../src/rules/escu/lax.js';
import { renderEscuDetection } from '../../src/targets/splunk/escu-saved-search.js';
import { assertDiagnostic, deployment, detectionYaml, lineOf, loadDetection, pathFor } from './escu-fixtures.js';

const PATH = pathFor();
const SETTINGS = { app: 'escu_app', owner: 'nobody', target: 'splunk' } as const;

describe('an ESCU detection as contentctl reads it', () => {
  test("version: '7' (quoted) loads as 7 and renders", () => {
    const text = detectionYaml().replace('version: 3', "version: '7'");
    const { detection, diagnostics } = loadDetection(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(detection!.version, 7);
    const saved = renderEscuDetection(detection!, deployment('TTP'), SETTINGS);
    assert.match(saved.content['action.correlationsearch.metadata'], /"detection_version": "7"/);
  });

  test('quoted scores, yes/no booleans and unquoted dates convert too', () => {
    const text = detectionYaml({ status: 'experimental', extra: 'enabled_by_default: "no"' })
      .replace("date: '2025-03-14'", 'date: 2025-03-14')
      .replace('score: 56', "score: '56'");
    const { detection, diagnostics } = loadDetection(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(detection!.creationDate, '2025-03-14');
    assert.equal(detection!.enabledByDefault, false);
    assert.equal(detection!.rba!.riskObjects[0].score, 56);
  });

  test("version 'abc', '7.5' and -1 stay errors at the key's line", () => {
    for (const [written, message] of [
      ["'abc'", /'version' must be an integer \(7, or '7' quoted\), not 'abc'/],
      ["'7.5'", /'version' must be an integer \(7, or '7' quoted\), not '7\.5'/],
      ['-1', /'version' must be at least 0/],
    ] as const) {
      const text = detectionYaml().replace('version: 3', `version: ${written}`);
      assertDiagnostic(loadDetection(text).diagnostics, message, PATH, lineOf(text, 'version:'));
    }
  });

  test('dates that are not YYYY-MM-DD and words that are not booleans stay errors', () => {
    const text = detectionYaml({ extra: 'enabled_by_default: maybe' }).replace("date: '2025-03-14'", "date: '2025-3-14'");
    const { diagnostics } = loadDetection(text);
    assertDiagnostic(diagnostics, /'date' must be a date 'YYYY-MM-DD', not '2025-3-14'/, PATH, lineOf(text, 'date:'));
    assertDiagnostic(diagnostics, /'enabled_by_default' must be true or false, not 'maybe'/, PATH, lineOf(text, 'enabled_by_default:'));
  });

  test('an unknown key is still an error with its file and line, next to a quoted version', () => {
    const text = detectionYaml({ extra: 'confidence: 50' }).replace('version: 3', "version: '7'");
    const [only, ...rest] = loadDetection(text).diagnostics;
    assert.deepEqual(rest, []);
    assertDiagnostic([only], /unknown key 'confidence'$/, PATH, lineOf(text, 'confidence:'));
  });
});

describe("pydantic's lax conversions", () => {
  test('int: ints, whole floats, bools and integer strings', () => {
    const accepted: [unknown, number][] = [[7, 7], [7.0, 7], [true, 1], [false, 0], ['7', 7], [' +007 ', 7], ['-3', -3], ['7.00', 7], ['1_000', 1000]];
    for (const [input, expected] of accepted) assert.equal(toLaxInt(input), expected, String(input));
    for (const input of [7.5, '7.5', '7.', '1e3', 'abc', '', '1__0', '_1', '+-1', null, [7], Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(toLaxInt(input), undefined, String(input));
    }
  });

  test('bool: bools, 0 and 1, and the words pydantic knows in any case', () => {
    for (const input of [true, 1, '1', 't', 'Y', 'on', 'yes', 'TRUE']) assert.equal(toLaxBool(input), true, String(input));
    for (const input of [false, 0, '0', 'F', 'n', 'off', 'No', 'false']) assert.equal(toLaxBool(input), false, String(input));
    for (const input of [2, 0.5, 'maybe', '', ' yes', null]) assert.equal(toLaxBool(input), undefined, String(input));
  });

  test('date: YYYY-MM-DD naming a real day, or epoch seconds/milliseconds at midnight UTC', () => {
    assert.equal(toLaxDate('2024-02-29'), '2024-02-29');
    assert.equal(toLaxDate(1735689600), '2025-01-01');
    assert.equal(toLaxDate(1735689600000), '2025-01-01');
    for (const input of ['2025-02-29', '2025-1-7', '07/01/2025', '2025-01-01T00:00:00', 1735689601, true, null]) {
      assert.equal(toLaxDate(input), undefined, String(input));
    }
  });
});
