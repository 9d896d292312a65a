import type { Histogram } from 'hdr-histogram-js';
import {
  REJECT_REASONS,
  TRANSPORTS,
  type LatencyWindow,
  type RejectReason,
  type Transport,
} from '@/lib/samples';
import { fractionAbove, heatmapBins, mergeHistograms, percentileUs } from './percentiles';
import type { PeriodSummary, RejectionCounts, SeriesPoint, Slot, TransportCounts } from './types';

export interface AggregatorOptions {
  /** Slots (seconds) kept per backend; older ones are dropped. */
  capacitySlots?: number;
  /** Minute roll-ups kept per backend, for periods longer than the seconds kept. */
  capacityMinutes?: number;
  /** (probe, backend, window) keys remembered for de-duplication. */
  dedupeCapacity?: number;
  slotMs?: number;
  /**
   * Minimum age (ms) before a cached period summary is recomputed after new data. 0 in
   * tests; the browser uses 1 s: a 5-minute merge costs ~40 ms, and redoing it on every
   * frame kept the main thread busy.
   */
  summaryRefreshMs?: number;
  now?: () => number;
}

export type IngestResult = 'accepted' | 'duplicate' | 'too_old' | 'other_metric';

/**
 * Turns decoded latency windows from any transport into per-backend time series.
 * Windows are de-duplicated by (probe, backend, window start) so NATS and Kafka can
 * both deliver the same window; windows of several probes in the same second are
 * merged as histograms. Memory is bounded by capacitySlots and dedupeCapacity.
 */
export class LatencyAggregator {
  private readonly capacitySlots: number;
  private readonly capacityMinutes: number;
  /** Per backend: one merged histogram per minute, oldest first. */
  private readonly minutes = new Map<
    string,
    { minuteStartMs: number; firstSlotMs: number; histogram: Histogram; errors: number }[]
  >();
  private readonly summaries = new Map<
    string,
    { version: number; atMs: number; value: PeriodSummary }
  >();
  private readonly summaryRefreshMs: number;
  private readonly now: () => number;
  private readonly minuteCache = new Map<
    string,
    { version: number; atMs: number; value: SeriesPoint[] }
  >();
  /** Bumped on every accepted window; cached summaries are valid for one version. */
  private version = 0;
  private readonly dedupeCapacity: number;
  private readonly slotMs: number;
  /** Per backend: slots sorted by start time, oldest first. */
  private readonly slots = new Map<string, Slot[]>();
  private readonly seen = new Map<string, Transport>();
  private readonly probeIds = new Set<string>();
  private readonly transports: TransportCounts;
  private readonly rejected: RejectionCounts;

  constructor(options: AggregatorOptions = {}) {
    this.capacitySlots = options.capacitySlots ?? 300;
    this.capacityMinutes = options.capacityMinutes ?? 60;
    this.summaryRefreshMs = options.summaryRefreshMs ?? 0;
    this.now = options.now ?? Date.now;
    this.dedupeCapacity = options.dedupeCapacity ?? 20_000;
    this.slotMs = options.slotMs ?? 1000;
    this.transports = Object.fromEntries(
      TRANSPORTS.map((t) => [t, { accepted: 0, duplicates: 0, rejected: 0, lastSeenMs: null }]),
    ) as TransportCounts;
    this.rejected = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as RejectionCounts;
  }

  /** Adds a window that arrived on `transport` at wall-clock `nowMs`. */
  ingest(w: LatencyWindow, transport: Transport, nowMs: number): IngestResult {
    const stats = this.transports[transport];
    stats.lastSeenMs = nowMs;
    // The series are end-to-end latency; publish and send-delay windows are for other views.
    if (w.metric !== 'e2e') return 'other_metric';
    const key = `${w.probeId}|${w.backend}|${w.windowStartMs}`;
    if (this.seen.has(key)) {
      stats.duplicates += 1;
      return 'duplicate';
    }
    const slotStartMs = Math.floor(w.windowStartMs / this.slotMs) * this.slotMs;
    const slots = this.slots.get(w.backend) ?? [];
    const oldest = slots[0];
    if (slots.length >= this.capacitySlots && oldest && slotStartMs < oldest.slotStartMs)
      return 'too_old';

    this.remember(key, transport);
    if (this.probeIds.size < 100) this.probeIds.add(w.probeId);
    stats.accepted += 1;
    this.addToSlot(slots, slotStartMs, w.histogram, w.errors);
    this.slots.set(w.backend, slots);
    this.addToMinute(w.backend, slotStartMs, w.histogram, w.errors);
    this.version += 1;
    return 'accepted';
  }

