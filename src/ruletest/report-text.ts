// The test report as text: a line per rule, and for a rule that fails, a line per target with
// the first event that disagreed and the sub-expression that decided it. Totals per target last.
import type { SourceLocation } from '../diagnostics.js';
import type { RuleResult, TargetOutcome, TargetResult, TestReport, TestTarget } from './model.js';

export interface TextOptions {
  color: boolean;
  /** Only failing rules and the totals. */
  quiet?: boolean;
  /** Every target of every rule, passing ones too. */
  verbose?: boolean;
}

const paint = (on: boolean, code: number, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
const where = (loc: SourceLocation) => `${loc.file}:${loc.line}:${loc.column}`;

/** `elastic (lucene, ecs_windows, .keyword)` */
export function describeTarget(t: TestTarget): string {
  const details = [t.language, t.mapping, t.keywordSuffix, t.caseInsensitive && 'case-insensitive'].filter(Boolean);
  return t.name === t.language && details.length === 1 ? t.name : `${t.name} (${details.join(', ')})`;
}

function outcomeLines(o: TargetOutcome, color: boolean): string[] {
  switch (o.status) {
    case 'pass':
      return [`${paint(color, 32, 'pass')}: ${o.matched} of ${o.events} ${o.unit ?? 'events'} ${o.unit ? 'fire' : 'match'}`];
    case 'not-expressible':
      return [`${paint(color, 33, 'not expressible')}: ${o.reason}`];
    case 'error':
      return [`${paint(color, 31, 'ERROR')}: ${o.reason}`];
    case 'fail': {
      const f = o.first;
      return [
        `${paint(color, 31, 'FAIL')}: ${f.event} (${where(f.where)}${f.case === f.event ? '' : `, ${f.case}`}): expected ${f.expected}, got ${f.actual}${f.sigma ? `; Sigma: ${f.sigma}` : ''}`,
        `decided by: ${f.decidedBy}`,
        ...(f.query.startsWith('condition ') ? [] : [`query: ${f.query}`]),
      ];
    }
  }
}

function ruleLines(r: RuleResult, options: TextOptions): string[] {
  const head = `${r.passed ? paint(options.color, 32, 'PASS') : paint(options.color, 31, 'FAIL')}  ${r.path} — ${r.title} (${r.events} event${r.events === 1 ? '' : 's'}, ${r.file})`;
  if (r.passed && !options.verbose) return [head];
  const width = Math.max(...r.targets.map((t) => describeTarget(t.target).length));
  return [head, ...r.targets.flatMap((t: TargetResult) => outcomeLines(t.outcome, options.color).map((line, i) => `  ${(i === 0 ? describeTarget(t.target) : '').padEnd(width)}  ${line}`))];
}

export function renderTextReport(report: TestReport, options: TextOptions): string {
  const lines: string[] = [];
  for (const r of report.rules) if (!(options.quiet && r.passed)) lines.push(...ruleLines(r, options));
  const failed = report.rules.filter((r) => !r.passed).length;
  const n = report.rules.length;
  lines.push('', `${n} rule${n === 1 ? '' : 's'} tested: ${n - failed} passed, ${failed} failed; ${report.untested.length} without tests`);
  for (const [target, t] of Object.entries(report.totals)) {
    lines.push(`  ${target}: ${t.pass} passed, ${t.fail} failed, ${t['not-expressible']} not expressible${t.error ? `, ${t.error} errors` : ''}`);
  }
  return lines.join('\n') + '\n';
}
