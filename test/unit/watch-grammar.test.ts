// The native watch grammar (src/targets/elasticsearch/watch-grammar): every invalid fixture gives
// its expected diagnostic (code, file:line:col, message) first; every valid one gives none; one
// file with many problems gets them all; and the Quartz cron port accepts and refuses what
// Elasticsearch's Cron class does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/yaml-tree.js';
import { ACCEPTED_ACTION_TYPES, quartzCronProblem, validateWatchBody, WATCH_GRAMMAR_CODES } from '../../src/targets/elasticsearch/watch-grammar/index.js';
import { esTimeValueProblem } from '../../src/base/duration.js';
import { nativeWatchFixtures } from '../helpers/native-watches.js';

function tree(text: string, file = 'w.watch.yaml') {
  const parsed = parseYaml(text, file);
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.documents[0];
}

const at = (d: { location?: { file: string; line: number; column: number } }) => `${d.location?.file}:${d.location?.line}:${d.location?.column}`;

describe('native watch fixtures', () => {
  for (const fixture of nativeWatchFixtures('invalid')) {
    test(`${fixture.file}: ${fixture.expected!.code} at ${fixture.expected!.at}`, () => {
      const diagnostics = validateWatchBody(fixture.root);
      assert.ok(diagnostics.length > 0, 'refused');
      const [first] = diagnostics;
      assert.equal(first.code, fixture.expected!.code);
      assert.equal(at(first), `${fixture.file}:${fixture.expected!.at}`);
      assert.ok(first.message.includes(fixture.expected!.message), `"${first.message}" says "${fixture.expected!.message}"`);
      assert.ok(first.hint === undefined || first.hint.length > 0);
    });
  }
  for (const fixture of nativeWatchFixtures('valid')) {
    test(`${fixture.file} is valid`, () => assert.deepEqual(validateWatchBody(fixture.root), []));
  }
});

describe('validateWatchBody', () => {
  test('reports every problem of a watch, each where it is, not just the first', () => {
    const root = tree(
      [
        'id: many-problems', //                     1
        'trigger:', //                              2
        '  schedule:', //                           3
        '    cron: "0 0 12 * * *"', //              4
        'inptu: {none: {}}', //                     5
        'condition:', //                            6
        '  compare: {ctx.payload.x: {gte: 1}, ctx.payload.y: {lt: 2}}', // 7
        'actions:', //                              8
        '  first:', //                              9
        '    emial: {to: a@example.com}', //        10
        '  second:', //                             11
        '    throttle_period: 1.5s', //             12
        '    webhook: {url: "ftp://x", port: p}', // 13
      ].join('\n'),
    );
    const found = validateWatchBody(root).map((d) => `${d.location!.line}:${d.location!.column} ${d.code}`);
    assert.deepEqual(found, [
      `4:11 ${WATCH_GRAMMAR_CODES.schedule}`,
      `5:1 ${WATCH_GRAMMAR_CODES.unknownKey}`,
      `7:12 ${WATCH_GRAMMAR_CODES.value}`,
      `10:5 ${WATCH_GRAMMAR_CODES.actionType}`,
      `12:22 ${WATCH_GRAMMAR_CODES.value}`,
      `13:20 ${WATCH_GRAMMAR_CODES.value}`,
      `13:37 ${WATCH_GRAMMAR_CODES.value}`,
    ]);
  });

  test('a misspelt key gets the closest key of its place; an unknown action type names the accepted ones', () => {
    const [typo] = validateWatchBody(tree('id: w\ntrigger: {schedule: {intervall: 5m}}\n'));
    assert.match(typo.message, /unknown key 'intervall' in 'trigger.schedule'; did you mean 'interval'\?/);
    const [action] = validateWatchBody(tree('id: w\ntrigger: {schedule: {interval: 5m}}\nactions:\n  a:\n    teams: {}\n'));
    assert.equal(action.code, WATCH_GRAMMAR_CODES.actionType);
    for (const type of ACCEPTED_ACTION_TYPES) assert.ok(action.hint!.includes(type), `the hint names ${type}`);
  });

  test('the accepted action types can be narrowed; one of Watcher\'s outside them is refused, naming the accepted ones', () => {
    const root = tree('id: w\ntrigger: {schedule: {interval: 5m}}\nactions:\n  a:\n    slack: {message: {text: hi}}\n');
    assert.deepEqual(validateWatchBody(root), []);
    const [d] = validateWatchBody(root, { actionTypes: ['logging', 'email'] });
    assert.equal(d.code, WATCH_GRAMMAR_CODES.actionType);
    assert.match(d.message, /unknown action type 'slack'.*Watcher has it/);
    assert.match(d.hint!, /the action types are logging or email/);
  });

  test('free-form places accept anything: metadata, a search body, a simple input, jira fields', () => {
    const root = tree(
      [
        'id: w',
        'trigger: {schedule: {interval: 5m}}',
        'input:',
        '  search:',
        '    request:',
        '      body: {anything: {goes: [1, {deep: true}]}, size: 0}',
        'metadata: {whatever: [1, 2], x: {y: null}}',
        'actions:',
        '  t:',
        '    jira: {fields: {custom_field_1: {nested: [x]}}}',
      ].join('\n'),
    );
    assert.deepEqual(validateWatchBody(root), []);
  });

  test('without the file keys, a bare PUT body is checked (no id needed, id refused)', () => {
    assert.deepEqual(validateWatchBody(tree('trigger: {schedule: {interval: 5m}}\n'), { fileKeys: false }), []);
    const [d] = validateWatchBody(tree('id: w\ntrigger: {schedule: {interval: 5m}}\n'), { fileKeys: false });
    assert.equal(d.code, WATCH_GRAMMAR_CODES.unknownKey);
  });

  test('a document that is not a mapping', () => {
    const [d] = validateWatchBody(tree('- a\n- b\n'));
    assert.equal(d.message, 'a watch must be a mapping, not a list');
    assert.equal(at(d), 'w.watch.yaml:1:1');
  });

  test('JSON files get positions too', () => {
    const root = tree('{\n  "id": "w",\n  "trigger": {"schedule": {"interval": "5m"}},\n  "throttle_period": "1.5s"\n}\n', 'w.watch.json');
    const [d] = validateWatchBody(root);
    assert.equal(at(d), 'w.watch.json:4:22');
  });
});

