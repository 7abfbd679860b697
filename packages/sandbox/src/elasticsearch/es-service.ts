// The Elasticsearch stand-in: checks a request in the order ES does (credentials, media-type
// headers, a handler for the path and verb, the body's Content-Type, the query parameters) and
// answers in ES's envelopes, always with `x-elastic-product: Elasticsearch` — the official client
// refuses any 2xx without it.
import type { EsCredentials } from '../credentials.js';
import type { TargetService } from '../http/http-server.js';
import { header, type Reply, type SandboxRequest } from '../http/exchange.js';
import { matchRoute, route, type Route } from '../http/router.js';
import type { Json } from '../json.js';
import { documentRoutes } from './documents-api.js';
import { authenticate } from './es-auth.js';
import { CLUSTER_NAME, ES_VERSION, json, type EsContext, type EsReply } from './es-context.js';
import { cause, errorBody, EsHttpError, SANDBOX_NODE_ID } from './es-errors.js';
import { unrecognizedParams } from './es-params.js';
import { isJsonContentType, negotiate } from './media-type.js';
import { WatcherService } from './watcher/watcher-service.js';
import { watcherRoutes } from './watcher/watcher-api.js';

export class ElasticsearchService implements TargetService {
  readonly name = 'elasticsearch' as const;
  readonly watcher: WatcherService;
  private readonly routes: Route<EsReply>[];

  constructor(
    private readonly ctx: EsContext,
    private readonly credentials: EsCredentials,
  ) {
    this.watcher = new WatcherService(ctx);
    this.routes = [
      route<EsReply>('GET|HEAD /', () => json(200, this.info())),
      ...watcherRoutes(ctx, this.watcher),
      // Index-level routes take any first segment, so they come after the `_watcher` ones.
      ...documentRoutes(ctx),
    ];
  }

  async handle(req: SandboxRequest): Promise<Reply> {
    let contentType = 'application/json';
    try {
      const principal = authenticate(header(req, 'authorization'), req.uri, this.credentials);
      if (principal instanceof EsHttpError) throw principal;
      contentType = negotiate(header(req, 'accept'), header(req, 'content-type'), req.body.length > 0).responseContentType;

      const match = matchRoute(this.routes, req.method, req.segments);
      if (match.kind === 'none') return this.format(req, contentType, json(400, { error: `no handler found for uri [${req.uri}] and method [${req.method}]`, status: 400 }));
      if (match.kind === 'wrong-method') {
        const allowed = match.allowed.join(', ');
        const body = { error: `Incorrect HTTP method for uri [${req.uri}] and method [${req.method}], allowed: [${allowed}]`, status: 405 };
        return this.format(req, contentType, { status: 405, body, headers: { allow: match.allowed.join(',') } });
      }
      if (req.body.length > 0 && !isJsonContentType(header(req, 'content-type'))) {
        const given = header(req, 'content-type');
        const error = given === undefined ? 'Content-Type header is missing' : `Content-Type header [${given}] is not supported`;
        return this.format(req, contentType, json(406, { error, status: 406 }));
      }
      const unknown = unrecognizedParams(req.path, req.query, match.route.accepts);
      if (unknown) throw unknown;
      return this.format(req, contentType, await match.route.handler(req, match.params));
    } catch (error) {
      if (!(error instanceof EsHttpError)) throw error;
      return this.format(req, contentType, { status: error.status, body: errorBody(error), headers: error.headers });
    }
  }

  faultReply(status: 503 | 429, req: SandboxRequest): Reply {
    const error =
      status === 429
        ? new EsHttpError(429, cause('es_rejected_execution_exception', 'rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]'))
        : new EsHttpError(503, cause('master_not_discovered_exception', null));
    return this.format(req, 'application/json', { status, body: errorBody(error) });
  }

  internalError(error: unknown, req: SandboxRequest): Reply {
    const reason = error instanceof Error ? error.message : String(error);
    return this.format(req, 'application/json', { status: 500, body: errorBody(new EsHttpError(500, cause('exception', reason))) });
  }

  private info(): Json {
    return {
      name: SANDBOX_NODE_ID,
      cluster_name: CLUSTER_NAME,
      cluster_uuid: this.ctx.state.clusterUuid,
      version: {
        number: ES_VERSION,
        build_flavor: 'default',
        build_type: 'docker',
        build_hash: 'detctl-sandbox',
        build_date: '2025-01-01T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '10.2.2',
        minimum_wire_compatibility_version: '8.19.0',
        minimum_index_compatibility_version: '8.0.0',
      },
      tagline: 'You Know, for Search',
    };
  }

  private format(req: SandboxRequest, contentType: string, reply: EsReply): Reply {
    const pretty = req.query.has('pretty') && req.query.get('pretty') !== 'false';
    const body = reply.body === undefined ? '' : pretty ? JSON.stringify(reply.body, null, 2) + '\n' : JSON.stringify(reply.body);
    return { status: reply.status, headers: { ...reply.headers, 'content-type': contentType, 'x-elastic-product': 'Elasticsearch' }, body };
  }
}

