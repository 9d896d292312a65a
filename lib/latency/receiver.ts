import {
  checkOrigin,
  decodeSample,
  SampleRejected,
  type LatencyWindow,
  type SampleOrigin,
  type Transport,
} from '@/lib/samples';
import { LatencyAggregator, type AggregatorOptions } from './aggregator';
import { ProbeWindows } from './probe-windows';

/**
 * Latency windows as a receiver takes them in: decodes what any transport delivers,
 * counts what it refuses, and merges e2e windows for all probes and for the filtered
 * one, the probes' own windows apart (ProbeWindows).
 */
export class LatencyReceiver {
  /** Everything received, all probes. */
  readonly all: LatencyAggregator;
  /** The probes' own send_delay and publish windows, per probe and backend. */
  readonly probeWindows: ProbeWindows;
  /** Only the filtered probe's windows, collected since the filter was set. */
  private filtered: { probeId: string; aggregator: LatencyAggregator } | null = null;
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
}
