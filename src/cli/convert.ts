// `detctl convert --to lucene|spl|lucene,spl [--mapping NAME] [--format text|jsonl] PATH...`:
// print queries. Each file is read and parsed once, then compiled for every language asked for.
//
// Output with one language (unchanged since it was the only form):
//   jsonl  {"path","id","title","queries":[…]} per file, or {"path","id"?,"error":{message,line,column}}
//   text   `# path: title`, the queries separated by blank lines, a blank line
// With several languages, one line (jsonl) or one block (text) per file still:
//   jsonl  {"path","id","title","queries":{"lucene":[…],"spl":[…]}}, plus "errors":{"<language>":{…}}
//          for the languages a rule does not convert to (then without them in "queries"); a file
//          that does not load at all is the one-language error line
//   text   `# path: title`, then per language that converted `## <language>` and its queries
// Problems go to stderr as diagnostics (with several languages, each message says which one) and
// make the exit code 1.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { diagnostic, diagnosticsOf, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { LANGUAGE_NAMES, type LanguageName } from '../compile/language-names.js';
import { MAPPING_NAMES, type MappingName } from '../compile/mappings/mapping-names.js';
import type { LoadedFile, Rule } from '../rules/load-rules.js';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir, rulePaths, type ProjectOptions } from './rule-paths.js';

interface ConvertOptions extends ProjectOptions {
  to: LanguageName[];
  mapping?: MappingName;
  keywordSuffix?: string;
  caseInsensitive?: boolean;
  format: 'text' | 'jsonl';
}

type CompileRule = typeof import('../compile/compile-rule.js').compileRule;

/** One language's result for one rule: its queries, or why there are none. */
type Converted = { queries: string[] } | { problems: Diagnostic[] };

/** `lucene`, `spl` or a comma list of them (each once), in the order given. */
export function parseLanguages(value: string): LanguageName[] {
  const names = value.split(',').map((n) => n.trim());
  for (const name of names) {
    if (!(LANGUAGE_NAMES as string[]).includes(name)) throw new InvalidArgumentError(`Allowed choices are ${LANGUAGE_NAMES.join(', ')}, or several as ${LANGUAGE_NAMES.join(',')}.`);
  }
  if (new Set(names).size !== names.length) throw new InvalidArgumentError('A language is named twice.');
  return names as LanguageName[];
}

export function registerConvert(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('convert')
    .description('compile Sigma rules into Lucene query_string or Splunk SPL queries')
    .addOption(new Option('--to <languages>', `query language, or several with one parse: ${LANGUAGE_NAMES.join(', ')}, ${LANGUAGE_NAMES.join(',')}`).argParser(parseLanguages).makeOptionMandatory())
    .addOption(new Option('--mapping <name>', 'field mapping to apply').choices(MAPPING_NAMES))
    .option('--keyword-suffix <suffix>', 'append to fields of wildcard and regex terms, e.g. .keyword (--to lucene only)')
    .option('--case-insensitive', "strings match regardless of case, as Sigma means them: written as regexes (--to lucene; SPL's search ignores case already)")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'jsonl']).default('text'))
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      // Loaded here, not at start-up: `detctl --help` and the other commands do not pay for them.
      const [{ compileRule }, { discoverRuleFiles }, { forEachRuleFile }] = await Promise.all([import('../compile/compile-rule.js'), import('../rules/discover.js'), import('../rules/load-rules.js')]);
      const options = command.optsWithGlobals<ConvertOptions>();
      if (options.keywordSuffix !== undefined && !options.to.includes('lucene')) {
        io.err(`error: --keyword-suffix applies to --to lucene only (SPL fields have no keyword sub-field); drop it or use --to lucene\n`);
        return setExit(1);
      }
      if (options.caseInsensitive && !options.to.includes('lucene')) {
        io.err(`error: --case-insensitive applies to --to lucene only (SPL's search ignores case in values already); drop it or use --to lucene\n`);
        return setExit(1);
      }
      const cwd = projectDir(io, options);
      const { files, diagnostics } = discoverRuleFiles(rulePaths(paths), cwd);
      printDiagnostics(io, diagnostics);
      // One file at a time (forEachRuleFile): only the text to print is kept. A file of several
      // documents (Sigma rules and a correlation) prints each in turn.
      const printed: FileOutput[] = [];
      forEachRuleFile(files, (index, documents) => {
        const outputs = documents.map((loaded) => convertFile(compileRule, loaded, options));
        printed[index] = { out: outputs.map((o) => o.out).join(''), err: outputs.map((o) => o.err).join(''), failed: outputs.some((o) => o.failed) };
      });
      let failed = diagnostics.length > 0;
      for (const p of printed) {
        if (p.out) io.out(p.out);
        if (p.err) io.err(p.err);
        failed ||= p.failed;
      }
      setExit(failed ? 1 : 0);
    });
}

