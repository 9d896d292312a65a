import { serverConfig } from '@/lib/config';
import { SampleHub, type HubEvent } from './sample-hub';

const HEARTBEAT_MS = 15_000;

/** SSE streams open in this process (the hub also has server-side listeners). */
let openStreams = 0;

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
    });
  }
  return holder.__cutoverSampleHub;
}

/** Formats one hub event as a server-sent event; data is always one line of JSON. */
export function formatSse(event: HubEvent): string {
  switch (event.type) {
    case 'sample':
      return `event: sample\ndata: ${JSON.stringify(event.text)}\n\n`;
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
): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 1000\n\n');
      const unsubscribe = hub.subscribe((event) => send(formatSse(event)));
      openStreams += 1;
      onClients(openStreams);
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
      let closed = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        openStreams -= 1;
        onClients(openStreams);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
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
