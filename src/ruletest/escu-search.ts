// What of an ESCU detection's search can be tested on an event offline. Most ESCU searches are
// `| tstats … from datamodel=Endpoint.Processes where <condition> by <fields> | <macros>`: tstats
// keeps the data-model records for which the `where` condition holds (Splunk's tstats: "where
// <search-query>", the search language's own filter), and groups them. So a record — a test event
// written in the data model's field names (`Processes.process_name`) — is found by the detection
// when it passes that condition. What comes after (`drop_dm_object_name`, `security_content_ctime`,
// the `*_filter` macro, empty by default) renames, formats and filters by macros the evaluator
// cannot expand: not applied (docs/testing.md).

/** Where each character is outside a quoted string, for finding keywords in SPL text. */
function unquoted(text: string): boolean[] {
  const outside: boolean[] = [];
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote && c === '\\') {
      outside.push(false, false);
      i++;
      continue;
    }
    if (c === '"') quote = !quote;
    outside.push(!quote && c !== '"');
  }
  return outside;
}

/** The first whole word `word` outside quotes at or after `from`, or -1. */
function keyword(text: string, outside: boolean[], word: RegExp, from: number): number {
  const pattern = new RegExp(word.source, 'gi');
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) if (outside[m.index]) return m.index;
  return -1;
}

/**
 * The search an event must pass for the detection to find it: a `| tstats … where <condition>`
 * search's condition, as a search; any other search as written.
 */
export function testableEscuSearch(search: string): string {
  const text = search.trim();
  if (!/^\|\s*tstats\b/i.test(text)) return text;
  const outside = unquoted(text);
  const where = keyword(text, outside, /\bwhere\b/, 0);
  if (where < 0) return text;
  const start = where + 'where'.length;
  const ends = [keyword(text, outside, /\bby\b/, start), keyword(text, outside, /\|/, start)].filter((i) => i >= 0);
  return `search ${text.slice(start, ends.length > 0 ? Math.min(...ends) : text.length).trim()}`;
}
