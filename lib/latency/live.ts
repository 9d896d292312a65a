import { decodeParity, parityRunKey, type ParityMessage } from '@/lib/parity';
import {
  checkOrigin,
  decodeSample,
  SampleRejected,
  type FeedStatus,
  type LatencyWindow,
  type SampleOrigin,
  type Transport,
} from '@/lib/samples';
import { LatencyAggregator, type AggregatorOptions } from './aggregator';
import { ProbeWindows } from './probe-windows';

/** One parity progress report, reduced to what the history chart draws. */
export interface ParityPoint {
  atMs: number;
  shadowed: number;
  matched: number;
  /** Mismatches + missing, both sides. */
  problems: number;
}

/** Parity reports kept per ledger for the history chart (one a second: an hour). */
const PARITY_HISTORY_POINTS = 3600;

/**
 * Glue between feeds and the aggregator: decodes what any transport delivers, counts
 * what it refuses, and builds snapshots for the UI. Framework-free so it is testable.
 */
export class LiveLatency {
  /** Everything received, all probes. */
  readonly all: LatencyAggregator;
  /** The probes' own send_delay and publish windows, per probe and backend. */
  readonly probeWindows: ProbeWindows;
  /** Only the filtered probe's windows, collected since the filter was set. */
  private filtered: { probeId: string; aggregator: LatencyAggregator } | null = null;
  private readonly statuses: Record<Transport, FeedStatus> = {
    nats: { type: 'connecting' },
    kafka: { type: 'connecting' },
  };

  private readonly parityByProbe = new Map<string, ParityMessage>();
  private readonly parityHistories = new Map<string, ParityPoint[]>();

  private readonly options: AggregatorOptions;

  /** `options` configure every aggregator: the receiver's clock, the skew tolerance. */
  constructor(options: AggregatorOptions = {}) {
    this.options = { summaryRefreshMs: 1000, ...options };
    this.all = new LatencyAggregator(this.options);
    this.probeWindows = new ProbeWindows(this.options);
  }

  /**
   * Decodes, checks against where it came from, and ingests one message; never throws.
   * `nowMs` is the receiver's clock when it arrived.
   */
  receive(
    data: Uint8Array | string,
    transport: Transport,
    nowMs: number,
    origin: SampleOrigin = { type: 'checked' },
  ): void {
    let window: LatencyWindow;
    try {
      window = decodeSample(data);
      checkOrigin(window, origin);
    } catch (err) {
      this.all.reject(err instanceof SampleRejected ? err.reason : 'bad_schema', transport);
      return;
    }
    this.ingest(window, transport, nowMs);
  }

  /** Ingests a window decoded elsewhere (the page's decoding worker); see receive(). */
  ingest(window: LatencyWindow, transport: Transport, nowMs: number): void {
    if (window.metric !== 'e2e') {
      this.probeWindows.ingest(window, transport, nowMs);
      return;
    }
    if (this.all.ingest(window, transport, nowMs) !== 'accepted') return;
    if (this.filtered?.probeId === window.probeId)
      this.filtered.aggregator.ingest(window, transport, nowMs);
  }

  /** What the views read: the filtered probe's aggregator when a filter is set, else all. */
  get aggregator(): LatencyAggregator {
    return this.filtered?.aggregator ?? this.all;
  }

  /** Shows one probe only, from now on (null: all probes). Windows already merged can't be split. */
  setProbeFilter(probeId: string | null): void {
    if ((this.filtered?.probeId ?? null) === probeId) return;
    this.filtered =
      probeId === null ? null : { probeId, aggregator: new LatencyAggregator(this.options) };
  }

  /** Probe ids seen (from all windows, whatever the filter). */
  probes(): string[] {
    return this.all.probes();
  }

  setStatus(transport: Transport, status: FeedStatus): void {
    this.statuses[transport] = status;
  }

  /** Keeps the newest valid parity message per (probe, ledger); invalid ones are ignored. */
  receiveParity(data: Uint8Array | string): void {
    const p = decodeParity(data);
    if (!p) return;
    const key = parityRunKey(p);
    const known = this.parityByProbe.get(key);
    if (known && known.atMs >= p.atMs) return;
    if (!known && this.parityByProbe.size >= 20) return;
    this.parityByProbe.set(key, p);
    const history = this.parityHistories.get(key) ?? [];
    history.push({
      atMs: p.atMs,
      shadowed: p.shadowed,
      matched: p.matched,
      problems: p.mismatches.kafka + p.mismatches.nats + p.missing.kafka + p.missing.nats,
    });
    if (history.length > PARITY_HISTORY_POINTS) history.shift();
    this.parityHistories.set(key, history);
  }

  /** Progress over time of one (probe, ledger), oldest first (bounded). */
  parityHistory(probe: string, ledger: string): readonly ParityPoint[] {
    return this.parityHistories.get(parityRunKey({ probe, ledger })) ?? [];
  }

  /** The newest parity message of each (probe, ledger), the most recent run first. */
  parity(): ParityMessage[] {
    return [...this.parityByProbe.values()].sort((a, b) => b.atMs - a.atMs);
  }

  /** The newest status a feed reported. */
  status(transport: Transport): FeedStatus {
    return this.statuses[transport];
  }
}
