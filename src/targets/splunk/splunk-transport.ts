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
  const Transport = Http.extend({
    init(this: Http & { _super(): void }) {
      this._super();
    },
    makeRequest(this: Http, url: string, message: HttpMessage): Promise<HttpResponse> {
      return send(url, message, options).then(
        ({ status, headers, body }) => this._buildResponse(null, { headers, statusCode: status }, body),
        (error: Error) => {
          throw this._buildResponse(error, { headers: {}, statusCode: 0 }, '');
        },
      );
    },
    parseJson(json: string): unknown {
      return JSON.parse(json);
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
