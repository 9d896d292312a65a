import type { LatencyReceiver, PeriodSummary, ProbeFigures } from '@/lib/latency';
import { parityRunKey, type ParityPoint, type ParityRuns } from '@/lib/parity';
import type { FeedStatuses } from './feed-statuses';
import {
  EMPTY_QUERY,
  summaryKey,
  type BackendSeries,
  type LiveQuery,
  type LiveUpdate,
} from './types';

/**
 * Series go out at most this often (ms of wall time): the charts redraw twice a second,
 * and a full series (300 points with heatmap bins per backend) is the bulk of an update.
 */
export const SERIES_EVERY_MS = 500;

/** What an update is built from: the engine's state, read, never changed, here. */
export interface UpdateSources {
  latency: LatencyReceiver;
  parity: ParityRuns;
  statuses: FeedStatuses;
  slaMs: number;
  /** The receiver's clock (ms). */
  now: () => number;
  /** How fast `now` moves, in its ms per wall ms (a replay's speed; 0 while paused). */
  clockRate: number;
}

/**
 * Works out each LiveUpdate for the figures the page reads (LiveQuery): small figures in
 * full every time, the series at most every SERIES_EVERY_MS, parity history only what
 * was not handed out yet; and how soon the next update is worth sending.
 */
export class UpdateBuilder {
  private query: LiveQuery = EMPTY_QUERY;
  private version = 0;
  private seriesChanged = true;
  private seriesSentMs = Number.NEGATIVE_INFINITY;
  /** Points each backend had in the last series sent: one with no line yet goes out at once. */
  private seriesPoints = new Map<string, number>();
  private parityChanged = false;
  /** Newest parity history point already handed out, per run. */
  private readonly paritySentAtMs = new Map<string, number>();

  constructor(private readonly src: UpdateSources) {}

  /** Sets what the page reads; the next update carries it in full. */
  setQuery(query: LiveQuery): void {
    this.query = query;
    this.seriesChanged = true;
    this.seriesSentMs = Number.NEGATIVE_INFINITY;
    this.seriesPoints = new Map();
  }

  /** New windows (or history) were merged: the series are to be sent again. */
  markSeriesChanged(): void {
    this.seriesChanged = true;
  }

  /** A parity report arrived: the next update carries parity. */
  markParityChanged(): void {
    this.parityChanged = true;
  }

  /**
   * Ms until an update is worth sending for the figures alone: a delay when only the
   * series changed and they are not due yet, or when a figure was handed out from a
   * cache that is due for a refresh (the trailing update after a burst); 0 when a figure
   * read is out of date; null when nothing the page shows would change.
   */
  dueInMs(): number | null {
    const { latency } = this.src;
    const nowMs = this.src.now();
    let due: number | null = null;
    const sooner = (ms: number) => (due = due === null ? ms : Math.min(due, ms));
    for (const agg of new Set([latency.aggregator, latency.all, latency.probeWindows])) {
      const refreshAtMs = agg.refreshDueAtMs();
      if (refreshAtMs !== null) sooner(this.wallMs(refreshAtMs - nowMs));
    }
    if (due === null && this.summariesOutdated()) return 0;
    if (this.seriesChanged)
      sooner(
        this.startsALine() ? 0 : this.wallMs(this.seriesSentMs + this.seriesEveryMs() - nowMs),
      );
    return due;
  }

  /** Everything the page shows, with the series and parity only when they changed. */
  build(): LiveUpdate {
    const { latency, statuses } = this.src;
    const view = latency.aggregator;
    const all = latency.all;
    const stats = all.transportStats();
    this.version += 1;
    return {
      version: this.version,
      backends: view.backends().map((backend) => ({
        backend,
        latest: view.latest(backend),
        acceptedAtMs: all.acceptedAt(backend),
      })),
      newestSlotMs: view.newestSlotMs(),
      summaries: this.summaries(),
      probeFigures: this.probeFigures(),
      transports: {
        nats: { ...stats.nats, status: statuses.get('nats') },
        kafka: { ...stats.kafka, status: statuses.get('kafka') },
      },
      rejections: { ...all.rejections() },
      probes: latency.probes(),
      probeClocks: all.probeClockList(),
      series: this.takeSeries(),
      ...this.takeParity(),
    };
  }

