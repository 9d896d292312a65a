import type { Histogram } from 'hdr-histogram-js';
import {
  forEachRecorded,
  LatencyAggregator,
  SECONDS_KEPT,
  WindowLedger,
  type PeriodSummary,
  type SeriesPoint,
} from '@/lib/latency';
import { decodeParity, SIDES } from '@/lib/parity';
import {
  checkOrigin,
  decodeSample,
  SampleRejected,
  type LatencyWindow,
  type RejectReason,
  type SampleOrigin,
  type Transport,
} from '@/lib/samples';
import { MAX_BACKEND_LABELS, type CutoverMetrics } from './registry';

/**
 * The server's view of the sample stream, for /api/metrics: decodes what either
 * transport delivers with the same decoder as the browser, de-duplicates windows
 * delivered twice, and turns each window's HDR histogram into Prometheus buckets.
 */
export class ServerIngest {
  // Whether a window was counted already, over the whole history the server keeps in
  // seconds (keys live as long as their slot, so a late second copy is never counted twice).
  private readonly ledger: WindowLedger;
  // An hour (SECONDS_KEPT + MINUTES_KEPT roll-ups) of the backends that have a metrics label (at most
  // MAX_BACKEND_LABELS, so hostile backend names cannot grow it): the go / no-go gate asks
  // the server whether the SLA held over a period longer than any tab has been open.
  private readonly history: LatencyAggregator;
  private readonly backends = new Set<string>();
  private historyCache: { atMs: number; text: string } | null = null;

  constructor(
    private readonly metrics: CutoverMetrics,
    options: { skewToleranceMs?: number; now?: () => number } = {},
  ) {
    const { skewToleranceMs, now } = options;
    this.history = new LatencyAggregator({ summaryRefreshMs: 1000, skewToleranceMs, now });
    this.ledger = new WindowLedger({ horizonMs: SECONDS_KEPT * 1000, skewToleranceMs });
  }

  /**
   * One sample message from `transport`; never throws. Decodes it, checks it against its
   * subject or key, and counts it in the metrics once (or counts why not: clock_skew,
   * too_old, conflict by this server's clock and ledger). Returns the reason if no
   * receiver could accept it (malformed, or its subject or key disagrees), else null: it
   * goes on to the tabs, which judge its time and copies by their own clocks.
   */
  screen(
    data: Uint8Array | string,
    transport: Transport,
    origin: SampleOrigin,
    nowMs = Date.now(),
  ): RejectReason | null {
    let window;
    try {
      window = decodeSample(data);
      checkOrigin(window, origin);
    } catch (err) {
      const reason = err instanceof SampleRejected ? err.reason : 'bad_schema';
      this.metrics.rejected.inc({ transport, reason });
      return reason;
    }
    const refused = this.count(window, transport, nowMs);
    if (refused) this.metrics.rejected.inc({ transport, reason: refused });
    else this.metrics.lastSeenMs[transport] = nowMs;
    return null;
  }

  /** As screen(), for a transport with no tabs behind it (the server's NATS feed). */
  sample(
    data: Uint8Array | string,
    transport: Transport,
    origin: SampleOrigin,
    nowMs = Date.now(),
  ): void {
    this.screen(data, transport, origin, nowMs);
  }

  /** Counts a decoded window once; the reason if it is refused. */
  private count(window: LatencyWindow, transport: Transport, nowMs: number): RejectReason | null {
    const verdict = this.ledger.admit(window, nowMs);
    if (verdict === 'clock_skew' || verdict === 'too_old' || verdict === 'conflict') return verdict;
    if (verdict === 'duplicate') {
      this.metrics.samples.inc({ transport, result: 'duplicate' });
      return null;
    }
    this.metrics.samples.inc({ transport, result: 'accepted' });
    if (window.metric !== 'e2e') return null;
    const backend = this.label(window.backend);
    if (backend === window.backend) this.history.ingest(window, transport, nowMs);
    this.metrics.messages.inc({ backend }, window.count);
    this.metrics.errors.inc({ backend }, window.errors);
    this.observe(backend, window.histogram);
    return null;
  }

  /**
   * The server's merged history (every labelled backend, all probes) encoded for a tab
   * that opens now (lib/latency/history.ts). Encoded at most once a second: a hundred tabs
   * opening at once cost one encoding.
   */
  historySnapshot(nowMs = Date.now()): string {
    if (!this.historyCache || nowMs - this.historyCache.atMs >= 1000)
      this.historyCache = { atMs: nowMs, text: this.history.exportHistory() };
    return this.historyCache.text;
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

  /**
   * A parity progress message; malformed ones are ignored (the page counts them). Kinds
   * `late`, `unsent`, `foreign` and `stale` are optional in the protocol: a message from an older
   * probe without them removes their series rather than claiming 0.
   */
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
      for (const kind of ['late', 'unsent', 'foreign', 'stale'] as const) {
        const count = p[kind]?.[side];
        if (count === undefined) g.remove({ kind, side });
        else g.set({ kind, side }, count);
      }
    }
  }

  private label(backend: string): string {
    if (this.backends.has(backend)) return backend;
    if (this.backends.size >= MAX_BACKEND_LABELS) return 'other';
    this.backends.add(backend);
    return backend;
  }

  /**
   * Adds every recorded value to the Prometheus histogram, once per message: one weighted
   * observation per HDR bucket (µs), at its highest equivalent value, so bucket edges (the
   * SLA) split exactly as HDR recorded them and the work is the bucket count, not the
   * message count.
   */
  private observe(backend: string, h: Histogram): void {
    forEachRecorded(h, (us, count) => this.metrics.latency.observe({ backend }, us / 1e6, count));
  }
}
