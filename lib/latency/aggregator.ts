import type { Histogram } from 'hdr-histogram-js';
import type { LatencyKind, LatencyWindow, RejectReason, Transport } from '@/lib/samples';
import {
  copyHistogram,
  fractionAbove,
  heatmapBins,
  MAX_SLOT_MESSAGES,
  mergeHistograms,
  percentilesOf,
} from './percentiles';
import type {
  PeriodSummary,
  ProbeClock,
  RejectionCounts,
  SeriesPoint,
  Slot,
  TransportCounts,
} from './types';
import { ArrivalCounts } from './arrival-counts';
import { decodeHistory, encodeHistory } from './history';
import { MINUTES_KEPT, SECONDS_KEPT } from './periods';
import { ProbeClocks } from './probe-clocks';
import { keyBackend, WindowLedger } from './window-ledger';

export interface AggregatorOptions {
  /** Slots (seconds) kept per backend; older ones are dropped. */
  capacitySlots?: number;
  /** Minute roll-ups kept per backend, for periods longer than the seconds kept. */
  capacityMinutes?: number;
  slotMs?: number;
  /** A window ending more than this (ms) after the receiver's clock is refused as clock_skew. */
  skewToleranceMs?: number;
  /**
   * Minimum age (ms) before a cached period summary is recomputed after new data. 0 in
   * tests; the browser uses 1 s: a 5-minute merge costs ~40 ms, and redoing it on every
   * frame kept the main thread busy. A summary served stale is recomputed once this has
   * passed (see refreshDueAtMs), so the last figures always catch up with the last window.
   */
  summaryRefreshMs?: number;
  /** The receiver's clock: periods end here (a replay's clock in a replay). */
  now?: () => number;
  /** The kind of latency whose windows are merged (default e2e); others are left as other_kind. */
  kind?: LatencyKind;
}

/**
 * What became of a window: merged, or why not. The refusals (clock_skew, too_old,
 * conflict) are also counted as rejections under the same reason.
 */
export type IngestResult =
  'accepted' | 'duplicate' | 'conflict' | 'too_old' | 'clock_skew' | 'out_of_range' | 'other_kind';

interface Minute {
  minuteStartMs: number;
  firstSlotMs: number;
  lastSlotMs: number;
  histogram: Histogram;
  errors: number;
}

interface CachedSummary {
  version: number;
  atMs: number;
  /** Start of the oldest slot or minute merged: the summary is stale once the period's start passes it. */
  oldestPartMs: number;
  value: PeriodSummary;
}

/**
 * Turns decoded latency windows from any transport into per-backend time series.
 *
 * - A window is merged once: copies (NATS and Kafka both deliver it) are duplicates, a
 *   copy with other content a conflict (WindowLedger).
 * - "Now" is the receiver's clock: periods end there, so no producer's clock can move
 *   another backend's period; a window ending more than skewToleranceMs ahead is refused
 *   as clock_skew, one older than the seconds kept as too_old.
 * - Windows of several probes in the same second are merged as histograms.
 * Memory is bounded by capacitySlots, capacityMinutes and the ledger's horizon.
 */
export class LatencyAggregator {
  private readonly capacitySlots: number;
  private readonly capacityMinutes: number;
  private readonly slotMs: number;
  private readonly summaryRefreshMs: number;
  private readonly now: () => number;
  private readonly kind: LatencyKind;
  /** Per backend: slots sorted by start time, oldest first. */
  private readonly slots = new Map<string, Slot[]>();
  /** Per backend: one merged histogram per minute, oldest first. */
  private readonly minutes = new Map<string, Minute[]>();
  /** Per backend: seconds are complete from here on (a slot before it was dropped). */
  private readonly secondsFromMs = new Map<string, number>();
  /** Per backend: when (receiver clock) its newest window was accepted. */
  private readonly acceptedAtMs = new Map<string, number>();
  private readonly ledger: WindowLedger;
  private readonly summaries = new Map<string, CachedSummary>();
  private readonly minuteCache = new Map<
    string,
    { version: number; atMs: number; value: SeriesPoint[] }
  >();
  /** Summaries handed out stale, by key: when each may be recomputed. */
  private readonly staleSummaries = new Map<string, number>();
  /** Bumped on every accepted window; cached summaries are valid for one version. */
  private version = 0;
  private readonly probeClocks = new ProbeClocks();
  private readonly counts = new ArrivalCounts();

