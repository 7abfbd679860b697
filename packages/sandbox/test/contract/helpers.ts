// Shared by the sandbox contract tests: raw HTTP with full control over headers, and the official
// clients pointed at a running sandbox. Nothing here comes from detctl's src/: the sandbox is
// checked against the real clients, not against the product's own code.
import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Client, HttpConnection } from '@elastic/elasticsearch';
import type splunkjsType from 'splunk-sdk';
import type { Service, ServiceParams } from 'splunk-sdk';
import type { Sandbox } from '../../src/index.js';

let sdk: typeof splunkjsType | undefined;

/** splunk-sdk runs dotenv when it loads (a `.env` would leak into process.env), so the environment is restored; its console logging is off. */
function splunkSdk(): typeof splunkjsType {
  if (!sdk) {
    const before = { ...process.env };
    sdk = createRequire(import.meta.url)('splunk-sdk') as typeof splunkjsType;
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
    sdk.Logger.setLevel('NONE');
  }
  return sdk;
}

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

/** One HTTP request exactly as given: no header is added except Host and Content-Length. */
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

export function apiKeyHeader(sb: Sandbox): Record<string, string> {
  return { authorization: `ApiKey ${sb.credentials.esApiKeyEncoded}` };
}

export function esJsonHeaders(sb: Sandbox): Record<string, string> {
  return { ...apiKeyHeader(sb), 'content-type': 'application/json', accept: 'application/json' };
}

/** The official client over node:http (the connection nock 14 can also intercept), no retries. */
export function esClient(sb: Sandbox, extra: Partial<ConstructorParameters<typeof Client>[0]> = {}): Client {
  return new Client({ node: sb.esUrl, auth: { apiKey: sb.credentials.esApiKeyEncoded }, Connection: HttpConnection, maxRetries: 0, ...extra });
}

export function bearerHeader(sb: Sandbox): Record<string, string> {
  return { authorization: `Bearer ${sb.credentials.splunk.token}` };
}

/** A splunk-sdk Service with its own default transport, as a user of the SDK would make it. */
export function splunkService(sb: Sandbox, params: Partial<ServiceParams> = {}): Service {
  const url = new URL(sb.splunkUrl);
  const ServiceWithDefaultHttp = splunkSdk().Service as unknown as new (p: ServiceParams) => Service;
  return new ServiceWithDefaultHttp({
    scheme: url.protocol.replace(':', ''),
    host: url.hostname,
    port: Number(url.port),
    sessionKey: sb.credentials.splunk.token,
    authorization: 'Bearer',
    owner: 'nobody',
    app: 'search',
    version: '9.3',
    ...params,
  });
}

/** What splunk-sdk rejects with for an HTTP error: a plain object, not an Error. */
export interface SdkFailure {
  status: number;
  data: { messages?: { type: string; text: string }[] };
}

export async function sdkFailure(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise;
  } catch (error) {
    // update() rejects with [error, entity]
    const failure = (Array.isArray(error) ? error[0] : error) as SdkFailure;
    return failure;
  }
  throw new Error('expected the SDK call to fail');
}

export function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}
