// One listening socket per target (plain HTTP or TLS on loopback). Everything that is the same
// for both targets lives here: the request log, latency, injected faults, and shutting down
// cleanly even while some requests are being held open on purpose.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultKind, FaultPlan } from '../faults.js';
import type { RequestLog } from '../request-log.js';
import { requestFrom, type Reply, type SandboxRequest, type TargetName } from './exchange.js';

export interface TargetService {
  name: TargetName;
  handle(req: SandboxRequest): Promise<Reply>;
  /** The target's own answer for an injected 503 or 429. */
  faultReply(status: 503 | 429, req: SandboxRequest): Reply;
  /** The target's own answer when a handler throws (a bug in the sandbox). */
  internalError(error: unknown, req: SandboxRequest): Reply;
}

export interface ListenOptions {
  host: string;
  port: number;
  tls?: { cert: string; key: string };
  latencyMs: number;
  faults: FaultPlan;
  log: RequestLog;
  now: () => Date;
}

export interface RunningTarget {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(service: TargetService, options: ListenOptions): Promise<RunningTarget> {
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    serve(service, options, req, res).catch(() => res.destroy());
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Held-open (timeout fault) and keep-alive sockets would keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function serve(service: TargetService, options: ListenOptions, raw: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const probe = requestFrom(raw.method ?? 'GET', raw.url ?? '/', raw.headers, Buffer.alloc(0));
  const fault: FaultKind | undefined = options.faults.next(service.name);
  const entry = options.log.begin(service.name, probe.method, '/' + probe.segments.join('/'), probe.query, options.now());
  if (fault) entry.fault = fault;

  if (fault === 'reset') {
    raw.socket.destroy();
    return;
  }
  if (fault === 'timeout') {
    raw.resume(); // read and drop the body; never answer
    return;
  }

  const req: SandboxRequest = { ...probe, body: await readBody(raw) };
  if (options.latencyMs > 0) await sleep(options.latencyMs);

  let reply: Reply;
  if (fault === '503' || fault === '429') {
    reply = service.faultReply(fault === '503' ? 503 : 429, req);
  } else {
    try {
      reply = await service.handle(req);
    } catch (error) {
      reply = service.internalError(error, req);
    }
  }
  // Encoded once: Buffer.byteLength for the header and then res.end(string) would each go over a
  // listing's megabytes of text.
  const body = Buffer.from(reply.body ?? '');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  entry.status = reply.status;
  entry.durationMs = Date.now() - started;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