  constructor(options: AggregatorOptions = {}) {
    this.capacitySlots = options.capacitySlots ?? SECONDS_KEPT;
    this.capacityMinutes = options.capacityMinutes ?? MINUTES_KEPT;
    this.slotMs = options.slotMs ?? 1000;
    this.summaryRefreshMs = options.summaryRefreshMs ?? 0;
    this.now = options.now ?? Date.now;
    this.kind = options.kind ?? 'e2e';
    this.ledger = new WindowLedger({
      horizonMs: this.capacitySlots * this.slotMs,
      skewToleranceMs: options.skewToleranceMs,
      slotMs: this.slotMs,
    });
  }

  /** Adds a window that arrived on `transport` at `nowMs` by the receiver's clock. */
  ingest(w: LatencyWindow, transport: Transport, nowMs: number): IngestResult {
    // One kind per aggregator: e2e for the series; publish and send delay: probe-windows.ts.
    if (w.metric !== this.kind) return 'other_kind';
    this.probeClocks.track(w.probeId, w.windowEndMs - nowMs, nowMs);
    const verdict = this.ledger.admit(w, nowMs);
    if (verdict === 'clock_skew' || verdict === 'too_old' || verdict === 'conflict')
      return this.refuse(verdict, w.probeId, transport);
    this.counts.seen(transport, nowMs);
    if (verdict === 'duplicate') {
      this.counts.duplicate(transport);
      return 'duplicate';
    }
    const slotStartMs = Math.floor(w.windowStartMs / this.slotMs) * this.slotMs;
    const slots = this.slots.get(w.backend) ?? [];
    const at = slotAtOrBefore(slots, slotStartMs);
    const inSlot = slots[at]?.slotStartMs === slotStartMs ? slots[at]!.histogram.totalCount : 0;
    if (w.count > MAX_SLOT_MESSAGES - inSlot)
      return this.refuse('out_of_range', w.probeId, transport);
    this.counts.accepted(transport);
    this.addToSlot(w.backend, slots, slotStartMs, w.histogram, w.errors);
    this.slots.set(w.backend, slots);
    this.addToMinute(w.backend, slotStartMs, w.histogram, w.errors);
    this.acceptedAtMs.set(w.backend, nowMs);
    this.version += 1;
    return 'accepted';
  }

  /** Counts a message that failed decoding (or was refused before it reached here). */
  reject(reason: RejectReason, transport: Transport): void {
    this.counts.reject(reason, transport);
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

  /** When (receiver clock, ms) the backend's newest window was accepted, or null. */
  acceptedAt(backend: string): number | null {
    return this.acceptedAtMs.get(backend) ?? null;
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
      pointOf({ slotStartMs: m.minuteStartMs, histogram: m.histogram, errors: m.errors }),
    );
    this.minuteCache.set(key, { version: this.version, atMs: this.now(), value });
    return value;
  }

  /** Start of the newest slot of any backend (what the charts' x axis ends at), or null. */
  newestSlotMs(): number | null {
    let newest: number | null = null;
    for (const slots of this.slots.values()) {
      const last = slots[slots.length - 1];
      if (last && (newest === null || last.slotStartMs > newest)) newest = last.slotStartMs;
    }
    return newest;
  }

  /**
   * A backend's distribution over the last periodMs, ending at the receiver's clock (the
   * end of its current slot), from one merged histogram. Periods inside the seconds kept
   * merge second slots; longer ones merge whole minute roll-ups for the part before the
   * seconds kept and second slots after, so a 1-hour view merges ~60 histograms, not
   * 3,600. A minute only partly inside the period is included whole: coverage is never
   * short of the period because of roll-up boundaries, and coveredMs says what was merged.
   * Cached until the next window arrives or data falls out of the period.
   */
  summary(backend: string, periodMs: number, slaUs: number): PeriodSummary {
    const key = `${backend}|${periodMs}|${slaUs}`;
    const nowMs = this.now();
    const cutMs = this.periodCut(backend, periodMs, nowMs);
    const cached = this.summaries.get(key);
    if (cached) {
      if (this.isCurrent(cached, cutMs)) {
        this.staleSummaries.delete(key);
        return cached.value;
      }
      if (nowMs - cached.atMs < this.summaryRefreshMs) {
        this.staleSummaries.set(key, cached.atMs + this.summaryRefreshMs);
        return cached.value;
      }
    }
    this.staleSummaries.delete(key);
    const parts = this.partsOf(backend, cutMs);
    const h = mergeHistograms(parts.map((p) => p.histogram));
    const first = parts[0];
    const last = parts[parts.length - 1];
    const firstSlotMs = first?.firstSlotMs ?? 0;
    const lastSlotEndMs = last ? last.lastSlotMs + this.slotMs : 0;
    const coveredMs = last ? lastSlotEndMs - firstSlotMs : 0;
    const value: PeriodSummary = {
      backend,
      periodMs,
      coveredMs,
      firstSlotMs,
      lastSlotEndMs,
      count: h.totalCount,
      errors: parts.reduce((n, p) => n + p.errors, 0),
      ...percentilesOf(h),
      overSla: fractionAbove(h, slaUs),
      ratePerSecond: coveredMs > 0 ? (h.totalCount * 1000) / coveredMs : 0,
    };
    this.summaries.set(key, {
      version: this.version,
      atMs: nowMs,
      oldestPartMs: first?.startMs ?? Number.POSITIVE_INFINITY,
      value,
    });
    return value;
  }

