'use client';

import { useLive } from '@/hooks/use-live';
import { STALE_AFTER_MS } from '@/lib/live';
import { ProbeClocks } from './probe-clocks';
import { TransportStatus } from './transport-status';

/** Both transports' health, on every page: connecting, live, stale (by the page's own clock), reconnecting. */
export function TransportStrip() {
  const { snapshot, nowMs, config } = useLive();
  return (
    <div className="flex flex-wrap gap-3" aria-label="transports">
      <TransportStatus
        transport="nats"
        label="NATS WebSocket"
        stats={snapshot.transports.nats}
        nowMs={nowMs}
        staleAfterMs={STALE_AFTER_MS}
      />
      <TransportStatus
        transport="kafka"
        label={config.source.type === 'replay' ? 'Replay → SSE' : 'Kafka → SSE'}
        stats={snapshot.transports.kafka}
        nowMs={nowMs}
        staleAfterMs={STALE_AFTER_MS}
      />
      <ProbeClocks />
    </div>
  );
}
