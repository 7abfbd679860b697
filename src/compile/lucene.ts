// Elasticsearch query_string (Lucene) as a table for the shared walk. Values are escaped, not
// quoted; every nested boolean group is parenthesised (query_string's precedence is surprising).
// Its regex dialect is code of its own (lucene-regex.ts).
import type { QueryLanguage } from './query-language.js';
import { luceneRegex } from './lucene-regex.js';

const NOT_EXISTS = 'NOT _exists_:{field}';

export const lucene: QueryLanguage = {
  name: 'lucene',
  tokens: { and: ' AND ', or: ' OR ', not: 'NOT ' },
  precedence: ['not', 'or', 'and'],
  groupAlways: true,
  group: '({expr})',

  fields: { escape: { char: '\\', chars: /[\s*]/g } },
  // query_string's reserved characters (and space); a term cannot be empty, so `""` stands for ''.
  strings: { escape: { char: '\\', chars: /[+\-=&|!(){}[\]<>^"~*?:\\/ ]/g }, quote: { char: '"', when: /^$/ }, wildcards: { '*': '*', '?': '?' } },
  booleans: { true: 'true', false: 'false' },
  compareOperators: { lt: '<', lte: '<=', gt: '>', gte: '>=' },
  regex: luceneRegex,
  // Text fields are analysed into tokens, so wildcards and regexes must meet the keyword field.
  patternsOnKeywordField: true,
  // Keyword fields compare bytes: `CommandLine:*reg*` misses `REG ADD` (KeywordFieldMapper, no normalizer).
  casedStrings: true,

  fieldTerms: {
    eq: '{field}:{value}',
    null: NOT_EXISTS,
    notNull: '_exists_:{field}',
    exists: '_exists_:{field}',
    notExists: NOT_EXISTS,
    // The CIDR is escaped as a value: its `/` and IPv6's `:` are query_string syntax.
    cidr: '{field}:{value}',
    compare: '{field}:{op}{value}',
    regex: '{field}:/{regex}/',
    fieldref: {
      unsupported: 'query_string cannot compare two fields ({field} with {other})',
      hint: 'Lucene has no field-to-field comparison; use the SPL target or an ES|QL/painless rule',
    },
  },
  unboundTerms: { string: '*{value}*', number: '{value}', bool: '{value}', regex: '/{regex}/' },
  cased: {
    unsupported: 'query_string cannot match case-sensitively (|cased)',
    hint: 'drop |cased for this target, or match a keyword field, which is case-sensitive',
  },
  inList: { template: '{field}:({list})', separator: ' OR ' },
  expansion: 'list',
  // `NOT _exists_:F` is a negation in disguise: keep it apart from its neighbours.
  groupedTerms: ['null'],
};
