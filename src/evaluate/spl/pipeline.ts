// A search as Splunk runs it: stages separated by `|` (outside quoted strings), each a command
// applied to the events the stage before it kept (Search Manual, "Anatomy of a search"). The
// first stage is the search command's expression; after it, the commands detctl emits (its
// compile/spl.ts STAGE table), one entry each in COMMANDS:
// - `search <expression>` and `where <eval-expression>` keep the events their test passes;
// - `regex [field](=|!=)"<pcre>"` keeps the events a field's value matches (or, with `!=`, does
//   not: an event without the field has nothing that matches, so `!=` keeps it);
// - `rex [field=<field>] "<pcre with named groups>"` sets the named groups' fields from the first
//   match (Search Reference, "rex"; field default `_raw`), and sets nothing without one;
// - `eval <field>=<expression>[, …]` sets fields (a null result removes the field).
import { QuerySyntaxError } from '../types.js';
import { fieldValues, keywordTexts, type WorkEvent } from './event-fields.js';
import { parseAssignments, parseExpression } from './eval-parse.js';
import { assign, checkExpression, evaluate } from './eval-run.js';
import { pcreToRegExp } from './pcre.js';
import { parseSearchExpression, readQuoted } from './search-parse.js';
import { compileSearchNode, type Outcome } from './search-match.js';

export interface Stage {
  /** A filter's verdict on the event; a stage that only sets fields returns undefined. */
  run(event: WorkEvent): Outcome | undefined;
}

type StageCompiler = (args: string, base: number, source: string) => Stage['run'];

/** The texts a regex or rex runs on: `_raw` is the raw text as keywords see it. */
function regexTexts(event: WorkEvent, field: string): string[] {
  return field === '_raw' ? keywordTexts(event) : fieldValues(event, field);
}

/** `[field](=|!=)"pcre"` or `"pcre"` (regex) / `field=F "pcre"` (rex): the parts, at their offsets. */
function quotedRegex(text: string, at: number, base: number): { regex: RegExp; next: number } {
  if (text[at] !== '"') throw new QuerySyntaxError('expected a double-quoted regular expression', base + at);
  const { value, next } = readQuoted(text, at, base);
  return { regex: pcreToRegExp(value, base + at), next };
}

function expectEnd(text: string, at: number, base: number): void {
  const rest = text.slice(at);
  if (rest.trim() !== '') throw new QuerySyntaxError(`unexpected '${rest.trim()}'`, base + at + (rest.length - rest.trimStart().length));
}

const COMMANDS: Readonly<Record<string, StageCompiler>> = {
  search(args, base, source) {
    return compileSearchNode(parseSearchExpression(args, base), source);
  },

  where(args, base, source) {
    const expr = parseExpression(args, base);
    checkExpression(expr);
    return (event) => {
      const { value, decidedBy } = evaluate(expr, { event, source });
      return { matched: value === true, decidedBy };
    };
  },

  regex(args, base) {
    const head = /^\s*(?:([^\s=!"]+)\s*(!=|=)\s*)?/.exec(args) ?? [''];
    const [prefix, field = '_raw', op = '='] = head;
    const { regex, next } = quotedRegex(args, prefix.length, base);
    expectEnd(args, next, base);
    const decidedBy = `regex ${args.trim()}`;
    return (event) => {
      const found = regexTexts(event, field).some((v) => regex.test(v));
      return { matched: op === '=' ? found : !found, decidedBy };
    };
  },

  rex(args, base) {
    const head = /^\s*(?:field\s*=\s*([^\s"]+)\s+)?/.exec(args) ?? [''];
    const [prefix, field = '_raw'] = head;
    const { regex, next } = quotedRegex(args, prefix.length, base);
    expectEnd(args, next, base);
    if (!/\(\?P?<[A-Za-z_]/.test(regex.source)) throw new QuerySyntaxError('rex needs a named group to extract', base + prefix.length);
    return (event) => {
      for (const value of regexTexts(event, field)) {
        const groups = regex.exec(value)?.groups;
        if (!groups) continue;
        for (const [name, extracted] of Object.entries(groups)) if (extracted !== undefined) event[name] = extracted;
        break;
      }
      return undefined;
    };
  },

  eval(args, base, source) {
    const assignments = parseAssignments(args, base);
    for (const a of assignments) checkExpression(a.expr);
    return (event) => {
      for (const a of assignments) assign(event, a.field, evaluate(a.expr, { event, source }).value);
      return undefined;
    };
  },
};

/** The stages' texts and offsets: split at each `|` outside a double-quoted string. */
function splitStages(search: string): { text: string; start: number }[] {
  const stages: { text: string; start: number }[] = [];
  let start = 0;
  let openQuote = -1;
  for (let i = 0; i < search.length; i++) {
    const c = search[i];
    if (openQuote >= 0 && c === '\\') i++;
    else if (c === '"') openQuote = openQuote >= 0 ? -1 : i;
    else if (c === '|' && openQuote < 0) {
      stages.push({ text: search.slice(start, i), start });
      start = i + 1;
    }
  }
  if (openQuote >= 0) throw new QuerySyntaxError('unterminated quoted string', openQuote);
  stages.push({ text: search.slice(start), start });
  return stages;
}

export function compileStages(search: string): Stage[] {
  return splitStages(search).map(({ text, start }, index) => {
    const leading = text.length - text.trimStart().length;
    const body = text.trim();
    const at = start + leading;
    if (body === '') throw new QuerySyntaxError(index === 0 ? 'empty search' : 'empty pipeline stage', at);
    // The first stage is the search command, its name implied (Search Manual, "Search command
    // primer"), though it may be written.
    const named = /^([a-z]+)(?=\s|$)/.exec(body);
    const implied = index === 0 && named?.[1] !== 'search';
    const command = implied ? 'search' : named?.[1];
    const argsAt = implied ? 0 : (named?.[0].length ?? 0);
    const compiler = command === undefined ? undefined : COMMANDS[command];
    if (!compiler) throw new QuerySyntaxError(`unsupported command '${body.split(/\s/)[0]}' (supported: ${Object.keys(COMMANDS).join(', ')})`, at);
    return { run: compiler(body.slice(argsAt), at + argsAt, search) };
  });
}
