// The official Elasticsearch client, set up for detctl: HttpConnection (node:http, which nock and
// proxies see), no client-side retries (apply retries with backoff itself), and REST
// compatibility 8 in the media types, which both 8.x and 9.x servers accept, and no OpenTelemetry
// instrumentation: @elastic/transport 9 wraps every request in a span by default
// (middleware/OpenTelemetry.js: attributes built, a context made active, response attributes
// set), which a CLI that registers no tracer provider only pays for: ~50 ms of CPU over the 500
// requests of a profiled apply (bench/deploy-sandbox.ts). Nothing sent changes.
import { Client, HttpConnection, Transport } from '@elastic/elasticsearch';
import type { ElasticsearchTarget } from './settings.js';
import { tlsOptions } from '../tls-options.js';

const COMPATIBLE_8 = {
  jsonContentType: 'application/vnd.elasticsearch+json; compatible-with=8',
  ndjsonContentType: 'application/vnd.elasticsearch+x-ndjson; compatible-with=8',
  accept: 'application/vnd.elasticsearch+json; compatible-with=8,text/plain',
};

class Compatible8Transport extends Transport {
  constructor(options: ConstructorParameters<typeof Transport>[0]) {
    super({ ...options, vendoredHeaders: COMPATIBLE_8, openTelemetry: { enabled: false } });
  }
}

export interface EsClientOptions {
  projectDir: string;
  requestTimeoutMs?: number;
}

export function createEsClient(settings: ElasticsearchTarget, options: EsClientOptions): Client {
  const auth = settings.auth;
  return new Client({
    node: settings.url,
    auth: 'apiKey' in auth ? { apiKey: auth.apiKey } : 'bearer' in auth ? { bearer: auth.bearer } : { username: auth.username, password: auth.password },
    tls: tlsOptions(settings.tls, options.projectDir),
    Connection: HttpConnection,
    Transport: Compatible8Transport,
    maxRetries: 0,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    compression: false,
  });
}
