// The names of the query languages, without the compilers: what the command line offers (`convert
// --to`) without loading them. compile-rule.ts holds the compilers under these names.
export type LanguageName = 'lucene' | 'spl';
export const LANGUAGE_NAMES: LanguageName[] = ['lucene', 'spl'];
