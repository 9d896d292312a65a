import type { Histogram } from 'hdr-histogram-js';
import type { LatencyKind, RejectReason, Transport } from '@/lib/samples';

/** The percentiles every figure shows (µs), read from one histogram; all 0 when it is empty. */
export interface LatencyPercentiles {
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  /** At HDR resolution (the highest value equivalent to the largest recorded). */
  maxUs: number;
}

/** One point of a backend's latency series: one 1-second slot, all probes merged. */
export interface SeriesPoint extends LatencyPercentiles {
  slotStartMs: number;
  count: number;
  errors: number;
  /** Message counts per heatmap bin (HEATMAP_EDGES_US). */
  bins: number[];
}

/** A backend's distribution over a period, from one merged histogram. */
export interface PeriodSummary extends LatencyPercentiles {
  backend: string;
  periodMs: number;
  /**
   * The span of the data merged, ms: from the start of its first slot to the end of its
   * last (less than periodMs early on or after a gap; up to a minute more for periods
   * merged from minute roll-ups, which are included whole).
   */
  coveredMs: number;
  /** Start of the first slot merged (Unix ms), 0 without data. */
  firstSlotMs: number;
  /** End of the last slot merged (Unix ms), 0 without data. */
  lastSlotEndMs: number;
  count: number;
  errors: number;
  /** Share of messages above the SLA, 0..1. */
  overSla: number;
  /** Messages per second over the covered period. */
  ratePerSecond: number;
}

export interface TransportStats {
  accepted: number;
  duplicates: number;
  /** Second copies of a window with other content (also counted in rejected). */
  conflicts: number;
  rejected: number;
  /** Receiver's time (ms) the newest window was accepted (or was a copy) on this transport, or null. */
  lastSeenMs: number | null;
}

export interface Slot {
  slotStartMs: number;
  histogram: Histogram;
  errors: number;
  /** Null until first read after a change (see pointOfSlot). */
  point: SeriesPoint | null;
}

export type RejectionCounts = Record<RejectReason, number>;
export type TransportCounts = Record<Transport, TransportStats>;

/** One probe's clock as seen by the receiver. */
export interface ProbeClock {
  probe: string;
  /** How far its newest window ended after the receiver's clock (ms; negative: behind). */
  aheadMs: number;
  /** Receiver's time (ms) of that window. */
  atMs: number;
  /** Its windows refused as clock_skew, too_old or conflict. */
  refused: number;
}

/** Time windows a page can show; percentiles over each come from one merged histogram. */
export const VIEW_WINDOWS_MS = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
} as const;

/** The name of a view window ('1m' … '1h'), as it stands in the URL. */
export type ViewWindow = keyof typeof VIEW_WINDOWS_MS;

/** What a probe measures of itself beside e2e: intended → actual send, and send → broker ack. */
export type ProbeLatencyKind = Exclude<LatencyKind, 'e2e'>;

/** One probe's own figures on one backend over a period, each from one merged histogram. */
export interface ProbeRow {
  probe: string;
  backend: string;
  /** Intended send time → actual send: how late the probe sent (inside every e2e figure). */
  sendDelay: PeriodSummary;
  /** Actual send → broker acknowledgement. */
  publish: PeriodSummary;
}

/** The probes' own figures over one period. */
export interface ProbeFigures {
  /** Per probe and backend with data in the period, sorted by probe, then backend. */
  rows: ProbeRow[];
  /** Per backend, the send delay of all probes merged (what the probe-limited rule reads). */
  sendDelay: PeriodSummary[];
}
