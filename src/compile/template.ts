// Fills a language table's templates. One pass, so text that a placeholder brings in (a regex with
// `{1,3}`, a value with braces) is never read as a placeholder itself.
import type { Template } from './query-language.js';

export function fill(template: Template, values: Readonly<Record<string, string>>): string {
  // The template split once at its placeholders (text, name, text, name, …, text), then joined
  // with the values: fill runs for every term of every rule, and a replace() with a function
  // called it once per placeholder (a few per cent of a convert over SigmaHQ, cold).
  const pieces = piecesOf(template);
  let text = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) {
    const value = values[pieces[i]!];
    // A table naming a placeholder its term kind does not have is a bug in the table, not the rule.
    if (value === undefined) throw new Error(`template ${JSON.stringify(template)} has no value for {${pieces[i]}}`);
    text += value + pieces[i + 1]!;
  }
  return text;
}

/** The few templates of the language tables, split: split() with a capturing group gives the names at the odd indexes. */
const split = new Map<string, string[]>();

function piecesOf(template: Template): string[] {
  let pieces = split.get(template);
  if (!pieces) split.set(template, (pieces = template.split(/\{(\w+)\}/)));
  return pieces;
}
