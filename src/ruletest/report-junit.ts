// The test report as JUnit XML for CI: one <testsuite> per target (Sigma, each deployed query),
// one <testcase> per rule in it. CI tools (GitLab, Jenkins, GitHub test reporters) list suites
// with their counts, so a target that drifts from the others shows as one red suite; a rule the
// target's language cannot express is <skipped>, an evaluator that cannot read a query <error>.
import type { TestReport, TargetOutcome } from './model.js';
import { describeTarget } from './report-text.js';

/** XML 1.0 text: the five escapes, and the control characters it cannot hold at all dropped. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function body(o: TargetOutcome): string {
  switch (o.status) {
    case 'pass':
      return '';
    case 'not-expressible':
      return `<skipped message="${xml(`not expressible: ${o.reason}`)}"/>`;
    case 'error':
      return `<error message="${xml(o.reason)}" type="evaluator"/>`;
    case 'fail': {
      const f = o.first;
      const message = `${f.event}: expected ${f.expected}, got ${f.actual}`;
      const details = [`event: ${f.event} (${f.where.file}:${f.where.line}:${f.where.column})`, `case: ${f.case}`, `expected: ${f.expected}`, `got: ${f.actual}`, ...(f.sigma ? [`sigma: ${f.sigma}`] : []), `decided by: ${f.decidedBy}`, `query: ${f.query}`];
      return `<failure message="${xml(message)}" type="disagreement">${xml(details.join('\n'))}</failure>`;
    }
  }
}

export function renderJunitReport(report: TestReport): string {
  const targets = report.rules[0]?.targets.map((t) => t.target) ?? [];
  const suites = targets.map((target, i) => {
    const cases = report.rules.map((r) => ({ rule: r, outcome: r.targets[i].outcome }));
    const count = (status: TargetOutcome['status']) => cases.filter((c) => c.outcome.status === status).length;
    const testcases = cases.map(({ rule, outcome }) => {
      const inner = body(outcome);
      const open = `    <testcase name="${xml(`${rule.path} — ${rule.title}`)}" classname="${xml(`detctl.test.${target.name}`)}" file="${xml(rule.path)}"`;
      return inner ? `${open}>\n      ${inner}\n    </testcase>` : `${open}/>`;
    });
    const attributes = `name="${xml(describeTarget(target))}" tests="${cases.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('not-expressible')}"`;
    return [`  <testsuite ${attributes}>`, ...testcases, '  </testsuite>'].join('\n');
  });
  const all = report.rules.length * targets.length;
  const sum = (status: TargetOutcome['status']) => report.rules.reduce((n, r) => n + r.targets.filter((t) => t.outcome.status === status).length, 0);
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="detctl test" tests="${all}" failures="${sum('fail')}" errors="${sum('error')}" skipped="${sum('not-expressible')}">`, ...suites, '</testsuites>', ''].join('\n');
}
