// `detctl convert --to lucene|spl [--mapping NAME] [--format text|jsonl] PATH...`: print queries.
import { Option, type Command } from 'commander';
import { diagnostic, diagnosticsOf, type Diagnostic } from '../diagnostics.js';
import { LANGUAGE_NAMES, type LanguageName } from '../compile/language-names.js';
import { MAPPING_NAMES, type MappingName } from '../compile/mappings/mapping-names.js';
import { printDiagnostics, type CliIO } from './io.js';
import { projectDir, rulePaths, type ProjectOptions } from './rule-paths.js';

interface ConvertOptions extends ProjectOptions {
  to: LanguageName;
  mapping?: MappingName;
  keywordSuffix?: string;
  caseInsensitive?: boolean;
  format: 'text' | 'jsonl';
}

export function registerConvert(program: Command, io: CliIO, setExit: (code: number) => void): Command {
  return program
    .command('convert')
    .description('compile Sigma rules into Lucene query_string or Splunk SPL queries')
    .addOption(new Option('--to <language>', 'query language').choices(LANGUAGE_NAMES).makeOptionMandatory())
    .addOption(new Option('--mapping <name>', 'field mapping to apply').choices(MAPPING_NAMES))
    .option('--keyword-suffix <suffix>', 'append to fields of wildcard and regex terms, e.g. .keyword (--to lucene only)')
    .option('--case-insensitive', "strings match regardless of case, as Sigma means them: written as regexes (--to lucene; SPL's search ignores case already)")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'jsonl']).default('text'))
    .argument('[paths...]', 'rule files or folders (default: rules/)')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      // Loaded here, not at start-up: `detctl --help` and the other commands do not pay for them.
      const [{ compileRule }, { discoverRuleFiles }, { loadRuleFiles }] = await Promise.all([import('../compile/compile-rule.js'), import('../rules/discover.js'), import('../rules/load-rules.js')]);
      const options = command.optsWithGlobals<ConvertOptions>();
      if (options.keywordSuffix !== undefined && options.to !== 'lucene') {
        io.err(`error: --keyword-suffix applies to --to lucene only (SPL fields have no keyword sub-field); drop it or use --to lucene\n`);
        return setExit(1);
      }
      if (options.caseInsensitive && options.to !== 'lucene') {
        io.err(`error: --case-insensitive applies to --to lucene only (SPL's search ignores case in values already); drop it or use --to lucene\n`);
        return setExit(1);
      }
      const cwd = projectDir(io, options);
      const { files, diagnostics } = discoverRuleFiles(rulePaths(paths), cwd);
      printDiagnostics(io, diagnostics);
      let failed = diagnostics.length > 0;
      for (const loaded of loadRuleFiles(files)) {
        let queries: string[] | undefined;
        let problems: Diagnostic[] = loaded.diagnostics;
        const rule = loaded.rule;
        if (rule?.kind === 'escu') {
          // An ESCU detection is already SPL: shown as it is, and it has no Lucene form.
          if (options.to === 'spl') queries = [rule.search.replace(/\n+$/, '')];
          else problems = [diagnostic('convert-escu', 'an ESCU detection is a Splunk search; it converts only to spl', rule.keyLocations.search ?? rule.loc)];
        } else if (rule) {
          try {
            queries = compileRule(rule, options.to, { mapping: options.mapping, keywordSuffix: options.keywordSuffix, caseInsensitive: options.caseInsensitive });
          } catch (error) {
            problems = diagnosticsOf(error);
          }
        }
        const path = loaded.file.path;
        const id = loaded.rule?.id ?? loaded.id;
        if (queries && rule) {
          const title = rule.kind === 'escu' ? rule.name : rule.title;
          if (options.format === 'jsonl') io.out(JSON.stringify({ path, id, title, queries }) + '\n');
          else io.out(`# ${path}: ${title}\n${queries.join('\n\n')}\n\n`);
          continue;
        }
        failed = true;
        if (options.format === 'jsonl') {
          const first = problems[0];
          const error = { message: first.message, line: first.location?.line, column: first.location?.column };
          io.out(JSON.stringify({ path, ...(id ? { id } : {}), error }) + '\n');
        }
        printDiagnostics(io, problems);
      }
      setExit(failed ? 1 : 0);
    });
}
