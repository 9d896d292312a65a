'use client';

import type { ReactNode } from 'react';
import { useLatencyWindows } from '@/hooks/use-latency-windows';
import { LiveContext } from '@/hooks/use-live';
import { useReplay } from '@/hooks/use-replay';
import type { PublicConfig } from '@/lib/config';
import type { SeedSeries } from '@/lib/live';
import type { ReplayInfo } from '@/lib/replay';

/**
 * One live connection per browser tab, above every page: NATS WebSocket + Kafka SSE
 * feed one LatencyReceiver, and navigating between pages keeps the history. Widgets read it
 * with useLive (hooks/use-live). In a replay the connection is the tab's replay stream,
 * on the replay's clock (hooks/use-replay).
 */
export function LiveProvider({
  config,
  recordedAt,
  replay,
  seed,
  children,
}: {
  config: PublicConfig;
  recordedAt: string | null;
  /** The recording when the data is a replay, else null. */
  replay: ReplayInfo | null;
  /** The server's last minute per backend, drawn while the feeds connect. */
  seed: SeedSeries;
  children: ReactNode;
}) {
  const feed = useReplay(replay)?.state.feed ?? null;
  const state = useLatencyWindows(config, seed, feed);
  return (
    <LiveContext.Provider value={{ ...state, config, recordedAt }}>{children}</LiveContext.Provider>
  );
}
