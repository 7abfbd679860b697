// What a target handler sees of a request and what it hands back. Kept free of node:http so the
// handlers can be driven without a socket.
import type { IncomingHttpHeaders } from 'node:http';

export type TargetName = 'elasticsearch' | 'splunk';

export interface SandboxRequest {
  method: string;
  /** Path as received, without the query string (still percent-encoded). */
  path: string;
  /** Decoded path segments; a trailing slash does not add an empty segment. */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Path and query as the client sent them: both servers quote this in messages. */
  uri: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

export function requestFrom(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: Buffer): SandboxRequest {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const parts = path.split('/').slice(1);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return {
    method: method.toUpperCase(),
    path,
    segments: parts.map(decodeSegment),
    query: new URLSearchParams(rawQuery),
    headers,
    body,
    uri: rawUrl,
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The query as a plain record; a repeated key becomes an array. */
export function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** A request header as one string (node keeps repeated headers as a list only for a few). */
export function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
