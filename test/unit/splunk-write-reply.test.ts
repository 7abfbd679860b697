// A write's reply is parsed with each entry's `content` left for later (parseWriteReply): what
// any reader sees must be exactly what JSON.parse gives, and text of another shape (or not JSON)
// is parsed whole, as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWriteReply } from '../../src/targets/splunk/splunk-transport.js';

/** JSON.parse's answer, or its error message. */
function parsed(text: string, parse: (t: string) => unknown): unknown {
  try {
    return JSON.stringify(parse(text));
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const REPLY = JSON.stringify({
  links: { create: '/servicesNS/nobody/search/saved/searches/_new' },
  entry: [
    {
      name: 'Sigma - a "content": {} in the name',
      acl: { app: 'search', owner: 'nobody', sharing: 'app', perms: { read: ['*'], write: ['admin', 'power'] } },
      content: { search: 'index=main "content":{"x":[1]} \\ \u00e9 \u0001', 'alert.severity': 3, 'dispatch.earliest_time': '-1h', disabled: false, 'alert.suppress': null, 'auto_summarize.max_summary_ratio': 0.1, 'eai:acl': null },
    },
  ],
  paging: { total: 1, perPage: 30, offset: 0 },
  messages: [],
});

test('a create reply: equal to JSON.parse, its content parsed only when read, and read as JSON.parse reads it', () => {
  const data = parseWriteReply(REPLY) as { entry: Record<string, unknown>[] };
  const entry = data.entry[0];
  assert.equal(typeof Object.getOwnPropertyDescriptor(entry, 'content')?.get, 'function', 'content is not parsed yet');
  assert.deepEqual(entry.acl, (JSON.parse(REPLY) as typeof data).entry[0].acl);
  assert.deepEqual(data, JSON.parse(REPLY));
  assert.deepEqual(Object.keys(entry), ['name', 'acl', 'content'], 'key order kept');
  assert.equal(Object.getOwnPropertyDescriptor(entry, 'content')?.value, entry.content, 'parsed once, then a plain value');
  assert.equal(JSON.stringify(parseWriteReply(REPLY)), JSON.stringify(JSON.parse(REPLY)));
  const written = parseWriteReply(REPLY) as { entry: Record<string, unknown>[] };
  written.entry[0].content = 'replaced';
  assert.equal(written.entry[0].content, 'replaced');
});

test('texts of another shape, or not JSON, parse (or fail) exactly as JSON.parse', () => {
  const cases = [
    '{"entry":[{"content":{"a":1,"a":2}}]}',
    '{"entry":[{"content":{"a":[1],"b":{"c":2}}}]}',
    '{"entry":[{"content":{"a":1},"content":{"b":2}}]}',
    '{"entry":[{"c\\u006fntent":{"a":1},"content":{"b":2}}]}',
    '{"entry":[{"name":"x","content":{"a":"\\u0041"}},{"content":{}}],"entry":[]}',
    '{"entry":[1,{"content":{"b":true}}, {"content" :  { "c" : null } }]}',
    '{"entry":[{"content":{"a":01}}]}',
    '{"entry":[{"content":{"a":"tab\there"}}]}',
    '{"entry":[{"content":{"a":1}}]',
    '{"entry":[{"content":{"a":1}}]} x',
    '{"messages":[{"type":"ERROR","text":"Argument \\"x\\" is not supported by this handler."}]}',
    '[{"content":{"a":1}}]',
    '{"x":{"entry":[{"content":{"a":1}}]}}',
    '',
    'not json',
  ];
  for (const text of cases) assert.equal(parsed(text, parseWriteReply), parsed(text, JSON.parse), text);
});
