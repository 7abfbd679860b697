// A route table: "METHOD|METHOD /literal/:param" patterns matched segment by segment. Both
// targets answer a known path with the wrong verb differently from an unknown path, so a miss
// says which of the two it was.
import type { SandboxRequest } from './exchange.js';

export type Params = Record<string, string>;
/**
 * R is what a target's handlers return (the target turns it into bytes); Q is the request as the
 * target hands it over, which may carry more than the bare HTTP request.
 */
export type Handler<R, Q = SandboxRequest> = (req: Q, params: Params) => R | Promise<R>;

export interface Route<R, Q = SandboxRequest> {
  methods: string[];
  pattern: string[];
  /** Query parameters the handler reads; others are the target's to accept or refuse. */
  accepts: string[];
  handler: Handler<R, Q>;
}

export type RouteMatch<R, Q = SandboxRequest> =
  | { kind: 'found'; route: Route<R, Q>; params: Params }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

/** `route('PUT|POST /_watcher/watch/:id', handler, ['active'])` */
export function route<R, Q = SandboxRequest>(spec: string, handler: Handler<R, Q>, accepts: string[] = []): Route<R, Q> {
  const [methods, path] = spec.split(' ');
  return { methods: methods.split('|'), pattern: path.split('/').filter(Boolean), accepts, handler };
}

export function matchRoute<R, Q>(routes: Route<R, Q>[], method: string, segments: string[]): RouteMatch<R, Q> {
  const allowed = new Set<string>();
  for (const candidate of routes) {
    const params = matchPattern(candidate.pattern, segments);
    if (!params) continue;
    if (candidate.methods.includes(method)) return { kind: 'found', route: candidate, params };
    candidate.methods.forEach((m) => allowed.add(m));
  }
  return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed] } : { kind: 'none' };
}

function matchPattern(pattern: string[], segments: string[]): Params | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i];
    if (part.startsWith(':')) {
      if (segments[i] === '') return undefined;
      params[part.slice(1)] = segments[i];
    } else if (part !== segments[i]) {
      return undefined;
    }
  }
  return params;
}