  /** Counts a message that failed decoding. */
  reject(reason: RejectReason, transport: Transport, nowMs: number): void {
    this.rejected[reason] += 1;
    this.transports[transport].rejected += 1;
    this.transports[transport].lastSeenMs = nowMs;
  }

  backends(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** The backend's series, oldest first. */
  series(backend: string): SeriesPoint[] {
    return (this.slots.get(backend) ?? []).map(pointOfSlot);
  }

  /** How many one-second slots a backend has. */
  slotCount(backend: string): number {
    return this.slots.get(backend)?.length ?? 0;
  }

  /** The newest slot of a backend, or undefined. */
  latest(backend: string): SeriesPoint | undefined {
    const slots = this.slots.get(backend);
    const last = slots?.[slots.length - 1];
    return last && pointOfSlot(last);
  }

  /** Per-minute points of a backend (for views longer than the seconds kept), oldest first. */
  minutePoints(backend: string): SeriesPoint[] {
    const key = `minutes|${backend}`;
    const cached = this.minuteCache.get(key);
    if (
      cached &&
      (cached.version === this.version || this.now() - cached.atMs < this.summaryRefreshMs)
    )
      return cached.value;
    const value = (this.minutes.get(backend) ?? []).map((m) =>
      pointOf({
        slotStartMs: m.minuteStartMs,
        histogram: m.histogram,
        errors: m.errors,
      }),
    );
    this.minuteCache.set(key, { version: this.version, atMs: this.now(), value });
    return value;
  }

  /** Start of the newest slot of any backend: "now" for period queries, so replays and tests read the same. */
  newestSlotMs(): number | null {
    let newest: number | null = null;
    for (const slots of this.slots.values()) {
      const last = slots[slots.length - 1];
      if (last && (newest === null || last.slotStartMs > newest)) newest = last.slotStartMs;
    }
    return newest;
  }

  /**
   * A backend's distribution over the last periodMs (ending with the newest slot of any
   * backend), from one merged histogram: second slots for periods they cover, minute
   * roll-ups beyond (so a 1-hour view merges 60 histograms, not 3,600; a minute only
   * partly inside the period is left out, and coveredMs says so). Cached until the next
   * window arrives.
   */
  summary(backend: string, periodMs: number, slaUs: number): PeriodSummary {
    const key = `${backend}|${periodMs}|${slaUs}`;
    const cached = this.summaries.get(key);
    if (
      cached &&
      (cached.version === this.version || this.now() - cached.atMs < this.summaryRefreshMs)
    )
      return cached.value;
    const endMs = (this.newestSlotMs() ?? 0) + this.slotMs;
    const fromMs = endMs - periodMs;
    const useSeconds = periodMs <= this.capacitySlots * this.slotMs;
    const parts = useSeconds
      ? (this.slots.get(backend) ?? [])
          .filter((s) => s.slotStartMs >= fromMs)
          .map((s) => ({ startMs: s.slotStartMs, h: s.histogram, errors: s.errors }))
      : (this.minutes.get(backend) ?? [])
          .filter((m) => m.minuteStartMs >= fromMs)
          .map((m) => ({ startMs: m.firstSlotMs, h: m.histogram, errors: m.errors }));
    const h = mergeHistograms(parts.map((p) => p.h));
    const firstMs = parts[0]?.startMs ?? endMs;
    const coveredMs = Math.max(this.slotMs, Math.min(periodMs, endMs - Math.max(firstMs, fromMs)));
    const value: PeriodSummary = {
      backend,
      periodMs,
      coveredMs,
      count: h.totalCount,
      errors: parts.reduce((n, p) => n + p.errors, 0),
      p50Us: percentileUs(h, 50),
      p90Us: percentileUs(h, 90),
      p99Us: percentileUs(h, 99),
      p999Us: percentileUs(h, 99.9),
      maxUs: percentileUs(h, 100),
      overSla: fractionAbove(h, slaUs),
      ratePerSecond: (h.totalCount * 1000) / coveredMs,
    };
    this.summaries.set(key, { version: this.version, atMs: this.now(), value });
    return value;
  }

  /** The backend's slots with their merged histograms, oldest first (read-only: for export). */
  slotsOf(backend: string): readonly Readonly<Slot>[] {
    return this.slots.get(backend) ?? [];
  }

  /** Probe ids seen so far (at most 100 kept). */
  probes(): string[] {
    return [...this.probeIds].sort();
  }

  transportStats(): Readonly<TransportCounts> {
    return this.transports;
  }

  rejections(): Readonly<RejectionCounts> {
    return this.rejected;
  }

  private addToMinute(
    backend: string,
    slotStartMs: number,
    histogram: Histogram,
    errors: number,
  ): void {
    const minuteStartMs = Math.floor(slotStartMs / 60_000) * 60_000;
    const minutes = this.minutes.get(backend) ?? [];
    let i = minutes.length - 1;
    while (i >= 0 && minutes[i]!.minuteStartMs > minuteStartMs) i -= 1;
    const existing = minutes[i];
    if (existing && existing.minuteStartMs === minuteStartMs) {
      existing.histogram.add(histogram);
      existing.errors += errors;
      existing.firstSlotMs = Math.min(existing.firstSlotMs, slotStartMs);
    } else {
      minutes.splice(i + 1, 0, {
        minuteStartMs,
        firstSlotMs: slotStartMs,
        histogram: mergeHistograms([histogram]),
        errors,
      });
      if (minutes.length > this.capacityMinutes) minutes.shift();
    }
    this.minutes.set(backend, minutes);
  }

  private remember(key: string, transport: Transport): void {
    this.seen.set(key, transport);
    if (this.seen.size > this.dedupeCapacity) {
      const oldestKey = this.seen.keys().next().value;
      if (oldestKey !== undefined) this.seen.delete(oldestKey);
    }
  }

  private addToSlot(
    slots: Slot[],
    slotStartMs: number,
    histogram: Histogram,
    errors: number,
  ): void {
    // Windows nearly always arrive in order, so search from the newest end.
    let i = slots.length - 1;
    while (i >= 0 && (slots[i] as Slot).slotStartMs > slotStartMs) i -= 1;
    const existing = slots[i];
    if (existing && existing.slotStartMs === slotStartMs) {
      existing.histogram.add(histogram);
      existing.errors += errors;
      existing.point = null;
      return;
    }
    const slot: Slot = {
      slotStartMs,
      histogram: mergeHistograms([histogram]),
      errors,
      point: null,
    };
    slots.splice(i + 1, 0, slot);
    if (slots.length > this.capacitySlots) slots.shift();
  }
}

/**
 * The slot's point, computed when first read after a change: percentiles and heatmap
 * bins cost ~1 ms a slot, too much to redo on every window when nobody is looking.
 */
function pointOfSlot(slot: Slot): SeriesPoint {
  slot.point ??= pointOf(slot);
  return slot.point;
}

function pointOf(slot: Pick<Slot, 'slotStartMs' | 'histogram' | 'errors'>): SeriesPoint {
  const h = slot.histogram;
  return {
    slotStartMs: slot.slotStartMs,
    count: h.totalCount,
    errors: slot.errors,
    p50Us: percentileUs(h, 50),
    p90Us: percentileUs(h, 90),
    p99Us: percentileUs(h, 99),
    p999Us: percentileUs(h, 99.9),
    maxUs: percentileUs(h, 100),
    bins: heatmapBins(h),
  };
}
