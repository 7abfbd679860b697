// A Sigma rule into queries of one language: one query per condition, after the field mapping.
import type { SigmaRule } from '../rules/sigma/model.js';
import { applyMapping, loadMapping, type MappingName } from './mappings/apply-mapping.js';
import type { CompileOptions, QueryLanguage } from './query-language.js';
import { renderQuery } from './text-compiler.js';
import { lucene } from './lucene.js';
import { spl } from './spl.js';
import type { LanguageName } from './language-names.js';

export const LANGUAGES = { lucene, spl } satisfies Record<LanguageName, QueryLanguage>;
export type { LanguageName };

export interface RuleCompileOptions extends CompileOptions {
  mapping?: MappingName;
}

/** Throws a DiagnosticError (with the offending line) when the language cannot express the rule. */
export function compileRule(rule: SigmaRule, language: LanguageName, options: RuleCompileOptions = {}): string[] {
  const mapping = options.mapping ? loadMapping(options.mapping) : undefined;
  return rule.conditions.map((condition) => {
    const query = mapping ? applyMapping(mapping, rule.logsource, condition) : condition;
    return renderQuery(LANGUAGES[language], query, options);
  });
}
