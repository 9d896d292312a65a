import type { ParityTotals } from './types';

export interface Progress {
  /** matched / target, 0..1. */
  fraction: number;
  /** Matched messages per second over the measured interval. */
  ratePerSecond: number;
  /** Seconds until matched reaches the target at that rate; null when not moving. */
  etaSeconds: number | null;
}

/**
 * Progress towards the shadow target from two totals taken intervalMs apart.
 * Uses matched, not shadowed: only verified messages count towards "safe to cut over".
 */
export function progress(
  target: number,
  previous: ParityTotals,
  current: ParityTotals,
  intervalMs: number,
): Progress {
  const ratePerSecond =
    intervalMs > 0 ? ((current.matched - previous.matched) * 1000) / intervalMs : 0;
  const remaining = Math.max(0, target - current.matched);
  return {
    fraction: target > 0 ? Math.min(1, current.matched / target) : 0,
    ratePerSecond,
    etaSeconds: remaining === 0 ? 0 : ratePerSecond > 0 ? remaining / ratePerSecond : null,
  };
}

/** An ETA in seconds for people: "12 min", "3.4 h", "2.1 days". */
export function formatEta(seconds: number): string {
  if (seconds < 3600) return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}
