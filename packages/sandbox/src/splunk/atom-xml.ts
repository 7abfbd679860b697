// What splunkd answers without output_mode=json: Atom XML, with `s:dict`/`s:list` for content.
// Minimal but well-formed, so a client that forgot output_mode gets XML (as from the real
// server) instead of JSON it would wrongly rely on.
import { isObject, type Json } from '../json.js';
import { SPLUNK_BUILD, SPLUNK_VERSION, type Feed, type SplunkBody } from './feed.js';

export function renderXml(body: SplunkBody): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (body.kind === 'messages') {
    const msgs = body.messages.map((m) => `    <msg type="${m.type}"${m.code ? ` code="${escape(m.code)}"` : ''}>${escape(m.text)}</msg>`).join('\n');
    return `${head}<response>\n  <messages>\n${msgs}\n  </messages>\n</response>\n`;
  }
  if (body.kind === 'value') {
    const root = body.xmlRoot ?? 'response';
    const inner = isObject(body.value)
      ? Object.entries(body.value).map(([k, v]) => `  <${k}>${escape(scalar(v))}</${k}>`).join('\n')
      : `  ${escape(scalar(body.value))}`;
    return `${head}<${root}>\n${inner}\n</${root}>\n`;
  }
  return head + feedXml(body.feed);
}

function feedXml(feed: Feed): string {
  const entries = feed.entries
    .map(
      (e) => `  <entry>
    <title>${escape(e.name)}</title>
    <id>${escape(e.id)}</id>
    <updated>${e.updated}</updated>
${Object.entries(e.links).map(([rel, href]) => `    <link href="${escape(href)}" rel="${rel}"/>`).join('\n')}
    <author>
      <name>${escape(e.author)}</name>
    </author>
    <content type="text/xml">
${dict({ ...e.content, 'eai:acl': e.acl }, 6)}
    </content>
  </entry>`,
    )
    .join('\n');
  return `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://dev.splunk.com/ns/rest" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title>${escape(feed.title)}</title>
  <id>${escape(feed.origin)}</id>
  <updated>${feed.updated}</updated>
  <generator build="${SPLUNK_BUILD}" version="${SPLUNK_VERSION}"/>
  <author>
    <name>Splunk</name>
  </author>
${Object.entries(feed.links).map(([rel, href]) => `  <link href="${escape(href)}" rel="${rel}"/>`).join('\n')}
  <opensearch:totalResults>${feed.paging.total}</opensearch:totalResults>
  <opensearch:itemsPerPage>${feed.paging.perPage}</opensearch:itemsPerPage>
  <opensearch:startIndex>${feed.paging.offset}</opensearch:startIndex>
  <s:messages/>
${entries}
</feed>
`;
}

function dict(object: Record<string, Json>, indent: number): string {
  const pad = ' '.repeat(indent);
  const keys = Object.entries(object).map(([k, v]) => `${pad}  <s:key name="${escape(k)}">${value(v, indent + 2)}</s:key>`);
  return `${pad}<s:dict>\n${keys.join('\n')}\n${pad}</s:dict>`;
}

function value(v: Json, indent: number): string {
  if (isObject(v)) return `\n${dict(v, indent + 2)}\n${' '.repeat(indent)}`;
  if (Array.isArray(v)) {
    const pad = ' '.repeat(indent + 2);
    return `\n${pad}<s:list>\n${v.map((item) => `${pad}  <s:item>${value(item, indent + 4)}</s:item>`).join('\n')}\n${pad}</s:list>\n${' '.repeat(indent)}`;
  }
  return escape(scalar(v));
}

function scalar(v: Json): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
