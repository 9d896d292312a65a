'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { useLatencyWindows, type LatencyWindowsState } from '@/hooks/use-latency-windows';
import type { PublicConfig } from '@/lib/config';
import type { SeedSeries } from '@/lib/live';

export interface LiveContextValue extends LatencyWindowsState {
  config: PublicConfig;
  /** The recording's date when the data is a replay, else null. */
  recordedAt: string | null;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/**
 * One live connection per browser tab, above every page: NATS WebSocket + Kafka SSE
 * feed one LiveLatency, and navigating between pages keeps the history.
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

/** The live state, for widgets under LiveProvider. */
export function useLive(): LiveContextValue {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLive() outside <LiveProvider>');
  return v;
}
