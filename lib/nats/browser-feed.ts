import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import type { PublicConfig } from '@/lib/config';
import { PARITY_WILDCARD } from '@/lib/parity/protocol';
import { SAMPLES_WILDCARD, type FeedHandlers, type StopFeed } from '@/lib/samples';

/**
 * Subscribes to every latency window published on NATS, over the WebSocket listener,
 * as the browser's read-only user. Never gives up reconnecting: a wall dashboard must
 * come back by itself after a broker restart.
 */
export function subscribeNatsSamples(config: PublicConfig, handlers: FeedHandlers): StopFeed {
  let nc: NatsConnection | undefined;
  let stopped = false;
  handlers.onStatus({ type: 'connecting' });

  void (async () => {
    try {
      nc = await wsconnect({
        servers: config.natsWsUrl,
        user: config.natsBrowserUser,
        pass: config.natsBrowserPass,
        name: 'cutover-dashboard',
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        pingInterval: 10_000,
      });
    } catch (err) {
      handlers.onStatus({
        type: 'unavailable',
        reason: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    if (stopped) {
      await nc.close();
      return;
    }
    handlers.onStatus({ type: 'connected' });
    nc.subscribe(SAMPLES_WILDCARD, {
      callback: (err, msg) => (err ? undefined : handlers.onMessage(msg.data)),
    });
    nc.subscribe(PARITY_WILDCARD, {
      callback: (err, msg) => (err ? undefined : handlers.onParity?.(msg.data)),
    });
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnecting')
        handlers.onStatus({ type: 'reconnecting' });
      else if (s.type === 'reconnect') handlers.onStatus({ type: 'connected' });
    }
    handlers.onStatus({ type: 'closed' });
  })();

  return () => {
    stopped = true;
    void nc?.close();
  };
}
