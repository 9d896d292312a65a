import {
  encodeRawWindow,
  newLatencyHistogram,
  type LatencyKind,
  type LatencyWindow,
} from '@/lib/samples';

/** Which one-second window: backend 'nats', probe 'p1' and metric 'e2e' unless said. */
export interface WindowSpec {
  startMs: number;
  backend?: string;
  probeId?: string;
  metric?: LatencyKind;
}

/** A decoded one-second window holding exactly these latencies (µs). */
export function latencyWindow(spec: WindowSpec, valuesUs: readonly number[]): LatencyWindow {
  const histogram = newLatencyHistogram();
  for (const v of valuesUs) histogram.recordValue(v);
  return {
    backend: spec.backend ?? 'nats',
    metric: spec.metric ?? 'e2e',
    probeId: spec.probeId ?? 'p1',
    windowStartMs: spec.startMs,
    windowEndMs: spec.startMs + 1000,
    count: valuesUs.length,
    errors: 0,
    bytes: 0,
    histogram,
  };
}

/** The same window as a `latency-raw` sample message, as a probe without HdrHistogram sends it. */
export function rawWindowMessage(spec: WindowSpec, valuesUs: number[]): string {
  return encodeRawWindow(
    {
      backend: spec.backend ?? 'nats',
      metric: spec.metric ?? 'e2e',
      probeId: spec.probeId ?? 'p1',
      windowStartMs: spec.startMs,
      windowEndMs: spec.startMs + 1000,
      errors: 0,
      bytes: 0,
    },
    valuesUs,
  );
}
