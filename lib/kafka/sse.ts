import { subscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { serverConfig } from '@/lib/config';
import { clientAddress } from './client-address';
import { SampleHub, type HubEvent } from './sample-hub';

const HEARTBEAT_MS = 15_000;

/** SSE streams open in this process (the hub also has server-side listeners). */
let openStreams = 0;
const streamsPerClient = new Map<string, number>();
// How to end each open stream, for closeAllStreams(), and whether the server is closing.
// On globalThis, not in module scope: Next.js bundles the route handler and
// instrumentation (which hooks SIGTERM) separately, each with its own copy of this module,
// and a module-scope set closed only the copy that had no streams.
const shutdown = ((
  globalThis as typeof globalThis & {
    __cutoverSseShutdown?: { closing: boolean; hooked: boolean; closers: Set<() => void> };
  }
).__cutoverSseShutdown ??= { closing: false, hooked: false, closers: new Set() });
const closers = shutdown.closers;

/**
 * Ends every open stream. `next start` waits for open requests before it exits on SIGTERM,
 * and an SSE stream never ends by itself: without this a restart hangs until SIGKILL.
 * Browsers reconnect by themselves (the stream's `retry:`) to whatever server comes next.
 */
export function closeAllStreams(): void {
  // From now on refuse new streams too: a browser's EventSource comes back within a second,
  // on a kept-alive connection the closing server still serves, and would hold it open again.
  shutdown.closing = true;
  for (const close of [...closers]) close();
}

/**
 * Once closeAllStreams() has run, every response asks the browser to close its connection.
 * `next start` exits when its HTTP server has closed, which waits for kept-alive
 * connections, and an open dashboard kept its own alive for ever: it polls
 * /api/migration every 2 s and its EventSource retries every second, on the same
 * connection. In the reliability drill SIGTERM left the server up for minutes until
 * SIGKILL. Node publishes every request on `http.server.request.start` before Next.js
 * sees it. Idempotent.
 */
export function closeConnectionsOnShutdown(): void {
  if (shutdown.hooked) return;
  shutdown.hooked = true;
  subscribe('http.server.request.start', (message) => {
    if (shutdown.closing)
      (message as { response: ServerResponse }).response.setHeader('Connection', 'close');
  });
}

export interface StreamLimits {
  /** Streams open at once in this process; beyond, 429. */
  maxTotal: number;
  /** Streams open at once per client address; beyond, 429. */
  maxPerClient: number;
  /** Events queued for a reader that does not keep up; beyond, it is disconnected. */
  maxQueuedEvents: number;
  /** Proxies in front that append to x-forwarded-for (see clientAddress); 0 when clients connect directly. */
  trustedProxies: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  maxTotal: 500,
  maxPerClient: 8,
  maxQueuedEvents: 2_000,
  trustedProxies: 0,
};

function tooMany(why: string): Response {
  return new Response(`${why}\n`, {
    status: 429,
    headers: { 'Retry-After': '5', 'Content-Type': 'text/plain' },
  });
}

// One hub per server process; kept on globalThis so dev-mode module reloads don't start a second consumer.
const holder = globalThis as typeof globalThis & { __cutoverSampleHub?: SampleHub };

/** The process-wide hub reading the samples topic. */
export function sampleHub(): SampleHub {
  if (!holder.__cutoverSampleHub) {
    const config = serverConfig();
    holder.__cutoverSampleHub = new SampleHub({
      source: config.source.type === 'live' ? 'kafka' : 'external',
      brokers: config.kafkaBrokers,
      topic: config.samplesTopic,
      parityTopic: config.parityTopic,
      replicas: config.replicas,
      minInsyncReplicas: config.kafkaMinIsr,
    });
  }
  return holder.__cutoverSampleHub;
}

/** Formats one hub event as a server-sent event; data is always one line of JSON. */
export function formatSse(event: HubEvent): string {
  switch (event.type) {
    case 'sample':
      return `event: sample\ndata: ${JSON.stringify(event.text)}\n\n`;
    case 'history':
      // Already one line of JSON (history.ts), sent as is: it can be megabytes.
      return `event: history\ndata: ${event.text}\n\n`;
    case 'parity':
      return `event: parity\ndata: ${JSON.stringify(event.text)}\n\n`;
    case 'rejected':
      return `event: rejected\ndata: ${JSON.stringify({ reason: event.reason })}\n\n`;
    case 'status':
      return `event: status\ndata: ${JSON.stringify(event.status)}\n\n`;
  }
}

/**
 * Streams the Kafka samples topic to one browser as server-sent events until the
 * request is aborted. Sample payloads are forwarded undecoded: the browser runs the
 * same decoder on both transports.
 */
export function streamSamples(
  request: Request,
  hub: SampleHub = sampleHub(),
  onClients: (count: number) => void = () => {},
  limits: StreamLimits = DEFAULT_LIMITS,
): Response {
  const client = clientAddress(request.headers.get('x-forwarded-for'), limits.trustedProxies);
  if (shutdown.closing) {
    return new Response('server shutting down\n', {
      status: 503,
      headers: { 'Retry-After': '1', 'Content-Type': 'text/plain', Connection: 'close' },
    });
  }
  if (openStreams >= limits.maxTotal) return tooMany('too many live streams on this server');
  if (client && (streamsPerClient.get(client) ?? 0) >= limits.maxPerClient) {
    return tooMany('too many live streams from this client');
  }
  // Counted here, before the body starts, so that a burst of requests can't slip past the limits.
  openStreams += 1;
  if (client) streamsPerClient.set(client, (streamsPerClient.get(client) ?? 0) + 1);
  onClients(openStreams);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        // A reader this far behind is gone or too slow; holding its backlog would grow memory.
        if ((controller.desiredSize ?? 0) < -limits.maxQueuedEvents) return cleanup();
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 1000\n\n');
      const unsubscribe = hub.subscribe((event) => send(formatSse(event)));
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
      let closed = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        closers.delete(cleanup);
        clearInterval(heartbeat);
        unsubscribe();
        openStreams -= 1;
        if (client) {
          const left = (streamsPerClient.get(client) ?? 1) - 1;
          if (left > 0) streamsPerClient.set(client, left);
          else streamsPerClient.delete(client);
        }
        onClients(openStreams);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      closers.add(cleanup);
      request.signal.addEventListener('abort', () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
