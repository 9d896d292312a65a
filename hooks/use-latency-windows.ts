'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { PublicConfig } from '@/lib/config';
import type { EvidenceBundle } from '@/lib/evidence';
import {
  applyUpdate,
  EMPTY_QUERY,
  LiveFigures,
  seededState,
  startLive,
  withPeriod,
  type EvidenceFile,
  type LiveClient,
  type LiveQuery,
  type LiveSnapshot,
  type QueryScope,
  type SeedSeries,
} from '@/lib/live';
import { replayNowMs, type ReplayFeed } from '@/lib/replay';

/**
 * After a render, the next update is asked for once this many times its cost has passed:
 * an idle page still shows each window in the next frame (a 60 ms gap dwarfs a 5 ms
 * render), while a flood of windows gets at most 1 / (1 + factor) of the main thread for
 * rendering instead of every frame.
 */
const RENDER_REST_FACTOR = 3;
/** The longest rest (ms), so a slow render on a loaded machine never freezes the page. */
const MAX_RENDER_REST_MS = 200;
/**
 * Renders a second, on average, under a flood of windows: more than anyone reads off a
 * wall. Without a cap cheap renders ran ~46 a second, and style, layout and paint (outside
 * the measured cost) made that a third of the main thread. A token bucket, not a fixed
 * interval: a window arriving on a quiet page is still drawn in the next frame.
 */
const RENDERS_PER_SECOND = 20;
/** Renders allowed back to back before the cap applies. */
const RENDER_BURST = 5;

export interface LatencyWindowsState {
  /** What widgets read, frozen for this render (a new object with every update). */
  figures: LiveFigures;
  snapshot: LiveSnapshot;
  /** The page's own clock (ms), ticking every second so staleness shows without new data. */
  nowMs: number;
  /** Shows one probe only from now on (null: all probes). Stable across renders. */
  setProbeFilter(probe: string | null): void;
  /** Evidence of what the view holds, as a file. Stable across renders. */
  exportEvidence(
    source: EvidenceBundle['source'],
    format: EvidenceFile['format'],
  ): Promise<EvidenceFile>;
}

/**
 * Runs the live engine (both feeds, decoding, merged histograms: lib/live) in a worker
 * and renders its updates, at most one per animation frame, resting between renders in
 * proportion to what the last one cost (RENDER_REST_FACTOR) and at most
 * RENDERS_PER_SECOND on average. In a replay the tab's clock is the replay's, and each
 * seek, pause or speed change (a new `replay`) starts the engine afresh from its stream.
 */
export function useLatencyWindows(
  config: PublicConfig,
  seed: SeedSeries,
  replay: ReplayFeed | null = null,
): LatencyWindowsState {
  const client = useRef<LiveClient | null>(null);
  const query = useRef<LiveQuery>(EMPTY_QUERY);
  const [{ figures, nowMs }, setState] = useState(() => ({
    figures: new LiveFigures(seededState(seed)),
    nowMs: replay ? replayNowMs(replay.clock, Date.now()) : Date.now(),
  }));

  useEffect(() => {
    const clockNow = replay ? () => replayNowMs(replay.clock, Date.now()) : Date.now;
    let state = seededState(replay ? [] : seed);
    let frame = 0;
    let rest: ReturnType<typeof setTimeout> | undefined;
    let queryQueued = false;
    let tokens = RENDER_BURST;
    let tokensAtMs = performance.now();
    // Figures a widget read but the engine did not compute: add their period to the query.
    const request = (scope: QueryScope, periodMs: number) => {
      const next = withPeriod(query.current, scope, periodMs);
      if (next === query.current) return;
      query.current = next;
      if (queryQueued) return;
      queryQueued = true;
      queueMicrotask(() => {
        queryQueued = false;
        client.current?.setQuery(query.current);
      });
    };
    // flushSync keeps the measured cost to this render alone (snapshot, React render and
    // commit); a scheduled render would also count time queued behind other tasks.
    const render = (pullAfter: boolean) => {
      const startedMs = performance.now();
      flushSync(() => setState({ figures: new LiveFigures(state, request), nowMs: clockNow() }));
      if (!pullAfter) return;
      const endedMs = performance.now();
      tokens = Math.min(
        RENDER_BURST,
        tokens + ((endedMs - tokensAtMs) * RENDERS_PER_SECOND) / 1000 - 1,
      );
      tokensAtMs = endedMs;
      const restMs = Math.min(
        MAX_RENDER_REST_MS,
        Math.max(
          RENDER_REST_FACTOR * (endedMs - startedMs),
          tokens >= 1 ? 0 : ((1 - tokens) * 1000) / RENDERS_PER_SECOND,
        ),
      );
      rest = setTimeout(() => {
        rest = undefined;
        client.current?.pull();
      }, restMs);
    };
    const streamUrl = new URL(replay?.streamUrl ?? '/api/stream', location.href).href;
    const engine = startLive(
      config,
      streamUrl,
      (update) => {
        state = applyUpdate(state, update);
        frame = requestAnimationFrame(() => {
          frame = 0;
          render(true);
        });
      },
      replay?.clock,
    );
    client.current = engine;
    engine.setQuery(query.current);
    engine.pull();
    // Re-render without new data so ages and staleness move on the page's own clock.
    const clock = setInterval(() => {
      if (frame === 0) render(false);
    }, 1000);
    return () => {
      clearInterval(clock);
      clearTimeout(rest);
      if (frame !== 0) cancelAnimationFrame(frame);
      engine.stop();
      client.current = null;
    };
    // The seed is what the page was rendered with: only the first mount reads it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config, replay]);

  const controls = useMemo(
    () => ({
      setProbeFilter(probe: string | null) {
        if (query.current.probe === probe) return;
        query.current = { ...query.current, probe };
        client.current?.setQuery(query.current);
      },
      exportEvidence(source: EvidenceBundle['source'], format: EvidenceFile['format']) {
        const c = client.current;
        return c
          ? c.exportEvidence(source, format)
          : Promise.reject(new Error('not connected yet'));
      },
    }),
    [],
  );

  return { figures, snapshot: figures.snapshot, nowMs, ...controls };
}