describe("Watcher's cron (a port of Cron.buildExpression)", () => {
  // Each accepted expression is one Elasticsearch's Cron (a Quartz fork) accepts; each refused one
  // names the rule of Cron.java that refuses it.
  const accepted = [
    '0 0/5 * * * ?',
    '0 0 12 * * ?',
    '0 15 10 ? * MON-FRI',
    '0 15 10 ? * mon-fri', // upper-cased first
    '0 0 12 ? JAN,MAR,MAY WED',
    '0 0 22-2 ? * FRI-MON', // ranges may wrap
    '0 15 10 ? * 6L',
    '0 0 12 L * ?',
    '0 0 12 L-3 * ?',
    '0 0 12 LW * ?',
    '0 0 8 15W * ?',
    '0 0 9 ? * 2#1',
    '0 0 12 1 1 ? 2030',
    '0 0 12 1 1 ? 2030-2032',
    '0\t0\t12 * * ?', // tabs separate fields too
    '0 0/70 * * * ?', // an increment after a number is not range-checked
    '0 0 12 1 * ?x', // nor is what follows a '?' at the end of a field
    '0 0 12 * * ? 2030 extra', // Quartz stops reading after the year
  ];
  const refused: [string, RegExp][] = [
    ['*/5 * * * *', /at least 6 fields/],
    ['0 0 12 * * *', /both a day-of-week AND a day-of-month/],
    ['0 0 12 ? * ?', /day-of-month OR the day-of-week/],
    ['0 60 * * * ?', /between 0 and 59/],
    ['0 0 24 * * ?', /between 0 and 23/],
    ['0 0 12 0 * ?', /between 1 and 31/],
    ['0 0 12 1 13 ?', /between 1 and 12/],
    ['0 0 12 ? * 8', /between 1 and 7/],
    ['0 0 12 ? JUX *', /invalid month 'JUX'/],
    ['0 0 MON ? * *', /illegal characters 'MON'/],
    ['0 0 12 ? * 2#6', /from 1 to 5 must follow '#'/],
    ['0 0 12 ? * 2#1,3#2', /multiple "nth" days/],
    ['0 */61 * * * ?', /increment 61 is over 59/],
    ['0 0 */24 * * ?', /increment 24 is over 23/],
    ['0 0 12 L,5 * ?', /'L' and 'LW' with other days/],
    ['0 0 12 5L * ?', /'L' is not valid here/],
    ['0 0 12 ? * 5W', /'W' is not valid here/],
    ['0 0 12 1 1 ? 2032-2030', /start year/],
    ['0 0 12 1 * %', /unexpected character '%'/],
    ['0 0 1- * * ?', /unexpected end/],
    ['', /at least 6 fields/],
  ];
  for (const expression of accepted) test(`accepts ${JSON.stringify(expression)}`, () => assert.equal(quartzCronProblem(expression), undefined));
  for (const [expression, why] of refused) test(`refuses ${JSON.stringify(expression)}`, () => assert.match(quartzCronProblem(expression) ?? 'accepted', why));
});