/** What one file prints: on stdout, on stderr (its diagnostics), and whether it failed. */
interface FileOutput {
  out: string;
  err: string;
  failed: boolean;
}

function convertFile(compileRule: CompileRule, loaded: LoadedFile, options: ConvertOptions): FileOutput {
  const path = loaded.file.path;
  const rule = loaded.rule;
  const id = rule?.id ?? loaded.id;
  const jsonl = options.format === 'jsonl';
  const errText = (problems: Diagnostic[]) => problems.map((d) => formatDiagnostic(d) + '\n').join('');
  if (!rule) {
    return { out: jsonl ? JSON.stringify({ path, ...(id ? { id } : {}), error: errorOf(loaded.diagnostics) }) + '\n' : '', err: errText(loaded.diagnostics), failed: true };
  }
  // A native watch or saved search (docs/import.md) is in its server's form already: nothing to
  // convert, and no reason to fail a folder that holds imported files.
  if (rule.kind === 'native-watch' || rule.kind === 'native-saved-search') return { out: '', err: '', failed: false };
  const title = rule.kind === 'escu' ? rule.name : rule.title;
  const results = options.to.map((language) => [language, convertRule(compileRule, rule, language, options)] as const);
  if (results.length === 1) {
    // One language: exactly the output convert has always printed.
    const [, result] = results[0]!;
    if ('queries' in result) return { out: jsonl ? JSON.stringify({ path, id, title, queries: result.queries }) + '\n' : `# ${path}: ${title}\n${result.queries.join('\n\n')}\n\n`, err: '', failed: false };
    return { out: jsonl ? JSON.stringify({ path, ...(id ? { id } : {}), error: errorOf(result.problems) }) + '\n' : '', err: errText(result.problems), failed: true };
  }
  const converted = results.flatMap(([language, r]) => ('queries' in r ? [[language, r.queries] as const] : []));
  const problems = results.flatMap(([language, r]) => ('problems' in r ? [[language, r.problems] as const] : []));
  let out = '';
  if (jsonl) {
    const errors = problems.length > 0 ? { errors: Object.fromEntries(problems.map(([language, p]) => [language, errorOf(p)])) } : {};
    out = JSON.stringify({ path, id, title, queries: Object.fromEntries(converted), ...errors }) + '\n';
  } else if (converted.length > 0) {
    out = `# ${path}: ${title}\n${converted.map(([language, queries]) => `## ${language}\n${queries.join('\n\n')}\n`).join('\n')}\n`;
  }
  // With several languages each message says which one failed.
  const err = problems.map(([language, p]) => errText(p.map((d) => ({ ...d, message: `${language}: ${d.message}` })))).join('');
  return { out, err, failed: problems.length > 0 };
}

/** One rule in one language. An ESCU detection is already SPL: shown as it is, with no Lucene form. */
function convertRule(compileRule: CompileRule, rule: Rule, language: LanguageName, options: ConvertOptions): Converted {
  if (rule.kind === 'escu') {
    if (language === 'spl') return { queries: [rule.search.replace(/\n+$/, '')] };
    return { problems: [diagnostic('convert-escu', 'an ESCU detection is a Splunk search; it converts only to spl', rule.keyLocations.search ?? rule.loc)] };
  }
  if (rule.kind === 'native-watch' || rule.kind === 'native-saved-search') return { queries: [] }; // skipped by convertFile
  try {
    // --keyword-suffix and --case-insensitive are for Lucene only (checked above when no Lucene is asked for).
    const lucene = language === 'lucene';
    return { queries: compileRule(rule, language, { mapping: options.mapping, keywordSuffix: lucene ? options.keywordSuffix : undefined, caseInsensitive: lucene ? options.caseInsensitive : undefined }) };
  } catch (error) {
    return { problems: diagnosticsOf(error) };
  }
}

/** The jsonl form of a failure: the first problem's message and where it is. */
function errorOf(problems: Diagnostic[]): { message: string; line?: number; column?: number } {
  const first = problems[0];
  return { message: first.message, line: first.location?.line, column: first.location?.column };
}
