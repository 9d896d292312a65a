import {
  REJECT_REASONS,
  type FeedHandlers,
  type FeedStatus,
  type RejectReason,
  type StopFeed,
} from '@/lib/samples';

/** Wait (ms) before a new EventSource when the browser has given up on the old one. */
const RESTART_MS = 1_000;

/**
 * Browser side of the Kafka path: reads /api/stream (server-sent events). EventSource
 * reconnects by itself after a dropped stream, but not after an error response: a server
 * shutting down answers 503, and the browser then closes the source for good. So a closed
 * source is replaced, as the NATS feed replaces a closed client: a wall dashboard must
 * come back by itself after a dashboard restart too.
 */
export function subscribeKafkaSamples(url: string, handlers: FeedHandlers): StopFeed {
  handlers.onStatus({ type: 'connecting' });
  let source: EventSource;
  let stopped = false;
  let restart: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    source = new EventSource(url);
    source.addEventListener('sample', (e) => {
      try {
        // The server checked each sample's key before it reached any stream (SampleHub).
        handlers.onMessage(JSON.parse((e as MessageEvent<string>).data) as string, {
          type: 'checked',
        });
      } catch {
        handlers.onRejected?.('not_json');
      }
    });
    source.addEventListener('history', (e) =>
      handlers.onHistory?.((e as MessageEvent<string>).data),
    );
    source.addEventListener('parity', (e) => {
      const text = safeParse<string>((e as MessageEvent<string>).data);
      if (typeof text === 'string') handlers.onParity?.(text);
    });
    source.addEventListener('rejected', (e) => {
      const reason = safeParse<{ reason?: string }>((e as MessageEvent<string>).data)?.reason;
      if (reason && (REJECT_REASONS as readonly string[]).includes(reason))
        handlers.onRejected?.(reason as RejectReason);
    });
    source.addEventListener('status', (e) => {
      const status = safeParse<FeedStatus>((e as MessageEvent<string>).data);
      if (status) handlers.onStatus(status);
    });
    source.onerror = () => {
      handlers.onStatus({ type: 'reconnecting' });
      if (source.readyState !== EventSource.CLOSED || stopped || restart !== undefined) return;
      restart = setTimeout(() => {
        restart = undefined;
        if (!stopped) open();
      }, RESTART_MS);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(restart);
    source.close();
  };
}

function safeParse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
