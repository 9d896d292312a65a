import type { LatencyWindow, Transport } from '@/lib/samples';
import { LatencyAggregator, type AggregatorOptions, type IngestResult } from './aggregator';
import type { PeriodSummary, ProbeFigures, ProbeLatencyKind, ProbeRow } from './types';

/**
 * (probe, backend) pairs whose own figures are kept, at most: a fleet of 8 probes on 2
 * backends. Each pair holds an aggregator per kind (up to 300 second slots and 60
 * minute roll-ups, 10–40 KB a histogram), so hostile probe ids must not grow it.
 */
export const MAX_PROBE_SERIES = 16;

/** Backends whose send delay is merged across probes, at most (the probe-limited rule reads it). */
export const MAX_PROBE_BACKENDS = 16;

/**
 * A pair whose newest window was accepted longer ago than this (receiver clock) gives its
 * place to a new pair when all are taken: it is in no period a page shows (the longest is
 * an hour, and a minute roll-up only partly inside it is included whole).
 */
export const PROBE_SERIES_IDLE_MS = 3_660_000;

/** What became of a send_delay or publish window; over_capacity: no room for its pair. */
export type ProbeIngestResult = IngestResult | 'over_capacity';

/** Second slots kept per (probe, backend) pair (2 min); longer periods merge minute roll-ups. */
const PAIR_SECONDS_KEPT = 120;

interface Series {
  probe: string;
  backend: string;
  byKind: Record<ProbeLatencyKind, LatencyAggregator>;
}

/**
 * The probes' own windows beside e2e: per probe and backend, send delay (intended →
 * actual send) and publish (send → broker ack); per backend, the send delay of all probes
 * merged. Each is a LatencyAggregator of its kind, so periods, de-duplication across
 * transports and the stale-summary refresh are the e2e ones.
 */
export class ProbeWindows {
  private readonly series = new Map<string, Series>();
  /** Send delay per backend, all probes merged. */
  private readonly sendDelay: LatencyAggregator;

  /** `options` configure every aggregator: the receiver's clock, the skew tolerance, the refresh. */
  constructor(private readonly options: AggregatorOptions = {}) {
    this.sendDelay = new LatencyAggregator({ ...options, kind: 'send_delay' });
  }

  /** Merges a send_delay or publish window that arrived at `nowMs` (receiver clock). */
  ingest(w: LatencyWindow, transport: Transport, nowMs: number): ProbeIngestResult {
    if (w.metric === 'e2e') return 'other_kind';
    if (
      w.metric === 'send_delay' &&
      (this.sendDelay.slotCount(w.backend) > 0 ||
        this.sendDelay.backends().length < MAX_PROBE_BACKENDS)
    )
      this.sendDelay.ingest(w, transport, nowMs);
    const series = this.seriesOf(w.probeId, w.backend, nowMs);
    if (!series) return 'over_capacity';
    return series.byKind[w.metric].ingest(w, transport, nowMs);
  }

  /**
   * Each pair's send delay and publish over the last periodMs, ending at the receiver's
   * clock, and each backend's send delay of all probes merged over the same period. A
   * pair with no window in the period is left out.
   */
  figures(periodMs: number, slaUs: number): ProbeFigures {
    const rows: ProbeRow[] = [];
    for (const s of this.sorted()) {
      const row = {
        probe: s.probe,
        backend: s.backend,
        sendDelay: s.byKind.send_delay.summary(s.backend, periodMs, slaUs),
        publish: s.byKind.publish.summary(s.backend, periodMs, slaUs),
      };
      if (row.sendDelay.coveredMs > 0 || row.publish.coveredMs > 0) rows.push(row);
    }
    const sendDelay: PeriodSummary[] = this.sendDelay
      .backends()
      .map((backend) => this.sendDelay.summary(backend, periodMs, slaUs));
    return { rows, sendDelay };
  }

  /** True if figures(periodMs, slaUs) would read differently now: the caller should ask again. */
  figuresOutdated(periodMs: number, slaUs: number): boolean {
    return this.aggregators().some(([agg, backend]) =>
      agg.summaryOutdated(backend, periodMs, slaUs),
    );
  }

  /**
   * The earliest time (receiver clock) a summary handed out stale may be recomputed, or
   * null when all are current: the trailing update after a burst.
   */
  refreshDueAtMs(): number | null {
    let due: number | null = null;
    for (const [agg] of this.aggregators()) {
      const atMs = agg.refreshDueAtMs();
      if (atMs !== null && (due === null || atMs < due)) due = atMs;
    }
    return due;
  }

  /** Every aggregator with the backend it is read for. */
  private aggregators(): [LatencyAggregator, string][] {
    const out: [LatencyAggregator, string][] = this.sendDelay
      .backends()
      .map((b) => [this.sendDelay, b]);
    for (const s of this.series.values())
      out.push([s.byKind.send_delay, s.backend], [s.byKind.publish, s.backend]);
    return out;
  }

  private sorted(): Series[] {
    return [...this.series.values()].sort(
      (a, b) => a.probe.localeCompare(b.probe) || a.backend.localeCompare(b.backend),
    );
  }

  /** The pair's series, created if there is room (an idle pair gives its place), else null. */
  private seriesOf(probe: string, backend: string, nowMs: number): Series | null {
    const key = `${probe}/${backend}`;
    const known = this.series.get(key);
    if (known) return known;
    if (this.series.size >= MAX_PROBE_SERIES) {
      let idlest: [string, number] | null = null;
      for (const [k, s] of this.series) {
        const lastMs = Math.max(
          s.byKind.send_delay.acceptedAt(s.backend) ?? Number.NEGATIVE_INFINITY,
          s.byKind.publish.acceptedAt(s.backend) ?? Number.NEGATIVE_INFINITY,
        );
        if (idlest === null || lastMs < idlest[1]) idlest = [k, lastMs];
      }
      if (!idlest || nowMs - idlest[1] < PROBE_SERIES_IDLE_MS) return null;
      this.series.delete(idlest[0]);
    }
    const series: Series = {
      probe,
      backend,
      // Two minutes of seconds, then minute roll-ups: these tables need no per-second chart, and
      // 300 seconds per pair (~15 MB an hour each) made a 4-probe fleet cost a tab ~120 MB.
      byKind: {
        send_delay: new LatencyAggregator({
          ...this.options,
          capacitySlots: PAIR_SECONDS_KEPT,
          kind: 'send_delay',
        }),
        publish: new LatencyAggregator({
          ...this.options,
          capacitySlots: PAIR_SECONDS_KEPT,
          kind: 'publish',
        }),
      },
    };
    this.series.set(key, series);
    return series;
  }
}
