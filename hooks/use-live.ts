'use client';

import { createContext, useContext } from 'react';
import type { PublicConfig } from '@/lib/config';
import type { LatencyWindowsState } from './use-latency-windows';

export interface LiveContextValue extends LatencyWindowsState {
  config: PublicConfig;
  /** The recording's date when the data is a replay, else null. */
  recordedAt: string | null;
}

/** What LiveProvider (components/live) hands to every widget below it. */
export const LiveContext = createContext<LiveContextValue | null>(null);

/** The live state, for widgets under LiveProvider. */
export function useLive(): LiveContextValue {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLive() outside <LiveProvider>');
  return v;
}
