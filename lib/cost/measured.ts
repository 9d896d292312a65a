import type { PeriodSummary } from '@/lib/latency';
import type { MeasuredRate } from './types';

/**
 * A backend's measured throughput (msg/s) from its period summary: the messages the
 * windows counted over the part of the period they cover. None, with the reason, when
 * no window arrived or the newest one ended longer than periodMs before nowMs (Unix ms):
 * an old rate is not the current one.
 */
export function measuredRate(
  backend: string,
  summary: Pick<PeriodSummary, 'count' | 'coveredMs' | 'ratePerSecond'> | undefined,
  newestEndMs: number | null,
  periodMs: number,
  nowMs: number,
): MeasuredRate {
  if (!summary || newestEndMs === null || summary.count === 0)
    return { type: 'none', reason: `no latency windows from ${backend} yet` };
  if (nowMs - newestEndMs > periodMs)
    return {
      type: 'none',
      reason: `no window from ${backend} in the last ${Math.round(periodMs / 1000)} s`,
    };
  return {
    type: 'measured',
    ratePerSecond: summary.ratePerSecond,
    count: summary.count,
    coveredMs: summary.coveredMs,
    newestEndMs,
  };
}
