'use client';

import { useEffect, useState } from 'react';
import type { PublicConfig } from '@/lib/config';
import { subscribeKafkaSamples } from '@/lib/kafka/browser-feed';
import { LiveLatency, type LiveSnapshot } from '@/lib/latency';
import { subscribeNatsSamples } from '@/lib/nats';

/**
 * Age (ms) of the newest message after which a transport is shown as stale. Probes report
 * every second; 4 s plus the page's 1-s clock tick keeps "stale" within 5 s of the last report.
 */
export const STALE_AFTER_MS = 4_000;

export interface LatencyWindowsState {
  /** The live state itself, for exports (read it, don't mutate it). */
  live: LiveLatency;
  snapshot: LiveSnapshot;
  /** The page's own clock (ms), ticking every second so staleness shows without new data. */
  nowMs: number;
}

/**
 * Feeds one LiveLatency from both transports (NATS WebSocket and the Kafka SSE route)
 * and re-renders at most once per animation frame, however fast windows arrive.
 */
export function useLatencyWindows(config: PublicConfig): LatencyWindowsState {
  const [live] = useState(() => new LiveLatency());
  const [state, setState] = useState<Omit<LatencyWindowsState, 'live'>>(() => ({
    snapshot: live.snapshot(),
    nowMs: Date.now(),
  }));

  useEffect(() => {
    let frame = 0;
    const render = () => {
      frame = 0;
      setState({ snapshot: live.snapshot(), nowMs: Date.now() });
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(render);
    };
    // A replay arrives through the server's stream only; there is no broker to reach.
    const stopNats =
      config.source.type === 'replay'
        ? (live.setStatus('nats', { type: 'off', reason: 'not used by the replay' }), () => {})
        : subscribeNatsSamples(config, {
            onMessage: (data) => (live.receive(data, 'nats', Date.now()), schedule()),
            onRejected: (reason) => (live.all.reject(reason, 'nats', Date.now()), schedule()),
            onStatus: (status) => (live.setStatus('nats', status), schedule()),
            onParity: (data) => live.receiveParity(data),
          });
    const stopKafka = subscribeKafkaSamples('/api/stream', {
      onMessage: (data) => (live.receive(data, 'kafka', Date.now()), schedule()),
      onRejected: (reason) => (live.all.reject(reason, 'kafka', Date.now()), schedule()),
      onStatus: (status) => (live.setStatus('kafka', status), schedule()),
      onParity: (data) => live.receiveParity(data),
    });
    const clock = setInterval(schedule, 1000);
    return () => {
      clearInterval(clock);
      if (frame !== 0) cancelAnimationFrame(frame);
      stopNats();
      stopKafka();
    };
  }, [config, live]);

  return { ...state, live };
}
