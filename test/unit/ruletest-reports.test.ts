// The report formats: text (per rule, per target, the first disagreement and what decided it),
// JSON (the report as data) and JUnit XML (well-formed, one suite per target, CI's counts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestReport } from '../../src/ruletest/model.js';
import { renderJunitReport } from '../../src/ruletest/report-junit.js';
import { renderTextReport } from '../../src/ruletest/report-text.js';

const where = { file: 'rules/b.tests.yml', line: 7, column: 12 };

const REPORT: TestReport = {
  rules: [
    {
      path: 'rules/a.yml',
      title: 'A <passing> & "quoted" rule',
      format: 'detctl',
      file: 'rules/a.tests.yml',
      events: 2,
      passed: true,
      targets: [
        { target: { name: 'sigma', language: 'sigma' }, outcome: { status: 'pass', matched: 1, events: 2 } },
        { target: { name: 'elastic', language: 'lucene', mapping: 'ecs_windows', keywordSuffix: '.keyword' }, outcome: { status: 'not-expressible', reason: 'query_string cannot compare two fields (User with TargetUser)' } },
      ],
    },
    {
      path: 'rules/b.yml',
      title: 'B',
      format: 'detctl',
      file: 'rules/b.tests.yml',
      events: 2,
      passed: false,
      targets: [
        { target: { name: 'sigma', language: 'sigma' }, outcome: { status: 'pass', matched: 1, events: 2 } },
        {
          target: { name: 'elastic', language: 'lucene', mapping: 'ecs_windows', keywordSuffix: '.keyword' },
          outcome: { status: 'fail', matched: 2, events: 2, first: { case: 'admin script', event: 'admin script', where, expected: 'no match', actual: 'match', decidedBy: 'process.command_line.keyword:*\\-enc*', query: 'process.command_line.keyword:*\\-enc* AND NOT user.name:admin\u0001', sigma: 'no match' } },
        },
      ],
    },
  ],
  untested: ['rules/c.yml'],
  totals: { sigma: { pass: 2, fail: 0, 'not-expressible': 0, error: 0 }, elastic: { pass: 0, fail: 1, 'not-expressible': 1, error: 0 } },
  passed: false,
};

test('text: a line per rule; a failing rule shows every target, the event, expected and actual, Sigma and the sub-expression', () => {
  const text = renderTextReport(REPORT, { color: false });
  assert.equal(
    text,
    `PASS  rules/a.yml — A <passing> & "quoted" rule (2 events, rules/a.tests.yml)
FAIL  rules/b.yml — B (2 events, rules/b.tests.yml)
  sigma                                    pass: 1 of 2 events match
  elastic (lucene, ecs_windows, .keyword)  FAIL: admin script (rules/b.tests.yml:7:12): expected no match, got match; Sigma: no match
                                           decided by: process.command_line.keyword:*\\-enc*
                                           query: process.command_line.keyword:*\\-enc* AND NOT user.name:admin\u0001

2 rules tested: 1 passed, 1 failed; 1 without tests
  sigma: 2 passed, 0 failed, 0 not expressible
  elastic: 0 passed, 1 failed, 1 not expressible
`,
  );
  assert.doesNotMatch(renderTextReport(REPORT, { color: false, quiet: true }), /rules\/a\.yml/, '--quiet: failing rules only');
  assert.match(renderTextReport(REPORT, { color: false, verbose: true }), /rules\/a\.yml[^\n]*\n  sigma +pass[^\n]*\n  elastic \(lucene, ecs_windows, \.keyword\) +not expressible: query_string cannot/);
  assert.match(renderTextReport(REPORT, { color: true }), /\x1b\[31mFAIL\x1b\[0m {2}rules\/b\.yml/);
  assert.doesNotMatch(text, /\x1b/);
});

/** A strict reading of the XML detctl writes: every character is markup or text, entities are known, elements nest. */
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function parseXml(xml: string): XmlElement {
  const token = /<\?xml [^?]*\?>\n?|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const entity = /&(?!(amp|lt|gt|quot|apos);)/;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  for (let m: RegExpExecArray | null; token.lastIndex < xml.length; ) {
    const at = token.lastIndex;
    m = token.exec(xml);
    assert.ok(m, `not well-formed at ${at}: ${xml.slice(at, at + 40)}`);
    const [, close, name, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      assert.doesNotMatch(text, entity, 'a bare & in text');
      assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'a control character XML 1.0 cannot hold');
      stack[stack.length - 1].text += unescape(text);
    } else if (name && close) {
      assert.equal(stack.pop()?.name, name, `</${name}> closes another element`);
    } else if (name) {
      const attributes: Record<string, string> = {};
      for (const [, k, v] of (attrs ?? '').matchAll(/([\w.-]+)="([^"<]*)"/g)) {
        assert.doesNotMatch(v, entity, 'a bare & in an attribute');
        attributes[k] = unescape(v);
      }
      const element = { name, attributes, children: [], text: '' };
      stack[stack.length - 1].children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  assert.equal(stack.length, 1, 'every element is closed');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0];
}

test('JUnit: well-formed XML; one testsuite per target, a testcase per rule; failure with the event and sub-expression, skipped when not expressible', () => {
  const suites = parseXml(renderJunitReport(REPORT));
  assert.equal(suites.name, 'testsuites');
  assert.deepEqual(suites.attributes, { name: 'detctl test', tests: '4', failures: '1', errors: '0', skipped: '1' });
  assert.deepEqual(
    suites.children.map((s) => s.attributes),
    [
      { name: 'sigma', tests: '2', failures: '0', errors: '0', skipped: '0' },
      { name: 'elastic (lucene, ecs_windows, .keyword)', tests: '2', failures: '1', errors: '0', skipped: '1' },
    ],
  );
  const [passing, failing] = suites.children[1].children;
  assert.equal(passing.attributes.name, 'rules/a.yml — A <passing> & "quoted" rule');
  assert.equal(passing.attributes.classname, 'detctl.test.elastic');
  assert.equal(passing.children[0].name, 'skipped');
  assert.match(passing.children[0].attributes.message, /^not expressible: query_string cannot compare two fields/);
  const failure = failing.children[0];
  assert.equal(failure.name, 'failure');
  assert.equal(failure.attributes.message, 'admin script: expected no match, got match');
  assert.match(failure.text, /^event: admin script \(rules\/b\.tests\.yml:7:12\)$/m);
  assert.match(failure.text, /^decided by: process\.command_line\.keyword:\*\\-enc\*$/m);
  assert.match(failure.text, /^sigma: no match$/m);
  assert.deepEqual(suites.children[0].children.map((c) => c.children.length), [0, 0], 'passing testcases are empty');
});

test('JSON: the report as data, round-tripping', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(REPORT, null, 2)), REPORT);
});