  /**
   * The earliest time (receiver clock) a summary handed out stale may be recomputed, or
   * null when every summary handed out is current: the trailing update after a burst.
   */
  refreshDueAtMs(): number | null {
    let due: number | null = null;
    for (const atMs of this.staleSummaries.values()) if (due === null || atMs < due) due = atMs;
    return due;
  }

  /**
   * True if a summary handed out would read differently now (new data, or data fell out
   * of its period): the caller should ask again.
   */
  summaryOutdated(backend: string, periodMs: number, slaUs: number): boolean {
    const cached = this.summaries.get(`${backend}|${periodMs}|${slaUs}`);
    return !cached || !this.isCurrent(cached, this.periodCut(backend, periodMs, this.now()));
  }

  /**
   * Everything merged so far, encoded for a tab that opens later (history.ts): its second
   * slots, minute roll-ups and the keys of the windows in them.
   */
  exportHistory(): string {
    return encodeHistory(
      this.now(),
      this.backends().map((backend) => ({
        backend,
        secondsFromMs: this.secondsFromMs.get(backend) ?? null,
        slots: this.slots.get(backend) ?? [],
        minutes: this.minutes.get(backend) ?? [],
      })),
      this.ledger.entries(),
    );
  }

  /**
   * Merges a history another aggregator exported (the server's), so this one's figures
   * cover the past it was not there for. Slots and minutes it holds already are kept as
   * they are (its own windows since it started); the keys of the history's windows are
   * remembered, so their copies arriving later are duplicates, not merged twice. Returns
   * false if the history was malformed (then nothing changed).
   */
  seedHistory(text: string): boolean {
    const history = decodeHistory(text);
    if (!history) return false;
    const seededSlots = new Set<string>();
    for (const b of history.backends) {
      const minutes = this.minutes.get(b.backend) ?? [];
      const ownMinutes = new Set(minutes.map((m) => m.minuteStartMs));
      // A decoded histogram's range is what it holds; a window merged into it later may not fit.
      for (const m of b.minutes)
        if (!ownMinutes.has(m.minuteStartMs))
          minutes.push({ ...m, histogram: copyHistogram(m.histogram) });
      minutes.sort((x, y) => x.minuteStartMs - y.minuteStartMs);
      while (minutes.length > this.capacityMinutes) minutes.shift();
      this.minutes.set(b.backend, minutes);

      const slots = this.slots.get(b.backend) ?? [];
      const ownSlots = new Set(slots.map((s) => s.slotStartMs));
      for (const s of b.slots) {
        if (ownSlots.has(s.slotStartMs)) continue;
        this.addToSlot(b.backend, slots, s.slotStartMs, s.histogram, s.errors);
        seededSlots.add(`${b.backend}|${s.slotStartMs}`);
        // A minute this tab started itself lacks the seeded second; a seeded minute has it.
        if (ownMinutes.has(Math.floor(s.slotStartMs / 60_000) * 60_000))
          this.addToMinute(b.backend, s.slotStartMs, s.histogram, s.errors);
      }
      this.slots.set(b.backend, slots);
      if (b.secondsFromMs !== null)
        this.secondsFromMs.set(
          b.backend,
          Math.max(this.secondsFromMs.get(b.backend) ?? Number.NEGATIVE_INFINITY, b.secondsFromMs),
        );
    }
    // Only the keys of slots taken from the history: in a slot this tab holds already, the
    // windows it lacks stay mergeable when their copies arrive.
    this.ledger.remember(
      history.keys.filter(([slotStartMs, key]) =>
        seededSlots.has(`${keyBackend(key)}|${slotStartMs}`),
      ),
      this.now(),
    );
    this.version += 1;
    return true;
  }

  /** The backend's slots with their merged histograms, oldest first (read-only: for export). */
  slotsOf(backend: string): readonly Readonly<Slot>[] {
    return this.slots.get(backend) ?? [];
  }

