import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import { REJECT_REASONS, TRANSPORTS, type Transport } from '@/lib/samples';

/** Most distinct backend label values; more would let any publisher grow our series without bound. */
export const MAX_BACKEND_LABELS = 16;

/** Latency bucket edges in seconds, with one exactly at the SLA so "share under SLA" is exact in PromQL. */
export function latencyBuckets(slaMs: number): number[] {
  const edges = [
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.075,
    0.1,
    0.15,
    0.2,
    0.3,
    0.5,
    1,
    2.5,
    5,
    10,
    slaMs / 1000,
  ];
  return [...new Set(edges)].sort((a, b) => a - b);
}

/**
 * A Prometheus histogram that takes an observation with a count: observe(labels, valueSeconds, n)
 * adds n observations of one value at once. prom-client's Histogram adds one per call, and one
 * HDR bucket of a probe's window may hold 2^31 of them. Exposed in the same text format as
 * prom-client's own histograms (cumulative `_bucket{le}`, `_sum`, `_count`), as a custom metric
 * of the registry: it implements the get/reset the registry calls.
 */
export class WeightedHistogram<T extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly upperBounds: readonly number[];
  private readonly labelNames: readonly T[];
  private series = new Map<
    string,
    { labels: Record<T, string>; buckets: number[]; sum: number; count: number }
  >();

  constructor(config: {
    name: string;
    help: string;
    labelNames: readonly T[];
    /** Upper bounds in the metric's unit, ascending. */
    buckets: readonly number[];
    registers: Registry[];
  }) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.upperBounds = [...config.buckets].sort((a, b) => a - b);
    // The registry only calls get() and reset(), which this class has; prom-client's Metric
    // type lists its own four classes.
    for (const r of config.registers) r.registerMetric(this as unknown as Metric);
  }

  /** Adds `count` observations of `value` (in the metric's unit, here seconds). */
  observe(labels: Record<T, string>, value: number, count: number): void {
    if (!Number.isFinite(value) || !Number.isSafeInteger(count) || count < 0) {
      throw new TypeError(`cannot observe ${count} × ${value}`);
    }
    const key = this.labelNames.map((n) => labels[n]).join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { ...labels }, buckets: this.upperBounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const i = this.upperBounds.findIndex((bound) => value <= bound);
    if (i >= 0) s.buckets[i]! += count;
    s.sum += value * count;
    s.count += count;
  }

  /** What the registry exposes: cumulative buckets, +Inf, sum and count per label set. */
  async get() {
    const bucketName = `${this.name}_bucket`;
    const values = [...this.series.values()].flatMap((s) => {
      let cumulative = 0;
      return [
        ...this.upperBounds.map((le, i) => ({
          metricName: bucketName,
          labels: { le },
          sharedLabels: s.labels,
          value: (cumulative += s.buckets[i]!),
        })),
        { metricName: bucketName, labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count },
        { metricName: `${this.name}_sum`, labels: s.labels, value: s.sum },
        { metricName: `${this.name}_count`, labels: s.labels, value: s.count },
      ];
    });
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  reset(): void {
    this.series = new Map();
  }
}

export interface CutoverMetrics {
  registry: Registry;
  latency: WeightedHistogram<'backend'>;
  messages: Counter<'backend'>;
  errors: Counter<'backend'>;
  samples: Counter<'transport' | 'result'>;
  rejected: Counter<'transport' | 'reason'>;
  sseClients: Gauge;
  parity: Gauge<'kind' | 'side'>;
  newestWindowAge: Gauge<'transport'>;
  /** Wall-clock ms of the newest message per transport, read by the freshness gauge at scrape time. */
  lastSeenMs: Record<Transport, number | null>;
}

/** Builds a registry with Cutover's metrics and Node's default process metrics. */
export function createMetrics(slaMs: number): CutoverMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges *_total, which promtool's lint rejects (only counters
  // may end in _total); they say little about a dashboard, so they are left out.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ]) {
    registry.removeSingleMetric(name);
  }
  const lastSeenMs: CutoverMetrics['lastSeenMs'] = { nats: null, kafka: null };
  const m: CutoverMetrics = {
    registry,
    lastSeenMs,
    latency: new WeightedHistogram({
      name: 'cutover_e2e_latency_seconds',
      help: 'End-to-end message latency from intended send time, per backend, from the probes’ windows',
      labelNames: ['backend'],
      buckets: latencyBuckets(slaMs),
      registers: [registry],
    }),
    messages: new Counter({
      name: 'cutover_messages_total',
      help: 'Messages measured by probes, per backend',
      labelNames: ['backend'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'cutover_errors_total',
      help: 'Send or receive errors reported by probes, per backend',
      labelNames: ['backend'],
      registers: [registry],
    }),
    samples: new Counter({
      name: 'cutover_samples_total',
      help: 'Sample messages received, by transport and result (accepted, duplicate)',
      labelNames: ['transport', 'result'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'cutover_samples_rejected_total',
      help: 'Sample messages refused, by transport and reason (docs/protocol.md)',
      labelNames: ['transport', 'reason'],
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: 'cutover_sse_clients',
      help: 'Browsers connected to /api/stream',
      registers: [registry],
    }),
    parity: new Gauge({
      name: 'cutover_parity_messages',
      help: 'Shadow-run parity from the newest parity message: ledger totals by kind; foreign and stale count what the run consumed but did not write',
      labelNames: ['kind', 'side'],
      registers: [registry],
    }),
    newestWindowAge: new Gauge({
      name: 'cutover_newest_sample_age_seconds',
      help: 'Age of the newest sample message per transport (-1 before the first)',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        const now = Date.now();
        for (const t of TRANSPORTS)
          this.set({ transport: t }, lastSeenMs[t] === null ? -1 : (now - lastSeenMs[t]) / 1000);
      },
    }),
  };
  // Zero every bounded series up front so rates and absent-checks work from the first scrape.
  for (const t of TRANSPORTS) {
    for (const reason of REJECT_REASONS) m.rejected.inc({ transport: t, reason }, 0);
    for (const result of ['accepted', 'duplicate']) m.samples.inc({ transport: t, result }, 0);
  }
  return m;
}
