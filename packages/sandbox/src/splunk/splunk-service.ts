// The Splunk management-port stand-in. Paths are `/services/…` (the caller's own namespace in
// the search app) or `/servicesNS/{owner}/{app}/…`; the handlers below see the part after the
// namespace. Everything needs credentials except auth/login. JSON needs output_mode=json;
// otherwise splunkd answers Atom XML, and so does this.
import type { SplunkCredentials } from '../credentials.js';
import { header, type Reply, type SandboxRequest } from '../http/exchange.js';
import type { TargetService } from '../http/http-server.js';
import { matchRoute, route, type Route } from '../http/router.js';
import { renderXml } from './atom-xml.js';
import { feedJson, splunkTime, SPLUNK_BUILD, SPLUNK_VERSION, type SplunkBody, type SplunkReply } from './feed.js';
import { kvStoreRoutes } from './kvstore-api.js';
import { macroRoutes } from './macros-api.js';
import { RequestArgs } from './request-args.js';
import { savedSearchRoutes } from './saved-searches-api.js';
import { SplunkAuth } from './splunk-auth.js';
import type { SplunkCall, SplunkContext } from './splunk-context.js';
import { SplunkHttpError, unauthenticated } from './splunk-errors.js';

const COMMON_HEADERS = {
  server: 'Splunkd',
  vary: 'Cookie, Authorization',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
};

export class SplunkService implements TargetService {
  readonly name = 'splunk' as const;
  private readonly auth: SplunkAuth;
  private readonly routes: Route<SplunkReply, SplunkCall>[];

  constructor(
    private readonly ctx: SplunkContext,
    credentials: SplunkCredentials,
    private readonly scheme: 'http' | 'https',
  ) {
    this.auth = new SplunkAuth(credentials);
    this.routes = [
      route('GET server/info', (call: SplunkCall) => this.serverInfo(call)),
      ...savedSearchRoutes(ctx),
      ...macroRoutes(ctx),
      ...kvStoreRoutes(ctx),
    ];
  }

  async handle(req: SandboxRequest): Promise<Reply> {
    const args = RequestArgs.of(req);
    try {
      const [root, ...rest] = req.segments;
      if (root !== 'services' && root !== 'servicesNS') throw new SplunkHttpError(404, 'Not Found');
      const relative = root === 'services' ? rest : rest.slice(2);
      if (relative.join('/') === 'auth/login') return this.render(args, this.login(req, args));

      const user = this.auth.userOf(header(req, 'authorization'));
      if (!user) throw unauthenticated();
      const ns = root === 'services' ? { owner: user, app: 'search', user } : { owner: rest[0] ?? '', app: rest[1] ?? '', user };
      const call: SplunkCall = { ...req, ns, args, base: `${this.scheme}://${header(req, 'host') ?? 'localhost'}` };

      const match = matchRoute(this.routes, req.method, relative);
      if (match.kind === 'none') throw new SplunkHttpError(404, 'Not Found');
      if (match.kind === 'wrong-method') throw wrongMethod(req.method);
      return this.render(args, await match.route.handler(call, match.params));
    } catch (error) {
      if (!(error instanceof SplunkHttpError)) throw error;
      return this.render(args, errorReply(error));
    }
  }

  faultReply(status: 503 | 429, req: SandboxRequest): Reply {
    const text = status === 503 ? 'Service Unavailable' : 'Too many HTTP threads (requests); try again later.';
    return this.render(RequestArgs.of(req), errorReply(new SplunkHttpError(status, text)));
  }

  internalError(error: unknown, req: SandboxRequest): Reply {
    const text = error instanceof Error ? error.message : String(error);
    return this.render(RequestArgs.of(req), errorReply(new SplunkHttpError(500, `Internal server error: ${text}`)));
  }

  /** POST auth/login: username and password for a session key (used as `Authorization: Splunk <key>`). */
  private login(req: SandboxRequest, args: RequestArgs): SplunkReply {
    if (req.method !== 'POST') throw wrongMethod(req.method);
    const key = this.auth.login(args.get('username') ?? '', args.get('password') ?? '');
    if (!key) throw new SplunkHttpError(401, 'Login failed', 'WARN', {}, 'incorrect_username_or_password');
    return { status: 200, body: { kind: 'value', value: { sessionKey: key }, xmlRoot: 'response' } };
  }

  private serverInfo(call: SplunkCall): SplunkReply {
    const path = '/services/server/info/server-info';
    return {
      status: 200,
      body: {
        kind: 'feed',
        feed: {
          title: 'server-info',
          origin: `${call.base}/services/server/info`,
          links: {},
          updated: splunkTime(this.ctx.now()),
          entries: [
            {
              name: 'server-info',
              id: call.base + path,
              updated: splunkTime(this.ctx.now()),
              links: { alternate: path, list: path },
              author: 'system',
              acl: { app: '', owner: 'system', sharing: 'system', modifiable: false, perms: { read: ['*'], write: [] } },
              content: { build: SPLUNK_BUILD, version: SPLUNK_VERSION, serverName: 'detctl-sandbox', product_type: 'enterprise', instance_type: 'download', os_name: 'Linux', 'eai:acl': null },
            },
          ],
          paging: { total: 1, perPage: 30, offset: 0 },
        },
      },
    };
  }

  private render(args: RequestArgs, reply: SplunkReply): Reply {
    const json = args.outputMode() === 'json' || (reply.body.kind === 'value' && reply.body.xmlRoot === undefined);
    const text = json ? JSON.stringify(jsonOf(reply.body)) : renderXml(reply.body);
    return {
      status: reply.status,
      headers: { ...COMMON_HEADERS, ...reply.headers, 'content-type': json ? 'application/json; charset=UTF-8' : 'text/xml; charset=UTF-8' },
      body: text,
    };
  }
}

function jsonOf(body: SplunkBody) {
  if (body.kind === 'feed') return feedJson(body.feed);
  if (body.kind === 'messages') return { messages: body.messages };
  return body.value;
}

function errorReply(error: SplunkHttpError): SplunkReply {
  const message = error.code ? { type: error.type, code: error.code, text: error.text } : { type: error.type, text: error.text };
  return { status: error.status, headers: error.headers, body: { kind: 'messages', messages: [message] } };
}

/** splunkd's answer to a verb a path does not take, which depends on the verb. */
function wrongMethod(method: string): SplunkHttpError {
  if (method === 'PATCH') return new SplunkHttpError(405, 'Method Not Allowed');
  if (method === 'PUT') return new SplunkHttpError(404, "Requested invalid action 'PUT'.");
  return new SplunkHttpError(400, `Cannot perform action "${method}" without a target name to act on.`);
}