  /** Probe ids seen so far (ProbeClocks keeps a bounded number). */
  probes(): string[] {
    return this.probeClocks.probes();
  }

  /** How far each probe's newest window ended from the receiver's clock, and its refusals. */
  probeClockList(): ProbeClock[] {
    return this.probeClocks.list();
  }

  transportStats(): Readonly<TransportCounts> {
    return this.counts.transportStats();
  }

  rejections(): Readonly<RejectionCounts> {
    return this.counts.rejections();
  }

  /** True if a cached summary still reads as it would now: no new data, none fallen out. */
  private isCurrent(cached: CachedSummary, cutMs: number): boolean {
    return cached.version === this.version && cached.oldestPartMs >= cutMs;
  }

  /** Where the period starts: slots (or minutes) starting before this are left out. */
  private periodCut(backend: string, periodMs: number, nowMs: number): number {
    const endMs = Math.floor(nowMs / this.slotMs) * this.slotMs + this.slotMs;
    const fromMs = endMs - periodMs;
    if (fromMs >= (this.secondsFromMs.get(backend) ?? Number.NEGATIVE_INFINITY)) return fromMs;
    return Math.floor(fromMs / 60_000) * 60_000;
  }

  /** The histograms covering [cutMs, now]: whole minutes before the seconds kept, then seconds. */
  private partsOf(
    backend: string,
    cutMs: number,
  ): {
    startMs: number;
    firstSlotMs: number;
    lastSlotMs: number;
    histogram: Histogram;
    errors: number;
  }[] {
    const slots = this.slots.get(backend) ?? [];
    const secondsFrom = this.secondsFromMs.get(backend) ?? Number.NEGATIVE_INFINITY;
    const ofSlot = (s: Slot) => ({
      startMs: s.slotStartMs,
      firstSlotMs: s.slotStartMs,
      lastSlotMs: s.slotStartMs,
      histogram: s.histogram,
      errors: s.errors,
    });
    if (cutMs >= secondsFrom) return slots.filter((s) => s.slotStartMs >= cutMs).map(ofSlot);
    // Seconds from the first whole minute they cover completely; minutes before it.
    const boundaryMs = Math.ceil(secondsFrom / 60_000) * 60_000;
    const minutes = (this.minutes.get(backend) ?? [])
      .filter((m) => m.minuteStartMs >= cutMs && m.minuteStartMs < boundaryMs)
      .map((m) => ({ ...m, startMs: m.minuteStartMs }));
    return [...minutes, ...slots.filter((s) => s.slotStartMs >= boundaryMs).map(ofSlot)];
  }

  private refuse(
    reason: 'clock_skew' | 'too_old' | 'conflict' | 'out_of_range',
    probe: string,
    transport: Transport,
  ): IngestResult {
    this.reject(reason, transport);
    this.probeClocks.refused(probe);
    return reason;
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
      existing.lastSlotMs = Math.max(existing.lastSlotMs, slotStartMs);
    } else {
      minutes.splice(i + 1, 0, {
        minuteStartMs,
        firstSlotMs: slotStartMs,
        lastSlotMs: slotStartMs,
        histogram: copyHistogram(histogram),
        errors,
      });
      if (minutes.length > this.capacityMinutes) minutes.shift();
    }
    this.minutes.set(backend, minutes);
  }

  private addToSlot(
    backend: string,
    slots: Slot[],
    slotStartMs: number,
    histogram: Histogram,
    errors: number,
  ): void {
    const i = slotAtOrBefore(slots, slotStartMs);
    const existing = slots[i];
    if (existing && existing.slotStartMs === slotStartMs) {
      existing.histogram.add(histogram);
      existing.errors += errors;
      existing.point = null;
      return;
    }
    const slot: Slot = {
      slotStartMs,
      histogram: copyHistogram(histogram),
      errors,
      point: null,
    };
    slots.splice(i + 1, 0, slot);
    if (slots.length > this.capacitySlots) {
      const dropped = slots.shift()!;
      const from = this.secondsFromMs.get(backend) ?? Number.NEGATIVE_INFINITY;
      this.secondsFromMs.set(backend, Math.max(from, dropped.slotStartMs + this.slotMs));
    }
  }
}

/**
 * Index of the newest slot starting at or before slotStartMs (−1 if none). Windows nearly
 * always arrive in order, so the search starts from the newest end.
 */
function slotAtOrBefore(slots: readonly Slot[], slotStartMs: number): number {
  let i = slots.length - 1;
  while (i >= 0 && slots[i]!.slotStartMs > slotStartMs) i -= 1;
  return i;
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
    ...percentilesOf(h),
    bins: heatmapBins(h),
  };
}
