// A loopback HTTP server that accepts each request and destroys its connection: a real reset.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';

export async function withResettingServer<T>(run: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_req, res) => res.socket?.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  nock.enableNetConnect('127.0.0.1');
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    nock.disableNetConnect();
    server.close();
  }
}
