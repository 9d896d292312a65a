import { decodeSample } from '@/lib/samples';

/** One probe window as the drill keeps it: its second and its e2e p99. */
export interface TapPoint {
  startMs: number;
  count: number;
  p99Ms: number;
}

/**
 * Collects one probe's e2e windows per backend from every transport they arrive on (the
 * probe publishes each window on NATS and on Kafka; during a node failure either may
 * miss some), keeping each window once. Anything that does not decode is ignored.
 */
export class WindowTap {
  private readonly points = new Map<string, Map<number, TapPoint>>();

  constructor(private readonly probeId: string) {}

  offer(data: Uint8Array | string): void {
    let w;
    try {
      w = decodeSample(data);
    } catch {
      return;
    }
    if (w.probeId !== this.probeId || w.metric !== 'e2e') return;
    let series = this.points.get(w.backend);
    if (!series) this.points.set(w.backend, (series = new Map()));
    if (series.has(w.windowStartMs)) return;
    series.set(w.windowStartMs, {
      startMs: w.windowStartMs,
      count: w.count,
      p99Ms: w.count === 0 ? 0 : w.histogram.getValueAtPercentile(99) / 1000,
    });
  }

  series(backend: string): TapPoint[] {
    return [...(this.points.get(backend)?.values() ?? [])].sort((a, b) => a.startMs - b.startMs);
  }
}

export interface Spike {
  /** Median of the per-second p99 over the baseline before the fault. */
  baselineP99Ms: number | null;
  /** Highest per-second p99 from the fault to the end of the window looked at. */
  peakP99Ms: number | null;
  /**
   * From the fault to the end of the last second whose p99 was above the threshold
   * (1.5 × baseline, and at least baseline + 10 ms), or whose second had no messages at all
   * (nothing delivered is the worst latency, not none); 0 when no second was.
   */
  durationMs: number;
  /** Seconds after the fault that had no window: nothing was delivered in them. */
  emptySeconds: number;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? null;
};

/**
 * The p99 spike a fault at `atMs` caused in a per-second series: the baseline from the
 * `baselineMs` before it, the peak and how long p99 stayed up within `windowMs` after it.
 */
export function measureSpike(
  series: TapPoint[],
  atMs: number,
  windowMs: number,
  baselineMs = 10_000,
): Spike {
  const before = series.filter((p) => p.startMs >= atMs - baselineMs && p.startMs < atMs - 1000);
  const baseline = median(before.filter((p) => p.count > 0).map((p) => p.p99Ms));
  const firstSecond = Math.floor(atMs / 1000) * 1000;
  const bySecond = new Map(series.map((p) => [p.startMs, p]));
  let peak: number | null = null;
  let lastHighEnd = atMs;
  let empty = 0;
  const threshold = baseline === null ? Infinity : Math.max(baseline * 1.5, baseline + 10);
  for (let s = firstSecond; s < atMs + windowMs; s += 1000) {
    const p = bySecond.get(s);
    if (!p || p.count === 0) {
      empty += 1;
      lastHighEnd = s + 1000;
      continue;
    }
    peak = Math.max(peak ?? 0, p.p99Ms);
    if (p.p99Ms > threshold) lastHighEnd = s + 1000;
  }
  return {
    baselineP99Ms: baseline,
    peakP99Ms: peak,
    durationMs: Math.max(0, lastHighEnd - atMs),
    emptySeconds: empty,
  };
}
