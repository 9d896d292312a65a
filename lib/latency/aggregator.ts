import type { Histogram } from 'hdr-histogram-js';
import {
  REJECT_REASONS,
  TRANSPORTS,
  type LatencyWindow,
  type RejectReason,
  type Transport,
} from '@/lib/samples';
import { mergeHistograms, percentileUs } from './percentiles';
import type { RejectionCounts, SeriesPoint, Slot, TransportCounts } from './types';

export interface AggregatorOptions {
  /** Slots (seconds) kept per backend; older ones are dropped. */
  capacitySlots?: number;
  /** (probe, backend, window) keys remembered for de-duplication. */
  dedupeCapacity?: number;
  slotMs?: number;
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
    return (this.slots.get(backend) ?? []).map((s) => s.point);
  }

  /** The newest slot of a backend, or undefined. */
  latest(backend: string): SeriesPoint | undefined {
    const slots = this.slots.get(backend);
    return slots?.[slots.length - 1]?.point;
  }

  /** Merged distribution of a backend's slots that start at or after sinceMs. */
  mergedSince(backend: string, sinceMs: number): Histogram {
    const slots = (this.slots.get(backend) ?? []).filter((s) => s.slotStartMs >= sinceMs);
    return mergeHistograms(slots.map((s) => s.histogram));
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
      existing.point = pointOf(existing);
      return;
    }
    const slot: Slot = {
      slotStartMs,
      histogram: mergeHistograms([histogram]),
      errors,
      point: emptyPoint(slotStartMs),
    };
    slot.point = pointOf(slot);
    slots.splice(i + 1, 0, slot);
    if (slots.length > this.capacitySlots) slots.shift();
  }
}

function emptyPoint(slotStartMs: number): SeriesPoint {
  return { slotStartMs, count: 0, errors: 0, p50Us: 0, p99Us: 0, maxUs: 0 };
}

function pointOf(slot: Slot): SeriesPoint {
  const h = slot.histogram;
  return {
    slotStartMs: slot.slotStartMs,
    count: h.totalCount,
    errors: slot.errors,
    p50Us: percentileUs(h, 50),
    p99Us: percentileUs(h, 99),
    maxUs: h.totalCount === 0 ? 0 : h.maxValue,
  };
}
