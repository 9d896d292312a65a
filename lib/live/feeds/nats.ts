import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import type { PublicConfig } from '@/lib/config';
import { PARITY_WILDCARD } from '@/lib/parity';
import { SAMPLES_WILDCARD, type FeedHandlers, type StopFeed } from '@/lib/samples';

/** Wait (ms) before a new connection when the client itself has given up. */
const RESTART_MS = 1_000;

/**
 * Subscribes to every latency window published on NATS, over the WebSocket listener,
 * as the browser's read-only user. Never gives up: a wall dashboard must come back by
 * itself after any number of broker restarts. The client reconnects by itself; should it
 * ever close for good (it can, mid-reconnect), this starts a new connection rather than
 * leaving the page "closed".
 */
export function subscribeNatsSamples(config: PublicConfig, handlers: FeedHandlers): StopFeed {
  let nc: NatsConnection | undefined;
  let stopped = false;
  handlers.onStatus({ type: 'connecting' });

  void (async () => {
    while (!stopped) {
      try {
        nc = await wsconnect({
          servers: config.natsWsUrls,
          user: config.natsBrowserUser,
          pass: config.natsBrowserPass,
          name: 'cutover-dashboard',
          waitOnFirstConnect: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          pingInterval: 10_000,
          // A server still starting may refuse credentials it will accept a moment later.
          ignoreAuthErrorAbort: true,
        });
      } catch (err) {
        handlers.onStatus({
          type: 'unavailable',
          reason: err instanceof Error ? err.message : String(err),
        });
        await new Promise((r) => setTimeout(r, RESTART_MS));
        continue;
      }
      if (stopped) break;
      handlers.onStatus({ type: 'connected' });
      nc.subscribe(SAMPLES_WILDCARD, {
        callback: (err, msg) =>
          err ? undefined : handlers.onMessage(msg.data, { type: 'nats', subject: msg.subject }),
      });
      nc.subscribe(PARITY_WILDCARD, {
        callback: (err, msg) => (err ? undefined : handlers.onParity?.(msg.data)),
      });
      try {
        for await (const s of nc.status()) {
          if (s.type === 'disconnect' || s.type === 'reconnecting')
            handlers.onStatus({ type: 'reconnecting' });
          else if (s.type === 'reconnect') handlers.onStatus({ type: 'connected' });
        }
      } catch {
        // the status stream ended with the connection; start over below
      }
      if (stopped) break;
      handlers.onStatus({ type: 'reconnecting' });
      await nc.close().catch(() => undefined);
      await new Promise((r) => setTimeout(r, RESTART_MS));
    }
    await nc?.close().catch(() => undefined);
  })();

  return () => {
    stopped = true;
    void nc?.close();
  };
}
