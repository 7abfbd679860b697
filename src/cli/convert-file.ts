// What `detctl convert` prints for one rule file (convert.ts describes the output), shared by the
// command and its worker threads (convert-files.ts): a file is loaded and converted where it is
// taken, and only the text to print travels back.
import { diagnostic, diagnosticsOf, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { compileRule } from '../compile/compile-rule.js';
import type { LanguageName } from '../compile/language-names.js';
import type { MappingName } from '../compile/mappings/mapping-names.js';
import { loadFileAlone, type FileKeys, type LoadedFile, type Rule } from '../rules/load-rules.js';
import type { RuleFile } from '../rules/discover.js';
import type { NativeRule } from '../rules/native/model.js';

/** The options of `convert` that decide what a file prints (plain data: they are sent to the worker threads). */
export interface ConvertSettings {
  to: LanguageName[];
  mapping?: MappingName;
  keywordSuffix?: string;
  caseInsensitive?: boolean;
  format: 'text' | 'jsonl';
}

/** What one file prints: on stdout, on stderr (its diagnostics), and whether it failed. */
export interface FileOutput {
  out: string;
  err: string;
  failed: boolean;
}

/** One file loaded on its own: its output when that is final (loadFileAlone), and the keys the checks across files need. */
export interface FileResult {
  output?: FileOutput;
  keys: FileKeys;
}

/** One language's result for one rule: its queries, or why there are none. */
type Converted = { queries: string[] } | { problems: Diagnostic[] };

/** `text`: the file's content when it was read already (read-ahead.ts); otherwise it is read here. */
export function convertAlone(file: RuleFile, settings: ConvertSettings, text?: string): FileResult {
  const { documents, keys, alone } = loadFileAlone(file, text);
  return alone ? { output: convertDocuments(documents, settings), keys } : { keys };
}

/** A file of several documents (Sigma rules and a correlation) prints each in turn. */
export function convertDocuments(documents: LoadedFile[], settings: ConvertSettings): FileOutput {
  const outputs = documents.map((loaded) => convertDocument(loaded, settings));
  return { out: outputs.map((o) => o.out).join(''), err: outputs.map((o) => o.err).join(''), failed: outputs.some((o) => o.failed) };
}

function convertDocument(loaded: LoadedFile, options: ConvertSettings): FileOutput {
  const path = loaded.file.path;
  const rule = loaded.rule;
  const id = rule?.id ?? loaded.id;
  const jsonl = options.format === 'jsonl';
  const errText = (problems: Diagnostic[]) => problems.map((d) => formatDiagnostic(d) + '\n').join('');
  // A Sigma filter among the rules has no query of its own (an environment applies it to rules).
  if (loaded.filter) return { out: '', err: '', failed: false };
  if (!rule) {
    return { out: jsonl ? JSON.stringify({ path, ...(id ? { id } : {}), error: errorOf(loaded.diagnostics) }) + '\n' : '', err: errText(loaded.diagnostics), failed: true };
  }
  // A native watch or saved search (docs/import.md) is in its server's form already: nothing to
  // convert, and no reason to fail a folder that holds imported files.
  if (rule.kind === 'native-watch' || rule.kind === 'native-saved-search') return { out: '', err: '', failed: false };
  const title = rule.kind === 'escu' ? rule.name : rule.title;
  const results = options.to.map((language) => [language, convertRule(rule, language, options)] as const);
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
function convertRule(rule: Exclude<Rule, NativeRule>, language: LanguageName, options: ConvertSettings): Converted {
  if (rule.kind === 'escu') {
    if (language === 'spl') return { queries: [rule.search.replace(/\n+$/, '')] };
    return { problems: [diagnostic('convert-escu', 'an ESCU detection is a Splunk search; it converts only to spl', rule.keyLocations.search ?? rule.loc)] };
  }
  try {
    // --keyword-suffix and --case-insensitive are for Lucene only (convert.ts refuses them when no Lucene is asked for).
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
