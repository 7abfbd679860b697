// The HTTP transport given to splunk-sdk: node:http(s) with TLS verification on (the SDK's own
// turns it off and cannot be told otherwise), a CA file option, and a timeout per request.
// Being plain node:http, nock intercepts it in contract tests.
import http from 'node:http';
import https from 'node:https';
import type { Http, HttpMessage, HttpResponse } from 'splunk-sdk';
import type { TlsOptions } from '../tls-options.js';
import { splunkSdk } from './splunk-sdk.js';

export interface TransportOptions {
  tls: TlsOptions;
  timeoutMs: number;
}

export function createSplunkTransport(options: TransportOptions): Http {
  const { Http } = splunkSdk();
  let writeReply = false;
  const Transport = Http.extend({
    init(this: Http & { _super(): void }) {
      this._super();
    },
    makeRequest(this: Http, url: string, message: HttpMessage): Promise<HttpResponse> {
      return send(url, message, options).then(
        ({ status, headers, body }) => {
          // _buildResponse calls parseJson synchronously: the flag holds for this reply only.
          writeReply = message.method !== 'GET';
          try {
            return this._buildResponse(null, { headers, statusCode: status }, body);
          } finally {
            writeReply = false;
          }
        },
        (error: Error) => {
          throw this._buildResponse(error, { headers: {}, statusCode: 0 }, '');
        },
      );
    },
    parseJson(json: string): unknown {
      return writeReply ? parseWriteReply(json) : JSON.parse(json);
    },
  });
  return new Transport();
}

function send(url: string, message: HttpMessage, options: TransportOptions): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const body = message.method === 'GET' || message.method === 'DELETE' ? '' : message.body ?? '';
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: message.method,
        headers: { ...message.headers, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } : {}) },
        ...(target.protocol === 'https:' ? { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized } : {}),
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`request timed out after ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(body);
  });
}

// A JSON string (RFC 8259 §7: no raw control characters, only the listed escapes), a number (§6)
// and a value that is neither an object nor an array.
// (Written as runs of plain characters between escapes, which the regexp engine takes a run at a time.)
const STRING = String.raw`"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"`;
const SCALAR = String.raw`(?:${STRING}|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)`;
const WS = '[ \\t\\n\\r]*';
const MEMBER = `${STRING}${WS}:${WS}${SCALAR}${WS}`;
/** A JSON object whose values are all scalars, exactly as JSON.parse accepts one, matched where the scan stands. */
const FLAT_OBJECT = new RegExp(`\\{${WS}(?:${MEMBER}(?:,${WS}${MEMBER})*)?\\}`, 'y');
/** The tokens of the structure around it: a string, or a character of structure (the rest is scalars and space). */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\]:,]/g;

/**
 * A write's reply (splunkd answers a create or an edit with the whole entry: some 200 `content`
 * keys, ~10 KB) parsed as JSON.parse would, except that each entry's `content` — which apply
 * never reads (only the entry's name and `acl`, or the `messages` of a refusal) — is parsed when
 * first read: parsing the ~220-key object was most of the cost of taking a create's reply. The
 * text is scanned for the spans of `entry[i].content`; a span is left unparsed only when it is an
 * object of scalars matched exactly by JSON's grammar (FLAT_OBJECT), so parsing it later gives
 * exactly what parsing it now would, and cannot fail; the rest of the text, the same characters
 * as sent, is parsed now, with `null` where each span was. Anything else — no entries, a content
 * holding objects or arrays, a key spelled with escapes or given twice, text that is not JSON —
 * is parsed whole, as before (and so fails as before).
 */
export function parseWriteReply(json: string): unknown {
  const spans = contentSpans(json);
  if (!spans || spans.length === 0) return JSON.parse(json);
  let rest = '';
  let from = 0;
  for (const span of spans) {
    rest += json.slice(from, span.start) + 'null';
    from = span.end;
  }
  rest += json.slice(from);
  let data: { entry?: unknown[] };
  try {
    data = JSON.parse(rest) as typeof data;
  } catch {
    return JSON.parse(json); // throws the original text's own error
  }
  for (const span of spans) {
    const entry = data.entry?.[span.entry] as Record<string, unknown> | undefined;
    if (!entry || entry.content !== null) return JSON.parse(json); // not the shape scanned: parse it all
    const text = json.slice(span.start, span.end);
    Object.defineProperty(entry, 'content', {
      enumerable: true,
      configurable: true,
      get() {
        const content: unknown = JSON.parse(text);
        Object.defineProperty(entry, 'content', { value: content, enumerable: true, configurable: true, writable: true });
        return content;
      },
      set(value: unknown) {
        Object.defineProperty(entry, 'content', { value, enumerable: true, configurable: true, writable: true });
      },
    });
  }
  return data;
}

/**
 * Where each `entry[i].content` of a reply lies (the top-level object's `entry` array, each of its
 * objects' `content` key), when every one is a flat object; undefined when the text is not of the
 * shape scanned for, so the caller parses it whole.
 */
function contentSpans(json: string): { entry: number; start: number; end: number }[] | undefined {
  const spans: { entry: number; start: number; end: number }[] = [];
  // One frame per open container: whether it is an object, whether a key is expected next, the key
  // whose value comes next, and for the `entry` array the index of the element under way.
  const stack: { object: boolean; expectKey: boolean; key?: string; index: number; keys?: Set<string> }[] = [];
  let entries = 0; // `entry` keys seen at the top
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(json); match; match = TOKEN.exec(json)) {
    const token = match[0];
    const frame = stack.at(-1);
    if (token === '{' || token === '[') {
      // An entry's keys are kept, so that a `content` given twice (JSON.parse keeps the last) is seen.
      stack.push({ object: token === '{', expectKey: token === '{', index: 0, ...(stack.length === 2 && token === '{' ? { keys: new Set<string>() } : {}) });
    } else if (token === '}' || token === ']') {
      stack.pop();
    } else if (token === ',') {
      if (!frame) return undefined;
      if (frame.object) frame.expectKey = true;
      else frame.index++;
    } else if (token === ':') {
      if (!frame?.object || frame.key === undefined) return undefined;
      // The value of an entry's `content`: skipped here when it is a flat object.
      if (stack.length === 3 && frame.key === 'content' && !stack[1].object && stack[0].object && stack[0].key === 'entry') {
        const start = skipSpace(json, TOKEN.lastIndex);
        FLAT_OBJECT.lastIndex = start;
        if (!FLAT_OBJECT.test(json)) return undefined;
        spans.push({ entry: stack[1].index, start, end: FLAT_OBJECT.lastIndex });
        TOKEN.lastIndex = FLAT_OBJECT.lastIndex;
      }
    } else if (frame?.object && frame.expectKey) {
      // A key; one spelled with escapes could be either name: parse such a text whole.
      if (token.includes('\\')) return undefined;
      frame.key = token.slice(1, -1);
      frame.expectKey = false;
      if (stack.length === 1 && frame.key === 'entry' && ++entries > 1) return undefined;
      if (frame.keys) {
        if (frame.keys.has(frame.key)) return undefined;
        frame.keys.add(frame.key);
      }
    }
  }
  return stack.length === 0 ? spans : undefined;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  return at;
}
