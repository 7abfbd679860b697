// The part of splunk-sdk 2.0.2 the sandbox's contract tests drive it through (the package ships no
// types). The tests' own copy: the sandbox package takes nothing from detctl's src/.
declare module 'splunk-sdk' {
  export interface HttpResponse {
    response: { headers: Record<string, string | string[] | undefined>; statusCode: number | 'abort' };
    status: number | 'abort';
    data: unknown;
    error: unknown;
  }

  export interface HttpMessage {
    method: string;
    headers: Record<string, string>;
    timeout?: number;
    response_timeout?: number;
    query?: Record<string, unknown>;
    body: string;
  }

  /** Base class of the SDK's transports; `extend` is John Resig's Class.extend. */
  export class Http {
    constructor();
    makeRequest(url: string, message: HttpMessage): Promise<HttpResponse>;
    parseJson(json: string): unknown;
    _buildResponse(error: unknown, response: { headers: Record<string, string | string[] | undefined>; statusCode: number }, data: string): HttpResponse;
    static extend<T extends object>(members: T & ThisType<Http & T>): new () => Http & T;
  }

  export interface Namespace {
    owner?: string;
    app?: string;
    sharing?: string;
  }

  export interface ServiceParams extends Namespace {
    scheme: string;
    host: string;
    port: number;
    sessionKey?: string;
    authorization?: string;
    username?: string;
    password?: string;
    version?: string;
    timeout?: number;
  }

  export class Entity {
    name: string;
    properties(): Record<string, unknown>;
    acl(): Record<string, unknown>;
    update(props: Record<string, unknown>): Promise<Entity>;
    remove(): Promise<unknown>;
    acl_update(props: Record<string, unknown>): Promise<Entity>;
  }

  export class Collection<E extends Entity = Entity> {
    fetch(params?: Record<string, unknown>): Promise<Collection<E>>;
    list(): E[];
    item(name: string, namespace?: Namespace): E | null;
    create(props: Record<string, unknown>, namespace?: Namespace): Promise<E>;
  }

  export class Service {
    constructor(http: Http, params: ServiceParams);
    login(): Promise<boolean>;
    savedSearches(namespace?: Namespace): Collection;
    get(path: string, params: Record<string, unknown>): Promise<HttpResponse>;
    post(path: string, params: Record<string, unknown>): Promise<HttpResponse>;
    del(path: string, params: Record<string, unknown>): Promise<HttpResponse>;
  }

  export const Logger: { setLevel(level: string): void };

  const splunkjs: { Http: typeof Http; Service: typeof Service; Logger: typeof Logger };
  export default splunkjs;
}
