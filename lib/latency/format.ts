/** Human latency text from microseconds, always with its unit: "850 µs", "3.42 ms", "42.1 ms", "187 ms". */
export function formatLatencyUs(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (us < 1000) return `${Math.round(us)} µs`;
  const ms = us / 1000;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** Messages per second with a thousands separator: "10,000 msg/s". */
export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} msg/s`;
}

// One formatter for every clock label: toLocaleTimeString builds a new one per call, and a
// chart asks for hundreds of labels per redraw (it was the top function in a profile).
const clockFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Local wall-clock time of a Unix ms timestamp: "14:36:19". */
export function formatClock(ms: number): string {
  return clockFormat.format(ms);
}

/**
 * What a period figure covers when it is short of its label: "18 s of data" for a
 * "15m" figure from a tab that holds 18 s. Null when the data spans (nearly) the period:
 * the newest window is a second or two behind the clock, so 90% counts as all of it.
 */
export function coverageNote(s: {
  count: number;
  coveredMs: number;
  periodMs: number;
}): string | null {
  if (s.count === 0 || s.coveredMs >= 0.9 * s.periodMs) return null;
  const seconds = Math.max(1, Math.round(s.coveredMs / 1000));
  return seconds < 120 ? `${seconds} s of data` : `${Math.round(seconds / 60)} min of data`;
}

/** A probe's clock offset for people: "3,600 s ahead", "12 s behind". */
export function formatClockOffset(aheadMs: number): string {
  const s = Math.round(Math.abs(aheadMs) / 1000);
  return `${s.toLocaleString('en-US')} s ${aheadMs >= 0 ? 'ahead of' : 'behind'}`;
}
