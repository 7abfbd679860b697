// The plan as a pull-request comment: a summary table per target and the mass-delete warnings
// first, then per target each change as a list item: its query or search as a ```diff block,
// short fields inline, other long ones folded into <details>; ownership hashes left out and the
// query shown once (review-fields.ts). A size budget keeps the comment postable: past it, the
// remaining changes are listed by name only, with a note pointing to the JSON plan.
import type { Plan, PlannedChange } from './model.js';
import { fieldView, type FieldView } from './field-view.js';
import { massDeleteWarning } from './mass-delete.js';
import { groupByTarget, summaryLine, type TargetGroup } from './plan-groups.js';
import { reviewFields, type ReviewField } from './review-fields.js';

import { DEFAULT_MAX_CHARS } from './markdown-budget.js';

/** Under GitHub's 65,536 characters for a comment, with room for a header a CI job adds. */
export { DEFAULT_MAX_CHARS };

export interface MarkdownOptions {
  /** The longest rendering, in characters (UTF-16 code units, as GitHub counts); default DEFAULT_MAX_CHARS. */
  maxChars?: number;
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const groups = groupByTarget(plan);
  const changes = groups.flatMap((g) => g.changes);
  const detailed = changes.map((c) => changeItem(c).join('\n').length + 1);
  const named = changes.map((c) => nameItem(c).length + 1);
  // How many changes (in order) are shown in full: as many as fit with the rest named.
  const fits = (k: number, names = changes.length) => render(plan, groups, { detailed: k, named: names, maxChars }).length <= maxChars;
  let total = render(plan, groups, { detailed: 0, named: changes.length, maxChars }).length;
  let k = 0;
  while (k < changes.length && total - named[k]! + detailed[k]! <= maxChars) total += detailed[k]! - named[k++]!;
  while (k > 0 && !fits(k)) k--;
  if (k > 0 || fits(0)) return render(plan, groups, { detailed: k, named: changes.length, maxChars });
  // Even the names do not fit: as many as do, and how many more there are.
  let names = changes.length;
  while (names > 0 && !fits(0, names)) names = Math.max(0, names - Math.max(1, Math.ceil((render(plan, groups, { detailed: 0, named: names, maxChars }).length - maxChars) / 30)));
  return render(plan, groups, { detailed: 0, named: names, maxChars });
}

interface Layout {
  /** The first `detailed` changes are shown in full, the next up to `named` by name. */
  detailed: number;
  named: number;
  maxChars: number;
}

function render(plan: Plan, groups: TargetGroup[], layout: Layout): string {
  const total = plan.changes.filter((c) => c.action !== 'noop').length;
  const out: string[] = [`### detctl plan for ${code(plan.env)}`, '', ...summaryTable(groups, plan.summary.replace > 0, (plan.summary.adopt ?? 0) > 0), ''];
  // At the top of the comment, where a reviewer cannot miss it.
  for (const m of plan.massDelete) out.push(`> [!WARNING]`, `> ${escapeText(massDeleteWarning(m))}`, '');
  if (layout.detailed < total) {
    const named = layout.named - layout.detailed;
    const omitted = total - layout.detailed - named;
    const what = omitted > 0 ? `${named} more ${named === 1 ? 'is' : 'are'} listed by name only and ${omitted} not listed` : `the other ${named} ${named === 1 ? 'is' : 'are'} listed by name only`;
    out.push('> [!NOTE]', `> ${layout.detailed} of ${total} changes are shown in full; ${what}, to keep this under ${layout.maxChars} characters. Every field of every change: ${code(`detctl plan --env ${plan.env} --format json`)}.`, '');
  }
  let index = 0;
  for (const group of groups) {
    const type = group.target ? ` (${group.target.type})` : '';
    out.push(`#### ${code(group.name)}${type}`, '');
    if (group.changes.length === 0) out.push('No changes.', '');
    let listed = 0;
    for (const change of group.changes) {
      if (index < layout.detailed) out.push(...changeItem(change));
      else if (index < layout.named) out.push(nameItem(change));
      else listed++;
      index++;
    }
    if (listed > 0) out.push(`- … and ${listed} more (in the JSON plan)`);
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

/** The Replace and Adopt columns only when a plan has replaces or adoptions, so that other plans read as before. */
function summaryTable(groups: TargetGroup[], replaces: boolean, adopts: boolean): string[] {
  const columns = ['Create', 'Update', ...(replaces ? ['Replace'] : []), 'Delete', 'Unchanged', ...(adopts ? ['Adopt'] : []), 'Collisions'];
  const rows = groups.map((g) => {
    const s = g.summary;
    const counts = [s.create, s.update, ...(replaces ? [s.replace] : []), s.delete, s.noop, ...(adopts ? [s.adopt ?? 0] : []), g.collisions.length];
    return `| ${code(g.name).replaceAll('|', '\\|')} | ${g.target?.type ?? ''} | ${counts.join(' | ')} |`;
  });
  return [`| Target | Type | ${columns.join(' | ')} |`, `|---|---|${columns.map(() => '--:').join('|')}|`, ...rows];
}

function changeItem(change: PlannedChange): string[] {
  const lines = [nameItem(change)];
  // As in the text plan: a delete is named, its pre-image stays in the JSON plan. A create shows
  // what it will search for; its other fields are the environment's settings, in the JSON plan.
  if (change.action === 'delete') return lines;
  const { fields, notes } = reviewFields(change);
  for (const field of fields) {
    if (change.action === 'create' && field.role !== 'query') continue;
    lines.push(...fieldItem(field));
  }
  for (const note of notes) lines.push(`  - ${escapeText(note)}`);
  return lines;
}

function nameItem(change: PlannedChange): string {
  const source = change.source ? ` — ${code(change.source)}` : '';
  const renamed = change.renamedFrom !== undefined ? ` (renamed from ${code(change.renamedFrom)})` : '';
  return `- **${change.action}** ${change.kind} ${code(change.id)}${renamed}${source}`;
}

const NOTE = { added: 'new', removed: 'removed' } as const;

function fieldItem(field: ReviewField): string[] {
  const view = fieldView(field, { lines: field.role === 'query' });
  if (view.style === 'lines' && field.role === 'query') {
    // The query is what a reviewer checks: never folded.
    const fence = fenceFor(view.lines);
    return [`  - ${code(view.path)}:`, '', `    ${fence}diff`, ...view.lines.map((line) => `    ${line}`), `    ${fence}`, ''];
  }
  return foldedItem(view);
}

function foldedItem(view: FieldView): string[] {
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
