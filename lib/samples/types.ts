import type { Histogram } from 'hdr-histogram-js';

/** The wire protocol version this code reads and writes (docs/protocol.md). */
export const PROTOCOL_VERSION = 1;

/** Messages larger than this are rejected before parsing. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Latencies above this (one hour, in µs) are treated as corrupt, not slow. */
export const MAX_LATENCY_US = 3_600_000_000;

/** Longest window a producer may report, in ms. */
export const MAX_WINDOW_MS = 60_000;

/** Every way a sample message can be refused; metrics and UI count by these. */
export const REJECT_REASONS = [
  'oversize',
  'not_json',
  'bad_version',
  'bad_schema',
  'bad_histogram',
  'out_of_range',
  'inconsistent',
  'subject_mismatch',
  'clock_skew',
  'too_old',
  'conflict',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * What a window measures (the protocol's `metric` field): end to end, or one of the
 * probe's own figures (see LatencyWindow). Not a Prometheus metric (lib/metrics).
 */
export const LATENCY_KINDS = ['e2e', 'publish', 'send_delay'] as const;
export type LatencyKind = (typeof LATENCY_KINDS)[number];

/** Where a sample arrived from. */
export type Transport = 'nats' | 'kafka';
export const TRANSPORTS: readonly Transport[] = ['nats', 'kafka'];

/** One decoded latency window: what one probe measured on one backend in one window. */
export interface LatencyWindow {
  backend: string;
  /** e2e: intended send → consumed; publish: send → broker ack; send_delay: intended → actual send. */
  metric: LatencyKind;
  probeId: string;
  windowStartMs: number;
  windowEndMs: number;
  /** Messages measured (equals the histogram's total count). */
  count: number;
  errors: number;
  bytes: number;
  /** End-to-end latency distribution, values in microseconds. */
  histogram: Histogram;
}

export class SampleRejected extends Error {
  override name = 'SampleRejected';
  constructor(
    readonly reason: RejectReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}
