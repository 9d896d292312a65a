// The browser's feeds of sample and parity messages (browser-only: WebSocket, EventSource).
// The server's side of the same path is lib/kafka (SampleHub, the SSE route) and lib/ingest.
import type { PublicConfig } from '@/lib/config';
import type { FeedHandlers, StopFeed, Transport } from '@/lib/samples';
import { subscribeKafkaSamples } from './kafka';

export { subscribeKafkaSamples };

/**
 * The NATS feed, loaded on demand: the NATS client is the bulk of the worker's code, and
 * loading it after the SSE stream is open lets the server's last minute draw sooner.
 */
export async function loadNatsFeed(): Promise<
  (config: PublicConfig, handlers: FeedHandlers) => StopFeed
> {
  return (await import('./nats')).subscribeNatsSamples;
}

/**
 * Subscribes to both feeds: the server's SSE stream (Kafka, or a replay) at once, NATS
 * once its client has loaded. A replay arrives through the server's stream only: its
 * NATS feed reports itself off. Returns a function that stops both.
 */
export function openFeeds(
  config: PublicConfig,
  streamUrl: string,
  handlers: (transport: Transport) => FeedHandlers,
): StopFeed {
  const stops: StopFeed[] = [];
  let stopped = false;
  if (config.source.type === 'replay')
    handlers('nats').onStatus({ type: 'off', reason: 'not used by the replay' });
  else
    void loadNatsFeed().then((subscribeNatsSamples) => {
      if (!stopped) stops.push(subscribeNatsSamples(config, handlers('nats')));
    });
  stops.push(subscribeKafkaSamples(streamUrl, handlers('kafka')));
  return () => {
    stopped = true;
    for (const stop of stops.splice(0)) stop();
  };
}
