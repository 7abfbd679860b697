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
import { LANGUAGE_NAMES, type LanguageName } from '../compile/language-names.js';
import { MAPPING_NAMES } from '../compile/mappings/mapping-names.js';
import type { ConvertSettings } from './convert-file.js';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir, rulePaths, type ProjectOptions } from './rule-paths.js';

/**
 * Characters of stdout written at a time (convert's output over SigmaHQ is 2–4 MB): far fewer
 * writes than one per file, each a system call (one per file was ~60 ms of a run over SigmaHQ).
 * Each write is complete when it returns (process-main.ts, writeAll), and what is pending goes out
 * before a file's errors, so stdout and stderr keep their order per file on one file or pipe (2>&1).
 */
const OUTPUT_PIECE = 16 * 1024;

interface ConvertOptions extends ProjectOptions, ConvertSettings {}

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
      const [{ convertFiles, tuneForBulk, workerCount }, { discoverRuleFiles }] = await Promise.all([import('./convert-files.js'), import('../rules/discover.js')]);
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
      const workers = workerCount(io.env, files.length);
      if (typeof workers !== 'number') {
        io.err(`error: ${workers.problem}\n`);
        return setExit(1);
      }
      printDiagnostics(io, diagnostics);
      await tuneForBulk(files.length);
      // Each file is read, parsed, converted and dropped (convert-files.ts, on every core for a
      // large input): only the text to print is kept, and printed in input order at the end.
      const { to, mapping, keywordSuffix, caseInsensitive, format } = options;
      const { outputs: printed } = await convertFiles(files, { to, mapping, keywordSuffix, caseInsensitive, format }, workers);
      let failed = diagnostics.length > 0;
      // stdout in pieces of many files (OUTPUT_PIECE), what is pending written before each error.
      let pending = '';
      for (const p of printed) {
        if (p.out) pending += p.out;
        if (p.err || pending.length >= OUTPUT_PIECE) {
          if (pending) io.out(pending);
          pending = '';
        }
        if (p.err) io.err(p.err);
        failed ||= p.failed;
      }
      if (pending) io.out(pending);
      setExit(failed ? 1 : 0);
    });
}