describe('schedule details', () => {
  const schedule = (yaml: string) => validateWatchBody(tree(`id: w\ntrigger:\n  schedule:\n${yaml}`));
  test('a timezone is a tz database id (any case) or an offset, as TimezoneUtils.parse reads it', () => {
    for (const tz of ['Europe/Berlin', 'europe/berlin', 'UTC', 'Z', '+1', '+01:00', '-0530', 'GMT+2', 'UTC-03:00']) {
      assert.deepEqual(schedule(`    cron: 0 0 6 * * ?\n    timezone: "${tz}"\n`), [], tz);
    }
    for (const tz of ['Europe/Berlinn', '+19:00', 'CEST+1']) {
      const [d] = schedule(`    cron: 0 0 6 * * ?\n    timezone: "${tz}"\n`);
      assert.equal(d?.code, WATCH_GRAMMAR_CODES.schedule, tz);
      assert.equal(`${d.location!.line}:${d.location!.column}`, '5:15');
    }
  });

  test('intervals: the first unit the text ends with, as Interval.parse reads it', () => {
    for (const ok of ['1s', '90s', '5m', '2h', '1d', '1w', '+5m']) assert.deepEqual(schedule(`    interval: "${ok}"\n`), [], ok);
    for (const bad of ['0s', '500ms', '5', '1.5h', '5 m', 'm']) assert.equal(schedule(`    interval: "${bad}"\n`)[0]?.code, WATCH_GRAMMAR_CODES.schedule, bad);
  });

  test('weekly, monthly and yearly times: names or numbers, in range; a list of them too', () => {
    assert.deepEqual(schedule('    weekly: [{on: [mon, TUESDAY, 7], at: ["9:05", noon]}, {on: fri}]\n'), []);
    assert.deepEqual(schedule('    monthly: {on: [first_day, last_day, 31], at: {hour: [0, 23], minute: 59}}\n'), []);
    assert.deepEqual(schedule('    yearly: {in: [dec, 1], on: 25, at: midnight}\n'), []);
    assert.equal(schedule('    weekly: {on: funday}\n')[0]?.code, WATCH_GRAMMAR_CODES.schedule);
    assert.equal(schedule('    monthly: {on: 32}\n')[0]?.code, WATCH_GRAMMAR_CODES.schedule);
    assert.equal(schedule('    yearly: {in: 13}\n')[0]?.code, WATCH_GRAMMAR_CODES.schedule);
    assert.equal(schedule('    daily: {at: {hour: 24}}\n')[0]?.code, WATCH_GRAMMAR_CODES.schedule);
  });
});

describe('scripts and templates (Script.parse)', () => {
  const condition = (yaml: string) => validateWatchBody(tree(`id: w\ntrigger: {schedule: {interval: 5m}}\ncondition:\n  script:\n${yaml}`));
  test('a stored script takes no lang and no options; an inline one only the content_type option', () => {
    assert.deepEqual(condition('    id: my-script\n    params: {a: 1}\n'), []);
    assert.deepEqual(condition('    inline: return true\n'), [], 'inline is the old name of source');
    assert.match(condition('    id: my-script\n    lang: painless\n')[0].message, /takes no 'lang'/);
    assert.match(condition('    id: my-script\n    options: {content_type: x}\n')[0].message, /takes no 'options'/);
    assert.match(condition('    source: return true\n    options: {cache: true}\n')[0].message, /illegal compiler option/);
    assert.match(condition('    lang: painless\n')[0].message, /needs either 'source'.*or 'id'/);
    assert.match(condition('    sorce: return true\n')[0].message, /did you mean 'source'/);
  });
});

describe('Elasticsearch time values (esTimeValueProblem, as TimeValue.parseTimeValue)', () => {
  test('a whole number and a unit, or -1 and 0 alone; trimmed and any case', () => {
    for (const ok of ['0', '-1', '500ms', '30s', '5m', '2h', '1d', '10nanos', '7micros', ' 5M ', '10 m', '+3s']) assert.equal(esTimeValueProblem(ok), undefined, ok);
    assert.match(esTimeValueProblem('1.5s')!, /fractional/);
    assert.match(esTimeValueProblem('-5s')!, /negative/);
    assert.match(esTimeValueProblem('5')!, /unit/);
    assert.match(esTimeValueProblem('1w')!, /unit/); // no weeks in TimeValue
    assert.match(esTimeValueProblem('five s')!, /not a whole number/);
  });
});
