// The plan for a terminal: the summary first (a line per target, the mass-delete warnings), then
// per target one header per change and one line per changed field (a line diff for queries and
// long values; ownership hashes left out and the query shown once: review-fields.ts), collisions
// as errors, and Terraform's last line. Creates are one line each unless `verbose`.
import type { Plan, PlannedChange } from './model.js';
import { fieldView, type FieldView } from './field-view.js';
import { massDeleteWarning } from './mass-delete.js';
import { groupByTarget, summaryLine, type TargetGroup } from './plan-groups.js';
import { reviewFields } from './review-fields.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them off for `--no-color` and when stdout is not a terminal. */
  color: boolean;
  /** List the unchanged objects instead of counting them. */
  showUnchanged?: boolean;
  /** List a create's fields too (otherwise its header says what it is; the JSON plan has the rest). */
  verbose?: boolean;
  /** Only the summary (`--quiet`): a line per target, warnings, collisions and the last line. */
  summaryOnly?: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };
type Paint = (style: keyof typeof ANSI, text: string) => string;

const SIGN: Record<PlannedChange['action'], { sign: string; style: keyof typeof ANSI }> = {
  create: { sign: '+', style: 'green' },
  update: { sign: '~', style: 'yellow' },
  replace: { sign: '-/+', style: 'yellow' },
  delete: { sign: '-', style: 'red' },
  noop: { sign: '=', style: 'reset' },
  adopt: { sign: '&', style: 'cyan' },
};

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint: Paint = options.color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
  const groups = groupByTarget(plan);
  const out: string[] = groups.map((group) => `${paint('bold', targetTitle(group))}: ${targetSummary(group)}`);
  out.push('');
  // At the top, where a reviewer looks first: what `deploy` will refuse without the flag.
  for (const m of plan.massDelete) out.push(`${paint('yellow', 'warning')}: ${massDeleteWarning(m)}`);
  if (plan.massDelete.length > 0) out.push('');
  if (!options.summaryOnly) {
    for (const group of groups) {
      const unchanged = options.showUnchanged ? group.unchanged : [];
      if (group.changes.length === 0 && unchanged.length === 0) continue;
      out.push(paint('bold', targetTitle(group)));
      for (const change of group.changes) out.push(...changeLines(change, paint, options.verbose === true));
      for (const change of unchanged) out.push(`  ${header(change)}`);
      out.push('');
    }
  }
  for (const collision of plan.collisions) out.push(`${collision.source}: ${paint('red', 'error')}: ${collision.reason}`);
  if (plan.collisions.length > 0) out.push('');
  out.push(summaryLine(plan));
  return `${out.join('\n')}\n`;
}

function targetTitle(group: TargetGroup): string {
  return group.target ? `${group.name} (${group.target.type}, ${group.target.url})` : group.name;
}

/** "1 to create, 2 to update, 0 to delete, 3 unchanged", or "no changes (3 unchanged)". */
function targetSummary(group: TargetGroup): string {
  const s = group.summary;
  const collisions = group.collisions.length > 0 ? `, ${group.collisions.length} collision${group.collisions.length === 1 ? '' : 's'}` : '';
  if (group.changes.length === 0) return `${s.noop > 0 ? `no changes (${s.noop} unchanged)` : 'no changes'}${collisions}`;
  const replace = s.replace > 0 ? ` ${s.replace} to replace,` : '';
  const adopt = s.adopt ? `${s.adopt} to adopt, ` : '';
  return `${adopt}${s.create} to create, ${s.update} to update,${replace} ${s.delete} to delete, ${s.noop} unchanged${collisions}`;
}

function changeLines(change: PlannedChange, paint: Paint, verbose: boolean): string[] {
  const { style } = SIGN[change.action];
  const lines = [`  ${paint(style, header(change))}`];
  // A delete's fields are its whole pre-image; the header says what goes, and the saved JSON plan
  // keeps the rest. So does a create's header, unless asked for its fields (--verbose).
  if (change.action === 'delete' || (change.action === 'create' && !verbose)) return lines;
  const { fields, notes } = reviewFields(change);
  for (const field of fields) lines.push(...fieldLines(fieldView(field, { lines: field.role === 'query' }), paint));
  for (const note of notes) lines.push(`      ${paint('yellow', '~')} ${note}`);
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
