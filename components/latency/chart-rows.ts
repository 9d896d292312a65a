import type { SeriesPoint } from '@/lib/latency';

/** The percentile a chart line draws, and its name in the row keys (`<backend>.<name>`). */
export interface ChartLine {
  key: 'p50Us' | 'p90Us' | 'p99Us' | 'p999Us' | 'maxUs';
  name: string;
}

/** The bottom of a log latency axis, ms: 1 µs, below anything a broker round trip takes. */
export const LOG_FLOOR_MS = 0.001;

/** One row of the percentile chart: slot start (epoch ms) and each line's value in ms, or null. */
export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * The chart's rows: one per slot that any backend has a point for, sorted by time. A line
 * is null where its backend has no window for that slot, or one that measured nothing;
 * where a backend's consecutive points are more than stepMs apart (a broker restart, a
 * stalled probe), a row is added at the first missing slot, so that with
 * `connectNulls={false}` the line breaks across the gap instead of bridging it.
 */
export function chartRows(
  backends: readonly { backend: string; points: readonly SeriesPoint[] }[],
  lines: readonly ChartLine[],
  stepMs: number,
  /**
   * The least value drawn, ms (a log axis: LOG_FLOOR_MS): one axis value of 0 or below
   * would make recharts' log scale, and with it every line of the chart, vanish. Lower
   * values are drawn on it; the chart's table shows what was measured.
   */
  floorMs = -Infinity,
): ChartRow[] {
  const times = new Set<number>();
  const bySlot = backends.map(({ backend, points }) => {
    const sorted = [...points].sort((a, b) => a.slotStartMs - b.slotStartMs);
    sorted.forEach((p, i) => {
      times.add(p.slotStartMs);
      const next = sorted[i + 1];
      if (next && next.slotStartMs - p.slotStartMs > stepMs) times.add(p.slotStartMs + stepMs);
    });
    return { backend, at: new Map(sorted.map((p) => [p.slotStartMs, p])) };
  });
  return [...times]
    .sort((a, b) => a - b)
    .map((t) => {
      const row: ChartRow = { t };
      for (const { backend, at } of bySlot) {
        const p = at.get(t);
        // A window that measured nothing (a stalled broker) is a gap too, not a 0 ms point.
        for (const l of lines)
          row[`${backend}.${l.name}`] =
            p && p.count > 0 ? Math.max(p[l.key] / 1000, floorMs) : null;
      }
      return row;
    });
}
