// The plan as a pull-request comment: a summary table, then per target each change as a list
// item with its fields; long values as a ```diff block folded into <details>, so a comment with
// many rules stays short until a reviewer opens what they care about.
import type { Plan, PlannedChange } from './model.js';
import { fieldView, type FieldView } from './field-view.js';
import { massDeleteWarning } from './mass-delete.js';
import { groupByTarget, summaryLine, type TargetGroup } from './plan-groups.js';

export function renderPlanMarkdown(plan: Plan): string {
  const groups = groupByTarget(plan);
  const out: string[] = [`### detctl plan for ${code(plan.env)}`, '', ...summaryTable(groups, plan.summary.replace > 0), ''];
  // At the top of the comment, where a reviewer cannot miss it.
  for (const m of plan.massDelete) out.push(`> [!WARNING]`, `> ${escapeText(massDeleteWarning(m))}`, '');
  for (const group of groups) {
    const type = group.target ? ` (${group.target.type})` : '';
    out.push(`#### ${code(group.name)}${type}`, '');
    if (group.changes.length === 0) out.push('No changes.', '');
    for (const change of group.changes) out.push(...changeItem(change));
    if (group.changes.length > 0) out.push('');
  }
  if (plan.collisions.length > 0) {
    out.push('#### Errors', '');
    for (const c of plan.collisions) out.push(`- **collision** ${c.kind} ${code(c.id)} on ${code(c.target)} (${code(c.source)}): ${escapeText(c.reason)}`);
    out.push('');
  }
  out.push(summaryLine(plan));
  // Sections and folded diffs each end with a blank line; where they meet, one is enough.
  // (Lines inside a diff block are indented, so none of them is blank.)
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** The Replace column only when a plan has replaces, so that other plans read as before. */
function summaryTable(groups: TargetGroup[], replaces: boolean): string[] {
  const rows = groups.map((g) => {
    const s = g.summary;
    const replace = replaces ? ` ${s.replace} |` : '';
    return `| ${code(g.name).replaceAll('|', '\\|')} | ${g.target?.type ?? ''} | ${s.create} | ${s.update} |${replace} ${s.delete} | ${s.noop} | ${g.collisions.length} |`;
  });
  const header = replaces ? '| Target | Type | Create | Update | Replace | Delete | Unchanged | Collisions |' : '| Target | Type | Create | Update | Delete | Unchanged | Collisions |';
  return [header, replaces ? '|---|---|--:|--:|--:|--:|--:|--:|' : '|---|---|--:|--:|--:|--:|--:|', ...rows];
}

function changeItem(change: PlannedChange): string[] {
  const source = change.source ? ` — ${code(change.source)}` : '';
  const renamed = change.renamedFrom !== undefined ? ` (renamed from ${code(change.renamedFrom)})` : '';
  const lines = [`- **${change.action}** ${change.kind} ${code(change.id)}${renamed}${source}`];
  // As in the text plan: a delete is named, its pre-image stays in the JSON plan.
  if (change.action === 'delete') return lines;
  for (const field of change.fields) lines.push(...fieldItem(fieldView(field)));
  return lines;
}

const NOTE = { added: 'new', removed: 'removed' } as const;

function fieldItem(view: FieldView): string[] {
  const path = code(view.path);
  if (view.style === 'inline') {
    if (view.change === 'changed') return [`  - ${path}: ${code(view.before ?? '')} → ${code(view.after ?? '')}`];
    return [`  - ${path}: ${code((view.change === 'added' ? view.after : view.before) ?? '')} (${NOTE[view.change]})`];
  }
  const counts = `+${view.added} -${view.removed}`;
  const note = view.change === 'changed' ? counts : `${NOTE[view.change]}, ${counts}`;
  const fence = fenceFor(view.lines);
  // Inside a list item the HTML and the fenced block are indented to the item's content column,
  // and separated by blank lines, which is what GitHub needs to render both.
  return [
    `  - <details><summary><code>${escapeHtml(view.path)}</code> (${note})</summary>`,
    '',
    `    ${fence}diff`,
    ...view.lines.map((line) => `    ${line}`),
    `    ${fence}`,
    '',
    '    </details>',
    '',
  ];
}

/** An inline code span that survives backticks in the value (SPL macros are `quoted` so). */
function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const ticks = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fence longer than any run of backticks in the block. */
function fenceFor(lines: string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}
