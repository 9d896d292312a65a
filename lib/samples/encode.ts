import type { Histogram } from 'hdr-histogram-js';
import { encodeHistogram } from './histogram';
import type { HistogramWindowMessage, RawWindowMessage } from './schema';
import { PROTOCOL_VERSION, type LatencyKind } from './types';

export interface WindowMeta {
  backend: string;
  /** Omitted on the wire when end-to-end, the default. */
  metric?: LatencyKind;
  probeId: string;
  windowStartMs: number;
  windowEndMs: number;
  errors: number;
  bytes: number;
}

/** Builds a protocol-v1 histogram window message (JSON text) from a µs histogram. */
export function encodeHistogramWindow(meta: WindowMeta, histogram: Histogram): string {
  const msg: HistogramWindowMessage = {
    v: PROTOCOL_VERSION,
    type: 'latency-window',
    ...(meta.metric && meta.metric !== 'e2e' ? { metric: meta.metric } : {}),
    backend: meta.backend,
    probe: meta.probeId,
    windowStartMs: meta.windowStartMs,
    windowEndMs: meta.windowEndMs,
    count: histogram.totalCount,
    errors: meta.errors,
    bytes: meta.bytes,
    hdr: encodeHistogram(histogram),
  };
  return JSON.stringify(msg);
}

/** Builds a protocol-v1 raw window message (JSON text) from latencies in µs. */
export function encodeRawWindow(meta: WindowMeta, latenciesUs: number[]): string {
  const msg: RawWindowMessage = {
    v: PROTOCOL_VERSION,
    type: 'latency-raw',
    ...(meta.metric && meta.metric !== 'e2e' ? { metric: meta.metric } : {}),
    backend: meta.backend,
    probe: meta.probeId,
    windowStartMs: meta.windowStartMs,
    windowEndMs: meta.windowEndMs,
    errors: meta.errors,
    bytes: meta.bytes,
    latenciesUs,
  };
  return JSON.stringify(msg);
}
