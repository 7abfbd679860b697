// The shared pieces several parts of a watch are made of: scripts, text templates, search
// requests (search input and transform) and HTTP request templates (http input, webhook action).
import type { YamlNode } from '../../../yaml-tree.js';
import { CODES, type Check, type Fields } from './check.js';

/**
 * Script.parse (server/src/main/java/org/elasticsearch/script/Script.java): a string is an inline
 * script; an object takes source (or its old name inline), id, lang, params and options — any
 * other key is "[script] unknown field" — and needs exactly one of source and id ("must specify
 * either [source] for an inline script or [id] for a stored script"); a stored script has no lang.
 */
export function checkScript(check: Check, path: string, node: YamlNode): void {
  if (node.kind === 'scalar' && typeof node.value === 'string') return;
  const map = check.map(path, node, 'a script is its source as text, or {source, lang, params} or {id, params}');
  if (!map) return;
  check.fields(path, map, {
    source: (e, p) => (e.value.kind === 'map' ? undefined : check.string(p, e.value)), // a mustache source may be an object
    inline: (e, p) => (e.value.kind === 'map' ? undefined : check.string(p, e.value)),
    id: (e, p) => check.string(p, e.value),
    lang: (e, p) => check.string(p, e.value),
    params: (e, p) => check.anyMap(p, e.value),
    options: (e, p) => check.anyMap(p, e.value),
  });
  const entry = (k: string) => map.entries.find((e) => e.key === k);
  const inline = entry('source') !== undefined || entry('inline') !== undefined;
  const stored = entry('id') !== undefined;
  if (inline === stored) check.report(CODES.value, `'${path}' needs either 'source' (an inline script) or 'id' (a stored script)${inline ? ', not both' : ''}`, map.loc);
  // Script.Builder.build: "illegally specified <lang> for a stored script", "field [options] cannot
  // be specified using a stored script", and for an inline script "illegal compiler options" (only
  // content_type is one).
  const lang = entry('lang');
  const options = entry('options');
  if (stored && !inline && lang) check.report(CODES.value, `'${path}' is a stored script ('id'), which takes no 'lang'`, lang.keyLoc);
  if (stored && !inline && options) check.report(CODES.value, `'${path}' is a stored script ('id'), which takes no 'options'`, options.keyLoc);
  if (inline && !stored && options?.value.kind === 'map') {
    for (const option of options.value.entries) {
      if (option.key !== 'content_type') check.report(CODES.unknownKey, `'${path}.options' takes only content_type, not '${option.key}' (an illegal compiler option)`, option.keyLoc);
    }
  }
}

/**
 * TextTemplate.parse (x-pack/plugin/watcher, common/text): a value token is a plain template; an
 * object is a mustache Script.
 */
export function checkTemplate(check: Check, path: string, node: YamlNode): void {
  if (node.kind === 'scalar' && node.value !== null) return;
  if (node.kind === 'seq') return check.wrong(path, node, 'a text template');
  checkScript(check, path, node);
}

/** Several TextTemplates: EmailTemplate's to/cc/bcc/reply_to take one or a list. */
export function checkTemplates(check: Check, path: string, node: YamlNode): void {
  if (node.kind === 'seq') node.items.forEach((item, i) => checkTemplate(check, `${path}[${i}]`, item));
  else checkTemplate(check, path, node);
}

/** name → TextTemplate (HttpRequestTemplate's headers and params). */
function templateMap(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node);
  for (const entry of map?.entries ?? []) checkTemplate(check, `${path}.${entry.key}`, entry.value);
}

/**
 * WatcherSearchTemplateRequest.fromXContent (x-pack/plugin/watcher, support/search): indices (a
 * comma-separated string or a list of strings), search_type (SearchType.fromString:
 * query_then_fetch or dfs_query_then_fetch), body (any object, copied with copyCurrentStructure),
 * indices_options (IndicesOptions.fromXContent), template (a mustache Script) and
 * rest_total_hits_as_int; anything else is "could not read search request. unexpected … field".
 */
export function checkSearchRequest(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node, 'a search request has indices and a body: {indices: [logs-*], body: {query: {...}}}');
  if (!map) return;
  check.fields(path, map, {
    indices: (e, p) => check.stringList(p, e.value),
    search_type: (e, p) => check.oneOf(p, e.value, ['query_then_fetch', 'dfs_query_then_fetch']),
    body: (e, p) => check.anyMap(p, e.value),
    indices_options: (e, p) => check.anyMap(p, e.value),
    template: (e, p) => checkScript(check, p, e.value),
    rest_total_hits_as_int: (e, p) => check.boolean(p, e.value),
  });
}

/** HttpProxy.parse (x-pack/plugin/watcher, common/http): {host, port, scheme}. */
export function checkProxy(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node);
  if (!map) return;
  check.fields(path, map, {
    host: (e, p) => check.string(p, e.value),
    port: (e, p) => check.integer(p, e.value),
    scheme: (e, p) => check.oneOf(p, e.value, ['http', 'https']),
  });
}

/**
 * HttpRequestTemplate.Parser.parse (x-pack/plugin/watcher, common/http): scheme (Scheme.parse),
 * host, port, path, method (HttpMethod.parse), headers and params (name → TextTemplate), url (split
 * into scheme, host, port, path and params), auth ({basic: {username, password}}, BasicAuth),
 * proxy, body (a TextTemplate), connection_timeout / read_timeout (time values, or their
 * `_in_millis` forms); anything else is "unexpected field". host and port are required
 * ("missing required [host] string field") unless a url gives them.
 */
export function checkHttpRequest(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node, 'an HTTP request has a url, or a host and a port');
  if (!map) return;
  const fields: Fields = {
    scheme: (e, p) => check.oneOf(p, e.value, ['http', 'https']),
    host: (e, p) => check.string(p, e.value),
    port: (e, p) => check.integer(p, e.value),
    path: (e, p) => checkTemplate(check, p, e.value),
    method: (e, p) => check.oneOf(p, e.value, ['head', 'get', 'post', 'put', 'delete']),
    headers: (e, p) => templateMap(check, p, e.value),
    params: (e, p) => templateMap(check, p, e.value),
    url: (e, p) => {
      const url = check.string(p, e.value);
      if (url === undefined) return;
      try {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
      } catch {
        check.report(CODES.value, `'${p}' is '${url}', not an http or https URL`, e.value.loc);
      }
    },
    auth: (e, p) => basicAuth(check, p, e.value),
    proxy: (e, p) => checkProxy(check, p, e.value),
    body: (e, p) => checkTemplate(check, p, e.value),
    connection_timeout: (e, p) => check.timeValue(p, e.value),
    connection_timeout_in_millis: (e, p) => check.millis(p, e.value),
    read_timeout: (e, p) => check.timeValue(p, e.value),
    read_timeout_in_millis: (e, p) => check.millis(p, e.value),
  };
  check.fields(path, map, fields);
  if (!map.entries.some((e) => e.key === 'url')) {
    for (const key of ['host', 'port']) if (!map.entries.some((e) => e.key === key)) check.missing(path, map, key, 'give a url, or a host and a port');
  }
}

/** HttpAuthRegistry: the only type is basic (BasicAuth.parse: username and password). */
function basicAuth(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node, 'auth is {basic: {username, password}}');
  if (!map) return;
  check.fields(
    path,
    map,
    {
      basic: (e, p) => {
        const basic = check.map(p, e.value);
        if (basic) check.fields(p, basic, { username: (f, q) => check.text(q, f.value), password: (f, q) => check.text(q, f.value) });
      },
    },
    { hint: 'the only HTTP auth type is basic' },
  );
}
