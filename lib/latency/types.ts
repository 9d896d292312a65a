import type { Histogram } from 'hdr-histogram-js';
import type { RejectReason, Transport } from '@/lib/samples';

/** One point of a backend's latency series: one 1-second slot, all probes merged. */
export interface SeriesPoint {
  slotStartMs: number;
  count: number;
  errors: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
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
  point: SeriesPoint;
}

export type RejectionCounts = Record<RejectReason, number>;
export type TransportCounts = Record<Transport, TransportStats>;
