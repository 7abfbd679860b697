// Which part of an ESCU search `detctl test` evaluates: a tstats search's `where` condition (up to
// an unquoted `by` or pipe), any other search as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testableEscuSearch } from '../../src/ruletest/escu-search.js';

test("a tstats search: its where condition as a search, quoted 'by' and '|' kept", () => {
  assert.equal(
    testableEscuSearch('| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe Processes.process="*-decode*" by Processes.dest | `drop_dm_object_name(Processes)` | `x_filter`'),
    'search Processes.process_name=certutil.exe Processes.process="*-decode*"',
  );
  assert.equal(testableEscuSearch('| tstats count from datamodel=X WHERE a="x by y | z" b="q\\"by" | stats count'), 'search a="x by y | z" b="q\\"by"');
  assert.equal(testableEscuSearch('| tstats count from datamodel=X where a=1'), 'search a=1');
});

test('any other search as written', () => {
  assert.equal(testableEscuSearch(' `sysmon` EventCode=1 | stats count by host '), '`sysmon` EventCode=1 | stats count by host');
  assert.equal(testableEscuSearch('| tstats count from datamodel=X by host'), '| tstats count from datamodel=X by host');
});
