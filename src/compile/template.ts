// Fills a language table's templates. One pass, so text that a placeholder brings in (a regex with
// `{1,3}`, a value with braces) is never read as a placeholder itself.
import type { Template } from './query-language.js';

export function fill(template: Template, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    // A table naming a placeholder its term kind does not have is a bug in the table, not the rule.
    if (value === undefined) throw new Error(`template ${JSON.stringify(template)} has no value for {${name}}`);
    return value;
  });
}
