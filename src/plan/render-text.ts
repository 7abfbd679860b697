// The plan for a terminal: grouped by target, one header per change, one line per changed field
// (a line diff for long values), no-ops as a count, collisions as errors, Terraform's last line.
import type { Plan, PlannedChange } from './model.js';
import { fieldView, type FieldView } from './field-view.js';
import { massDeleteWarning } from './mass-delete.js';
import { groupByTarget, summaryLine } from './plan-groups.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them off for `--no-color` and when stdout is not a terminal. */
  color: boolean;
  /** List the unchanged objects instead of counting them. */
  showUnchanged?: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };
type Paint = (style: keyof typeof ANSI, text: string) => string;

const SIGN: Record<PlannedChange['action'], { sign: string; style: keyof typeof ANSI }> = {
  create: { sign: '+', style: 'green' },
  update: { sign: '~', style: 'yellow' },
  replace: { sign: '-/+', style: 'yellow' },
  delete: { sign: '-', style: 'red' },
  noop: { sign: '=', style: 'reset' },
};

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint: Paint = options.color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
  const out: string[] = [];
  for (const group of groupByTarget(plan)) {
    const where = group.target ? ` (${group.target.type}, ${group.target.url})` : '';
    out.push(paint('bold', `${group.name}${where}`));
    for (const change of group.changes) out.push(...changeLines(change, paint));
    const unchanged = group.unchanged.length;
    if (options.showUnchanged) for (const change of group.unchanged) out.push(`  ${header(change)}`);
    if (group.changes.length === 0) out.push(unchanged > 0 ? `  no changes (${unchanged} unchanged)` : '  no changes');
    else if (unchanged > 0 && !options.showUnchanged) out.push(`  ${unchanged} unchanged`);
    out.push('');
  }
  for (const collision of plan.collisions) out.push(`${collision.source}: ${paint('red', 'error')}: ${collision.reason}`);
  if (plan.collisions.length > 0) out.push('');
  // Before the summary, where a reviewer looks: what `deploy` will refuse without the flag.
  for (const m of plan.massDelete) out.push(`${paint('yellow', 'warning')}: ${massDeleteWarning(m)}`);
  if (plan.massDelete.length > 0) out.push('');
  out.push(summaryLine(plan));
  return `${out.join('\n')}\n`;
}

function changeLines(change: PlannedChange, paint: Paint): string[] {
  const { style } = SIGN[change.action];
  const lines = [`  ${paint(style, header(change))}`];
  // A delete's fields are its whole pre-image; the header says what goes, and the saved JSON plan
  // keeps the rest. Creates list their fields: the rendered query is what a reviewer checks.
  if (change.action === 'delete') return lines;
  for (const field of change.fields) lines.push(...fieldLines(fieldView(field), paint));
  return lines;
}

function header(change: PlannedChange): string {
  const source = change.source ? ` (${change.source})` : '';
  const renamed = change.renamedFrom !== undefined ? `, renamed from ${change.renamedFrom}` : '';
  return `${SIGN[change.action].sign} ${change.action === 'noop' ? 'unchanged' : change.action} ${change.kind} ${change.id}${source}${renamed}`;
}

const FIELD_SIGN = { added: { sign: '+', style: 'green' }, removed: { sign: '-', style: 'red' }, changed: { sign: '~', style: 'yellow' } } as const;

function fieldLines(view: FieldView, paint: Paint): string[] {
  const { sign, style } = FIELD_SIGN[view.change];
  const lead = `      ${paint(style, sign)} ${view.path}:`;
  if (view.style === 'inline') {
    if (view.change === 'added') return [`${lead} ${view.after}`];
    if (view.change === 'removed') return [`${lead} ${view.before}`];
    return [`${lead} ${view.before} → ${view.after}`];
  }
  return [lead, ...view.lines.map((line) => `          ${paintDiffLine(line, paint)}`)];
}

function paintDiffLine(line: string, paint: Paint): string {
  if (line.startsWith('@@')) return paint('cyan', line);
  if (line.startsWith('+')) return paint('green', line);
  if (line.startsWith('-')) return paint('red', line);
  return line;
}
