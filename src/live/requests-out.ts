// When the requests just started have left this process. `plan` starts its listing, then loads
// and renders the rules: synchronous work of some hundreds of milliseconds during which the event
// loop does not turn. A request still waiting for its connection (or TLS handshake) then would
// go out only after it, and the servers could not answer meanwhile; so the loading waits until
// the requests are written, which takes a few turns of the event loop.
//
// Both transports are node:http (the Elasticsearch client's HttpConnection, splunk-transport.ts),
// and node:http announces every ClientRequest on the `http.client.request.start` diagnostics
// channel (Node's http documentation, "Diagnostics Channel"); a ClientRequest emits 'finish' once
// its last byte has been handed to the operating system (the write callback of its socket, which
// waits for the connection). The channel is process-wide: any request started meanwhile counts.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

const CHANNEL = 'http.client.request.start';

export interface RequestWatch {
  /**
   * Resolves once at least one request was started, every request started since the watch began
   * has been written (or has failed), and a turn of the event loop started no other; or after
   * `capMs` whatever the requests' state (a server that does not accept the connection must not
   * hold the loading up). Then stops watching.
   */
  out(capMs: number): Promise<void>;
}

/** Watches the HTTP requests this process starts from now on. */
export function watchRequests(): RequestWatch {
  let started = 0;
  const unwritten = new Set<ClientRequest>();
  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    started++;
    unwritten.add(request);
    const written = () => unwritten.delete(request);
    request.once('finish', written);
    request.once('close', written); // failed, aborted, or answered before 'finish' was seen
  };
  subscribe(CHANNEL, onStart);
  return {
    async out(capMs: number): Promise<void> {
      const deadline = performance.now() + capMs;
      try {
        let before = -1;
        while (performance.now() < deadline) {
          await nextTurn();
          if (started > 0 && unwritten.size === 0 && started === before) return;
          before = started;
        }
      } finally {
        unsubscribe(CHANNEL, onStart);
      }
    },
  };
}
