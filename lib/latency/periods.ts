// What a period's view needs that holds no histogram code: the page's main thread imports it.
import type { PeriodSummary } from './types';

/** Seconds of per-second slots kept per backend; longer periods merge minute roll-ups. */
export const SECONDS_KEPT = 300;

/** Minute roll-ups kept per backend (an hour). */
export const MINUTES_KEPT = 60;

/**
 * Step (ms) of a chart of the last periodMs: one point a second while the seconds kept
 * cover the period, else one a minute.
 */
export function chartStepMs(periodMs: number): 1000 | 60_000 {
  return periodMs <= SECONDS_KEPT * 1000 ? 1000 : 60_000;
}

/** A period with no data: what a figure shows before its first window. */
export function emptySummary(backend: string, periodMs: number): PeriodSummary {
  return {
    backend,
    periodMs,
    coveredMs: 0,
    firstSlotMs: 0,
    lastSlotEndMs: 0,
    count: 0,
    errors: 0,
    p50Us: 0,
    p90Us: 0,
    p99Us: 0,
    p999Us: 0,
    maxUs: 0,
    overSla: 0,
    ratePerSecond: 0,
  };
}
