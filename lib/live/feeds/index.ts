// The browser's feeds of sample and parity messages (browser-only: WebSocket, EventSource).
// The server's side of the same path is lib/kafka (SampleHub, the SSE route) and lib/ingest.
import type { FeedHandlers, StopFeed } from '@/lib/samples';
import type { PublicConfig } from '@/lib/config';

export { subscribeKafkaSamples } from './kafka';

/**
 * The NATS feed, loaded on demand: the NATS client is the bulk of the worker's code, and
 * loading it after the SSE stream is open lets the server's last minute draw sooner.
 */
export async function loadNatsFeed(): Promise<
  (config: PublicConfig, handlers: FeedHandlers) => StopFeed
> {
  return (await import('./nats')).subscribeNatsSamples;
}
