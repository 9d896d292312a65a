'use client';

import { useEffect, useMemo } from 'react';
import { useLive } from './use-live';
import { measuredRate, type MeasuredRate } from '@/lib/cost';

export interface MeasuredRates {
  /** One entry per backend asked for, measured or with the reason there is no figure. */
  byBackend: Record<string, MeasuredRate>;
  /** The recording's date while the app replays one (the rates are then replayed), else null. */
  recordedAt: string | null;
  /** Probe ids seen, for the probe filter. */
  probes: string[];
}

/**
 * Each backend's current throughput (msg/s) over the last periodMs, from the messages the
 * latency windows counted (one probe's only when probe is set): the same merged summary
 * the latency page shows as throughput.
 */
export function useMeasuredRate(
  backends: readonly string[],
  periodMs: number,
  probe: string | null,
): MeasuredRates {
  const { figures, nowMs, recordedAt, setProbeFilter } = useLive();
  useEffect(() => setProbeFilter(probe), [setProbeFilter, probe]);
  const key = backends.join('|');
  const byBackend = useMemo(
    () =>
      Object.fromEntries(
        key.split('|').map((backend) => {
          const summary = figures.backends().includes(backend)
            ? figures.summary(backend, periodMs)
            : undefined;
          const newestSlotMs = figures.latest(backend)?.slotStartMs ?? null;
          return [backend, measuredRate(backend, summary, newestSlotMs, periodMs, nowMs)];
        }),
      ),
    // figures change whenever data does; nowMs ticks so a stopped feed goes stale.
    [nowMs, key, periodMs, figures],
  );
  return { byBackend, recordedAt, probes: figures.probes() };
}
