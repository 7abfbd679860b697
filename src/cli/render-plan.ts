// The plan in the format a user asked for.
import type { Plan } from '../plan/model.js';
import { renderPlanJson } from '../plan/render-json.js';
import { renderPlanMarkdown } from '../plan/render-markdown.js';
import { renderPlanText } from '../plan/render-text.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

export function renderPlan(plan: Plan, format: PlanFormat, options: { color: boolean; quiet?: boolean; verbose?: boolean; maxChars?: number }): string {
  if (format === 'json') return renderPlanJson(plan);
  if (format === 'markdown') return renderPlanMarkdown(plan, options.maxChars !== undefined ? { maxChars: options.maxChars } : {});
  return renderPlanText(plan, { color: options.color, verbose: options.verbose === true, summaryOnly: options.quiet === true });
}
