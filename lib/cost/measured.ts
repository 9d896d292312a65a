import type { PeriodSummary } from '@/lib/latency';
import type { MeasuredRate } from './types';

/**
 * A backend's measured throughput (msg/s) from its period summary: the messages the
 * windows counted over the part of the period they cover. None, with the reason, when
 * no window arrived or the newest one (slot start, Unix ms) is more than periodMs older
 * than nowMs (Unix ms): an old rate is not the current one.
 */
export function measuredRate(
  backend: string,
  summary: Pick<PeriodSummary, 'count' | 'coveredMs' | 'ratePerSecond'> | undefined,
  newestSlotMs: number | null,
  periodMs: number,
  nowMs: number,
): MeasuredRate {
  if (!summary || newestSlotMs === null || summary.count === 0)
    return { type: 'none', reason: `no latency windows from ${backend} yet` };
  if (nowMs - newestSlotMs > periodMs)
    return {
      type: 'none',
      reason: `no window from ${backend} in the last ${Math.round(periodMs / 1000)} s`,
    };
  return {
    type: 'measured',
    ratePerSecond: summary.ratePerSecond,
    count: summary.count,
    coveredMs: summary.coveredMs,
    newestSlotMs,
  };
}

/**
 * The workload's rate (msg/s) for the "what if" table: the highest measured backend rate,
 * since in a shadow run every backend carries the same messages and a lagging one
 * undercounts. Null when no backend has a measured rate.
 */
export function workloadRatePerSecond(rates: readonly MeasuredRate[]): number | null {
  const measured = rates.flatMap((r) => (r.type === 'measured' ? [r.ratePerSecond] : []));
  return measured.length > 0 ? Math.max(...measured) : null;
}
