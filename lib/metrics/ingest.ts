import type { Histogram } from 'hdr-histogram-js';
import {
  forEachRecorded,
  LatencyAggregator,
  type PeriodSummary,
  type SeriesPoint,
} from '@/lib/latency';
import { decodeParity, SIDES } from '@/lib/parity';
import { decodeSample, SampleRejected, type Transport } from '@/lib/samples';
import { MAX_BACKEND_LABELS, type CutoverMetrics } from './registry';

/**
 * The server's view of the sample stream, for /api/metrics: decodes what either
 * transport delivers with the same decoder as the browser, de-duplicates windows
 * delivered twice, and turns each window's HDR histogram into Prometheus buckets.
 */
export class ServerIngest {
  // Small: de-duplication and counts only.
  private readonly aggregator = new LatencyAggregator({ capacitySlots: 5, dedupeCapacity: 20_000 });
  // An hour (300 s + 60 min roll-ups) of the backends that have a metrics label (at most
  // MAX_BACKEND_LABELS, so hostile backend names cannot grow it): the go / no-go gate asks
  // the server whether the SLA held over a period longer than any tab has been open.
  private readonly history = new LatencyAggregator({ summaryRefreshMs: 1000 });
  private readonly backends = new Set<string>();

  constructor(private readonly metrics: CutoverMetrics) {}

  /** One sample message from `transport`; never throws. True if it decoded (not rejected). */
  sample(data: Uint8Array | string, transport: Transport, nowMs = Date.now()): boolean {
    this.metrics.lastSeenMs[transport] = nowMs;
    let window;
    try {
      window = decodeSample(data);
    } catch (err) {
      const reason = err instanceof SampleRejected ? err.reason : 'bad_schema';
      this.metrics.rejected.inc({ transport, reason });
      return false;
    }
    const result = this.aggregator.ingest(window, transport, nowMs);
    if (result === 'duplicate') {
      this.metrics.samples.inc({ transport, result: 'duplicate' });
      return true;
    }
    this.metrics.samples.inc({ transport, result: 'accepted' });
    if (window.metric !== 'e2e') return true;
    const backend = this.label(window.backend);
    if (backend === window.backend) this.history.ingest(window, transport, nowMs);
    this.metrics.messages.inc({ backend }, window.count);
    this.metrics.errors.inc({ backend }, window.errors);
    this.observe(backend, window.histogram);
    return true;
  }

  /** The merged-histogram summary of one backend over the last periodMs (µs), all probes. */
  summary(backend: string, periodMs: number, slaUs: number): PeriodSummary | null {
    const s = this.history.summary(backend, periodMs, slaUs);
    return s.count > 0 ? s : null;
  }

  /**
   * Each labelled backend's per-second points over the last periodMs, all probes merged:
   * what a page draws while its own feeds connect.
   */
  recentSeries(periodMs: number): { backend: string; points: SeriesPoint[] }[] {
    const newest = this.history.newestSlotMs();
    if (newest === null) return [];
    return this.history.backends().map((backend) => ({
      backend,
      points: this.history.series(backend).filter((p) => p.slotStartMs > newest - periodMs),
    }));
  }

  /** A refusal that happened before decoding (e.g. oversize at the Kafka hub). */
  rejected(reason: import('@/lib/samples').RejectReason, transport: Transport): void {
    this.metrics.rejected.inc({ transport, reason });
  }

  /** A parity progress message; malformed ones are ignored (the page counts them). */
  parity(data: Uint8Array | string): void {
    const p = decodeParity(data);
    if (!p) return;
    const g = this.metrics.parity;
    g.set({ kind: 'target', side: 'both' }, p.target);
    g.set({ kind: 'shadowed', side: 'both' }, p.shadowed);
    g.set({ kind: 'matched', side: 'both' }, p.matched);
    for (const side of SIDES) {
      g.set({ kind: 'mismatched', side }, p.mismatches[side]);
      g.set({ kind: 'missing', side }, p.missing[side]);
      g.set({ kind: 'duplicate', side }, p.duplicates[side]);
    }
  }

  private label(backend: string): string {
    if (this.backends.has(backend)) return backend;
    if (this.backends.size >= MAX_BACKEND_LABELS) return 'other';
    this.backends.add(backend);
    return backend;
  }

  /**
   * Adds every recorded value to the Prometheus histogram, once per message. The
   * values are µs; each distinct HDR value is observed `count` times at its highest
   * equivalent value, so bucket edges (the SLA) split exactly as HDR recorded them.
   */
  private observe(backend: string, h: Histogram): void {
    const hist = this.metrics.latency.labels({ backend });
    forEachRecorded(h, (us, count) => {
      for (let i = 0; i < count; i += 1) hist.observe(us / 1e6);
    });
  }
}
