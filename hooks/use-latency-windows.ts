'use client';

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { PublicConfig } from '@/lib/config';
import { subscribeKafkaSamples } from '@/lib/kafka/browser-feed';
import { LiveLatency, type LiveSnapshot } from '@/lib/latency';
import { subscribeNatsSamples } from '@/lib/nats';
import { startSampleDecoder } from '@/lib/samples/worker-decoder';

/**
 * After a render, the next waits until this many times its cost has passed: an idle page
 * still shows each window in the next frame (a 60 ms gap dwarfs a 5 ms render), while a
 * flood of windows gets at most 1 / (1 + factor) of the main thread for rendering instead
 * of every frame.
 */
const RENDER_REST_FACTOR = 3;
/** The longest rest (ms), so a slow render on a loaded machine never freezes the page. */
const MAX_RENDER_REST_MS = 200;

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
 * and re-renders at most once per animation frame, however fast windows arrive, resting
 * between renders in proportion to what the last one cost (RENDER_REST_FACTOR).
 */
export function useLatencyWindows(config: PublicConfig): LatencyWindowsState {
  const [live] = useState(() => new LiveLatency());
  const [state, setState] = useState<Omit<LatencyWindowsState, 'live'>>(() => ({
    snapshot: live.snapshot(),
    nowMs: Date.now(),
  }));

  useEffect(() => {
    let frame = 0;
    let rest: ReturnType<typeof setTimeout> | undefined;
    // When the last render ended and what it cost (ms, performance clock): snapshot, React
    // render and commit of every widget under the provider. flushSync keeps the measure to
    // that work alone; a scheduled render would also count the time queued behind other
    // tasks (a chart redraw), and rest for it.
    let lastEndedMs = 0;
    let lastCostMs = 0;
    const render = () => {
      frame = 0;
      const startedMs = performance.now();
      flushSync(() => setState({ snapshot: live.snapshot(), nowMs: Date.now() }));
      lastEndedMs = performance.now();
      lastCostMs = lastEndedMs - startedMs;
    };
    const schedule = () => {
      if (frame !== 0 || rest !== undefined) return;
      const restMs = Math.min(
        MAX_RENDER_REST_MS,
        lastEndedMs + RENDER_REST_FACTOR * lastCostMs - performance.now(),
      );
      if (restMs <= 0) frame = requestAnimationFrame(render);
      else
        rest = setTimeout(() => {
          rest = undefined;
          frame = requestAnimationFrame(render);
        }, restMs);
    };
    // Decoding runs in a worker; the main thread only merges what comes back.
    const decoder = startSampleDecoder((decoded) => {
      if (decoded.type === 'window')
        live.ingest(decoded.window, decoded.transport, decoded.receivedMs);
      else live.all.reject(decoded.reason, decoded.transport, decoded.receivedMs);
      schedule();
    });
    // A replay arrives through the server's stream only; there is no broker to reach.
    const stopNats =
      config.source.type === 'replay'
        ? (live.setStatus('nats', { type: 'off', reason: 'not used by the replay' }), () => {})
        : subscribeNatsSamples(config, {
            onMessage: (data) => decoder.decode(data, 'nats', Date.now()),
            onRejected: (reason) => (live.all.reject(reason, 'nats', Date.now()), schedule()),
            onStatus: (status) => (live.setStatus('nats', status), schedule()),
            onParity: (data) => live.receiveParity(data),
          });
    const stopKafka = subscribeKafkaSamples('/api/stream', {
      onMessage: (data) => decoder.decode(data, 'kafka', Date.now()),
      onRejected: (reason) => (live.all.reject(reason, 'kafka', Date.now()), schedule()),
      onStatus: (status) => (live.setStatus('kafka', status), schedule()),
      onParity: (data) => live.receiveParity(data),
    });
    const clock = setInterval(schedule, 1000);
    return () => {
      clearInterval(clock);
      clearTimeout(rest);
      if (frame !== 0) cancelAnimationFrame(frame);
      stopNats();
      stopKafka();
      decoder.stop();
    };
  }, [config, live]);

  return { ...state, live };
}
