// One HTTP request exactly as given (no header added but Host and Content-Length), for product
// tests that talk to the sandbox directly. The sandbox's own tests have their own copy in
// packages/sandbox/test: the package does not reach into the product's tests, nor they into it.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Sandbox } from '@detctl/sandbox';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Override TLS verification for self-signed certificates. */
  ca?: string;
}

export function raw(base: string, path: string, init: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(path, base);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: init.method ?? 'GET', headers: { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) }, ca: init.ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export function bearerHeader(sb: Sandbox): Record<string, string> {
  return { authorization: `Bearer ${sb.credentials.splunk.token}` };
}
