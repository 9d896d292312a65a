import type { Histogram } from 'hdr-histogram-js';
import type { RejectReason, Transport } from '@/lib/samples';

/** One point of a backend's latency series: one 1-second slot, all probes merged. */
export interface SeriesPoint {
  slotStartMs: number;
  count: number;
  errors: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  /** At HDR resolution (the highest value equivalent to the largest recorded). */
  maxUs: number;
  /** Message counts per heatmap bin (HEATMAP_EDGES_US). */
  bins: number[];
}

/** A backend's distribution over a period, from one merged histogram. */
export interface PeriodSummary {
  backend: string;
  periodMs: number;
  /** The period actually covered by data, ms (less than periodMs early on). */
  coveredMs: number;
  count: number;
  errors: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  /** Share of messages above the SLA, 0..1. */
  overSla: number;
  /** Messages per second over the covered period. */
  ratePerSecond: number;
}

export interface TransportStats {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Wall-clock time (ms) the newest message arrived on this transport, or null. */
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