  private summaries(): Record<string, PeriodSummary> {
    const { aggregator: view, all } = this.src.latency;
    const slaUs = this.src.slaMs * 1000;
    const summaries: Record<string, PeriodSummary> = {};
    for (const backend of view.backends())
      for (const periodMs of this.query.periodsMs)
        summaries[summaryKey('view', backend, periodMs)] = view.summary(backend, periodMs, slaUs);
    for (const backend of all.backends())
      for (const periodMs of this.query.allPeriodsMs)
        summaries[summaryKey('all', backend, periodMs)] = all.summary(backend, periodMs, slaUs);
    return summaries;
  }

  private probeFigures(): Record<string, ProbeFigures> {
    const slaUs = this.src.slaMs * 1000;
    const figures: Record<string, ProbeFigures> = {};
    for (const periodMs of this.query.probePeriodsMs)
      figures[String(periodMs)] = this.src.latency.probeWindows.figures(periodMs, slaUs);
    return figures;
  }

  /** Every backend's series if they changed and are due, else null. */
  private takeSeries(): Record<string, BackendSeries> | null {
    const view = this.src.latency.aggregator;
    const nowMs = this.src.now();
    if (
      !this.seriesChanged ||
      (nowMs - this.seriesSentMs < this.seriesEveryMs() && !this.startsALine())
    )
      return null;
    const series = Object.fromEntries(
      view.backends().map((b) => [b, { seconds: view.series(b), minutes: view.minutePoints(b) }]),
    );
    this.seriesChanged = false;
    this.seriesSentMs = nowMs;
    this.seriesPoints = new Map(Object.entries(series).map(([b, s]) => [b, s.seconds.length]));
    return series;
  }

  /** The newest report of each run and the history points not handed out yet, if any arrived. */
  private takeParity(): Pick<LiveUpdate, 'parity' | 'parityAppend'> {
    const parityAppend: Record<string, ParityPoint[]> = {};
    if (!this.parityChanged) return { parity: null, parityAppend };
    const parity = this.src.parity.latest();
    for (const p of parity) {
      const key = parityRunKey(p);
      const after = this.paritySentAtMs.get(key) ?? Number.NEGATIVE_INFINITY;
      const fresh = this.src.parity.history(p.probe, p.ledger).filter((h) => h.atMs > after);
      if (fresh.length === 0) continue;
      parityAppend[key] = fresh;
      this.paritySentAtMs.set(key, fresh[fresh.length - 1]!.atMs);
    }
    this.parityChanged = false;
    return { parity, parityAppend };
  }

  /** True if a figure the page reads would differ if computed now. */
  private summariesOutdated(): boolean {
    const { latency } = this.src;
    const slaUs = this.src.slaMs * 1000;
    const scopes = [
      { agg: latency.aggregator, periods: this.query.periodsMs },
      { agg: latency.all, periods: this.query.allPeriodsMs },
    ];
    return (
      scopes.some(({ agg, periods }) =>
        agg.backends().some((b) => periods.some((p) => agg.summaryOutdated(b, p, slaUs))),
      ) || this.query.probePeriodsMs.some((p) => latency.probeWindows.figuresOutdated(p, slaUs))
    );
  }

  /**
   * True if a backend's chart would draw its first line (or first point) with the next
   * series: a chart needs two points, and a tab that just opened should not wait 500 ms
   * for each.
   */
  private startsALine(): boolean {
    const view = this.src.latency.aggregator;
    return view.backends().some((b) => {
      const sent = this.seriesPoints.get(b) ?? 0;
      return sent < 2 && view.slotCount(b) > sent;
    });
  }

  /** SERIES_EVERY_MS of wall time, on the receiver's clock. */
  private seriesEveryMs(): number {
    return SERIES_EVERY_MS * this.src.clockRate;
  }

  /** A span of the receiver's clock as wall ms (none while the clock is held). */
  private wallMs(clockMs: number): number {
    const rate = this.src.clockRate;
    return rate > 0 ? Math.max(0, clockMs) / rate : 0;
  }
}
