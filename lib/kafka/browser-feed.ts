import {
  REJECT_REASONS,
  type FeedHandlers,
  type FeedStatus,
  type RejectReason,
  type StopFeed,
} from '@/lib/samples';

/**
 * Browser side of the Kafka path: reads /api/stream (server-sent events). EventSource
 * reconnects by itself; we only translate its events into FeedStatus.
 */
export function subscribeKafkaSamples(url: string, handlers: FeedHandlers): StopFeed {
  handlers.onStatus({ type: 'connecting' });
  const source = new EventSource(url);
  source.addEventListener('sample', (e) => {
    try {
      handlers.onMessage(JSON.parse((e as MessageEvent<string>).data) as string);
    } catch {
      handlers.onRejected?.('not_json');
    }
  });
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
  source.onerror = () => handlers.onStatus({ type: 'reconnecting' });
  return () => source.close();
}

function safeParse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
