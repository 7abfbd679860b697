// A Sigma rule into queries of one language: one query per condition, after the field mapping.
// A correlation is one query over the queries of the rules it names (spl-correlation.ts); Lucene
// has no form for it (the Watcher target renders it as a watch: targets/elasticsearch/correlation-watch.ts).
import { fail } from '../diagnostics.js';
import type { SigmaRule } from '../rules/sigma/model.js';
import type { SigmaCorrelation } from '../rules/sigma/correlation-model.js';
import { applyMapping, loadMapping, type MappingName } from './mappings/apply-mapping.js';
import type { CompileOptions, QueryLanguage } from './query-language.js';
import { renderQuery } from './text-compiler.js';
import { lucene } from './lucene.js';
import { spl } from './spl.js';
import { splCorrelation } from './spl-correlation.js';
import type { LanguageName } from './language-names.js';

export const LANGUAGES = { lucene, spl } satisfies Record<LanguageName, QueryLanguage>;
export type { LanguageName };

export interface RuleCompileOptions extends CompileOptions {
  mapping?: MappingName;
}

/** Throws a DiagnosticError (with the offending line) when the language cannot express the rule. */
export function compileRule(rule: SigmaRule | SigmaCorrelation, language: LanguageName, options: RuleCompileOptions = {}): string[] {
  if (rule.kind === 'sigma-correlation') return [compileCorrelation(rule, language, options)];
  const mapping = options.mapping ? loadMapping(options.mapping) : undefined;
  return rule.conditions.map((condition) => {
    const query = mapping ? applyMapping(mapping, rule.logsource, condition) : condition;
    return renderQuery(LANGUAGES[language], query, options);
  });
}

function compileCorrelation(correlation: SigmaCorrelation, language: LanguageName, options: RuleCompileOptions): string {
  if (language === 'lucene') {
    fail(
      'convert-correlation',
      'Lucene query_string has no aggregation; a correlation deploys to Watcher as a watch with aggregations (see it with detctl build)',
      correlation.keyLocations.correlation ?? correlation.loc,
      'convert it with --to spl',
    );
  }
  return splCorrelation(correlation, (rule) => compileRule(rule, language, options));
}
