// The sandbox's small parts on their own: the strict JSON reader, the seeded fault plan, time
// values, media-type negotiation, dynamic mapping, Splunk cron, and the state store's saves.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonSyntaxError, parseStrictJson } from '../../src/elasticsearch/strict-json.js';
import { FaultPlan, mulberry32, parseFaultKinds } from '../../src/faults.js';
import { parseTimeValue } from '../../src/elasticsearch/time-value.js';
import { negotiate } from '../../src/elasticsearch/media-type.js';
import { EsHttpError } from '../../src/elasticsearch/es-errors.js';
import { applyDynamicMapping, type Mapping } from '../../src/elasticsearch/dynamic-mapping.js';
import { nextRun, parseCron } from '../../src/splunk/cron-schedule.js';
import { StateStore } from '../../src/state-store.js';
import { decodeApiKey, encodeApiKey, resolveCredentials } from '../../src/credentials.js';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseStrictJson(text);
  } catch (error) {
    assert.ok(error instanceof JsonSyntaxError);
    return error;
  }
  throw new Error('expected a syntax error');
}

function esFailure(run: () => unknown): EsHttpError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof EsHttpError);
    return error;
  }
  throw new Error('expected an EsHttpError');
}

describe('sandbox building blocks', () => {
  test('strict JSON: values parse, and errors carry line, column and Jackson wording', () => {
    assert.deepEqual(parseStrictJson('{"a":[1,-2.5e1,"\\u00e9\\n",true,null]} trailing'), { a: [1, -25, 'é\n', true, null] });
    const multiLine = syntaxError('{\n  "a": 1,\n  b: 2}');
    assert.deepEqual([multiLine.line, multiLine.column], [3, 3]);
    assert.match(multiLine.detail, /was expecting double-quote to start field name/);
    assert.match(syntaxError('{"a" 1}').detail, /was expecting a colon to separate field name and value/);
    assert.match(syntaxError('[1 2]').detail, /was expecting comma to separate Array entries/);
    assert.match(syntaxError('{"a": nope}').detail, /^Unrecognized token 'nope'/);
    assert.match(syntaxError('{"a": 01}').detail, /Leading zeroes not allowed/);
    assert.equal(syntaxError('{"a": 1, "a": 2}').detail, "Duplicate field 'a'");
    assert.equal(syntaxError('{"a": [1,').endOfInput, true);
  });

  test('mulberry32 is a pure function of its seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const seqA = Array.from({ length: 5 }, a);
    assert.deepEqual(Array.from({ length: 5 }, b), seqA);
    assert.notDeepEqual(Array.from({ length: 5 }, c), seqA);
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });

  test('a fault plan: rate 0 never, rate 1 always, kinds and targets respected, each target its own sequence', () => {
    const never = new FaultPlan({ rate: 0, seed: 1 });
    assert.equal(never.next('elasticsearch'), undefined);
    const always = new FaultPlan({ rate: 1, seed: 1, kinds: ['429'], targets: ['splunk'] });
    assert.equal(always.next('splunk'), '429');
    assert.equal(always.next('elasticsearch'), undefined);
    const one = new FaultPlan({ rate: 0.5, seed: 9 });
    const interleaved = new FaultPlan({ rate: 0.5, seed: 9 });
    const esOnly = Array.from({ length: 20 }, () => one.next('elasticsearch'));
    const mixed = Array.from({ length: 20 }, () => (interleaved.next('splunk'), interleaved.next('elasticsearch')));
    assert.deepEqual(mixed, esOnly, 'requests to the other target do not shift the sequence');
    assert.deepEqual(parseFaultKinds('503, reset'), ['503', 'reset']);
    assert.throws(() => parseFaultKinds('boom'), /unknown fault kind/);
    assert.throws(() => new FaultPlan({ rate: 2, seed: 1 }), /within \[0, 1\]/);
  });

  test('time values: units are required, fractions refused', () => {
    assert.equal(parseTimeValue('5m', 'x'), 300_000);
    assert.equal(parseTimeValue('250ms', 'x'), 250);
    assert.equal(parseTimeValue('2d', 'x'), 172_800_000);
    assert.equal(parseTimeValue('-1', 'x'), -1);
    assert.match(esFailure(() => parseTimeValue('5', 'throttle_period')).esCause.reason ?? '', /failed to parse setting \[throttle_period\] with value \[5\] as a time value: unit is missing or unrecognized/);
    assert.match(esFailure(() => parseTimeValue('1.5s', 'x')).esCause.reason ?? '', /fractional time values are not supported/);
  });

  test('media types: a list Accept is ignored, versions must agree when there is a body', () => {
    const v9 = 'application/vnd.elasticsearch+json; compatible-with=9';
    assert.equal(negotiate(`${v9},text/plain`, v9, false).responseContentType, 'application/json');
    assert.equal(negotiate(v9, v9, true).responseContentType, 'application/vnd.elasticsearch+json;compatible-with=9');
    assert.equal(negotiate(undefined, undefined, false).responseContentType, 'application/json');
    assert.match(esFailure(() => negotiate('application/json', v9, true)).esCause.causedBy?.reason ?? '', /if either one has requested a compatible version\. Accept=/);
    assert.equal(esFailure(() => negotiate('not a type', undefined, false)).esCause.reason, 'Invalid media-type value on headers [Accept]');
  });

  test('dynamic mapping: the first document decides, a misfit is refused and maps nothing', () => {
    const mapping: Mapping = {};
    applyDynamicMapping(mapping, { at: '2026-01-01T00:00:00Z', n: 1, s: 'x', ok: true, o: { deep: 1.5 } }, '1', false);
    assert.deepEqual(mapping, { at: { type: 'date' }, n: { type: 'long' }, s: { type: 'text', keywordSubfield: true }, ok: { type: 'boolean' }, o: { type: 'object' }, 'o.deep': { type: 'float' } });
    const refused = esFailure(() => applyDynamicMapping(mapping, { n: 'abc', fresh: 1 }, '2', false));
    assert.equal(refused.esCause.type, 'document_parsing_exception');
    assert.equal(mapping.fresh, undefined);
    applyDynamicMapping(mapping, { n: '12' }, '3', false);
    assert.equal(esFailure(() => applyDynamicMapping({}, { x: 1 }, '4', true)).esCause.type, 'strict_dynamic_mapping_exception');
  });

  test('Splunk cron: five fields only, and the next run honours every field', () => {
    assert.equal(parseCron('0 0/5 * * * ?'), undefined);
    assert.equal(parseCron('61 * * * *'), undefined);
    const every30 = parseCron('*/30 * * * *');
    assert.ok(every30);
    assert.equal(nextRun(every30, new Date('2026-05-05T10:07:12Z'))?.toISOString(), '2026-05-05T10:30:00.000Z');
    const mondays = parseCron('15 9 * * mon');
    assert.ok(mondays);
    assert.equal(nextRun(mondays, new Date('2026-05-06T00:00:00Z'))?.toISOString(), '2026-05-11T09:15:00.000Z');
  });

  test('the state store coalesces concurrent commits and every one resolves after its change is on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'detctl-store-'));
    try {
      const path = join(dir, 'nested', 'state.json');
      const store = await StateStore.open(path, () => ({ items: [] as number[] }));
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          store.state.items.push(i);
          await store.commit();
          const saved = JSON.parse(readFileSync(path, 'utf8')) as { items: number[] };
          assert.ok(saved.items.includes(i), `item ${i} is on disk when its commit resolves`);
        }),
      );
      const reopened = await StateStore.open(path, () => ({ items: [] as number[] }));
      assert.equal(reopened.state.items.length, 50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('credentials: caller over environment over defaults; the encoded API key round-trips', () => {
    const encoded = encodeApiKey({ id: 'i', key: 'k' });
    assert.deepEqual(decodeApiKey(encoded), { id: 'i', key: 'k' });
    const fromEnv = resolveCredentials({}, { DETCTL_SANDBOX_ES_API_KEY: encoded, DETCTL_SANDBOX_SPLUNK_TOKEN: 't' });
    assert.deepEqual(fromEnv.elasticsearch.apiKey, { id: 'i', key: 'k' });
    assert.equal(fromEnv.splunk.token, 't');
    assert.equal(resolveCredentials({ splunk: { token: 'mine' } }, { DETCTL_SANDBOX_SPLUNK_TOKEN: 't' }).splunk.token, 'mine');
    assert.equal(resolveCredentials({}, {}).elasticsearch.username, 'elastic');
    assert.throws(() => resolveCredentials({}, { DETCTL_SANDBOX_ES_API_KEY: 'bm9jb2xvbg' }), /must be an encoded API key/);
  });
});
