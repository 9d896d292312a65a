'use client';

import type { ReactNode } from 'react';
import { useLatencyWindows } from '@/hooks/use-latency-windows';
import { LiveContext } from '@/hooks/use-live';
import type { PublicConfig } from '@/lib/config';
import type { SeedSeries } from '@/lib/live';

/**
 * One live connection per browser tab, above every page: NATS WebSocket + Kafka SSE
 * feed one LiveLatency, and navigating between pages keeps the history. Widgets read it
 * with useLive (hooks/use-live).
 */
export function LiveProvider({
  config,
  recordedAt,
  seed,
  children,
}: {
  config: PublicConfig;
  recordedAt: string | null;
  /** The server's last minute per backend, drawn while the feeds connect. */
  seed: SeedSeries;
  children: ReactNode;
}) {
  const state = useLatencyWindows(config, seed);
  return (
    <LiveContext.Provider value={{ ...state, config, recordedAt }}>{children}</LiveContext.Provider>
  );
}
