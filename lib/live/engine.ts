import type { PublicConfig } from '@/lib/config';
import { buildBundle, bundleToCsv, type EvidenceBundle } from '@/lib/evidence';
import {
  LiveLatency,
  type ParityPoint,
  type PeriodSummary,
  type ProbeFigures,
} from '@/lib/latency';
import { parityRunKey } from '@/lib/parity';
import type { FeedHandlers, FeedStatus, SampleOrigin, StopFeed, Transport } from '@/lib/samples';
import {
  EMPTY_QUERY,
  summaryKey,
  type BackendSeries,
  type EvidenceFile,
  type LiveQuery,
  type LiveUpdate,
} from './types';
import { loadNatsFeed, subscribeKafkaSamples } from './feeds';

/**
 * Series go out at most this often (ms): the charts redraw twice a second, and a full
 * series (300 points with heatmap bins per backend) is the bulk of an update.
 */
export const SERIES_EVERY_MS = 500;

/** LiveLatency's summary refresh (ms of wall time); see AggregatorOptions.summaryRefreshMs. */
const SUMMARY_REFRESH_MS = 1000;

/**
 * Longest stretch (ms) of decoding before the engine yields. A tab that joins late gets a
 * minute of windows at once (the server's recent buffer); decoded in one go, they held
 * the page's first update back for a second.
 */
const DECODE_SLICE_MS = 8;

export interface EngineOptions {
  config: PublicConfig;
  /** Absolute URL of the Kafka SSE route (a worker has no page to resolve '/api/stream' against). */
  streamUrl: string;
  /** Called after anything the page shows has changed. */
  onChange(): void;
  /** The receiver's clock: windows are judged and periods end by it (a replay's in a replay). */
  now?: () => number;
  /**
   * How fast `now` moves, in its ms per wall ms (a replay's speed; 0 while paused). The
   * engine's pacing (series, summary refresh) stays in wall time whatever the speed.
   */
  clockRate?: number;
}

/**
 * The page's whole live data path, framework-free so it runs in a Web Worker: both feeds
 * (NATS WebSocket, Kafka SSE), decoding, the merged histograms, and the figures the page
 * asks for (LiveQuery), handed out as LiveUpdates. The page's main thread only renders.
 */
export class LiveEngine {
  private readonly live: LiveLatency;
  private query: LiveQuery = EMPTY_QUERY;
  private version = 0;
  private changed = true;
  private seriesChanged = true;
  private seriesSentMs = Number.NEGATIVE_INFINITY;
  /** Points each backend had in the last series sent: one with no line yet goes out at once. */
  private seriesPoints = new Map<string, number>();
  private parityChanged = false;
  /** Newest parity history point already handed out, per run. */
  private readonly paritySentAtMs = new Map<string, number>();
  private stops: StopFeed[] = [];
  /** Statuses not shown yet, oldest first. */
  private readonly statusQueue: Record<Transport, FeedStatus[]> = { nats: [], kafka: [] };
  private stopped = false;
  /** Sample messages received and not decoded yet, oldest first. */
  private readonly inbox: {
    data: Uint8Array | string;
    transport: Transport;
    origin: SampleOrigin;
    receivedMs: number;
  }[] = [];
  private readonly yielder = new MessageChannel();
  private decoding = false;
  private readonly now: () => number;
  private readonly rate: number;

  constructor(private readonly options: EngineOptions) {
    this.now = options.now ?? Date.now;
    this.rate = options.clockRate ?? 1;
    this.live = new LiveLatency({
      now: this.now,
      skewToleranceMs: options.config.skewToleranceMs,
      // A held clock never ages a summary: recompute when data changes instead.
      ...(options.clockRate !== undefined && { summaryRefreshMs: SUMMARY_REFRESH_MS * this.rate }),
    });
    this.yielder.port1.onmessage = () => this.decodeSlice();
    // Node (tests, scripts) would otherwise stay alive for the port; browsers have no unref.
    (this.yielder.port1 as { unref?: () => void }).unref?.();
  }

  /** Subscribes to both feeds. */
  start(): void {
    const { config, streamUrl } = this.options;
    const handlers = (transport: Transport): FeedHandlers => ({
      onMessage: (data, origin) => this.receiveSample(data, transport, origin),
      onRejected: (reason) => {
        this.live.all.reject(reason, transport);
        this.touch();
      },
      onStatus: (status) => this.receiveStatus(transport, status),
      onParity: (data) => this.receiveParity(data),
      onHistory: (text) => this.receiveHistory(text),
    });
    // A replay arrives through the server's stream only; there is no broker to reach.
    if (config.source.type === 'replay')
      this.live.setStatus('nats', { type: 'off', reason: 'not used by the replay' });
    else
      // The NATS client is loaded after the SSE stream is open: the worker's first chunk is
      // then smaller, and the server's last minute (over SSE) draws the first chart sooner.
      void loadNatsFeed().then((subscribeNatsSamples) => {
        if (!this.stopped) this.stops.push(subscribeNatsSamples(config, handlers('nats')));
      });
    this.stops.push(subscribeKafkaSamples(streamUrl, handlers('kafka')));
  }

  /**
   * One sample message from a feed: queued, then decoded and merged (or counted as
   * rejected) in slices of DECODE_SLICE_MS, so requests from the page are answered
   * between slices.
   */
  receiveSample(
    data: Uint8Array | string,
    transport: Transport,
    origin: SampleOrigin = { type: 'checked' },
  ): void {
    // A NATS payload can be a view into a socket buffer that is reused: keep a copy.
    const own = typeof data === 'string' ? data : data.slice();
    this.inbox.push({ data: own, transport, origin, receivedMs: this.now() });
    if (this.decoding) return;
    this.decoding = true;
    this.yielder.port2.postMessage(null);
  }

  /** Decodes everything queued now (tests, and before an export). */
  flush(): void {
    this.decodeSlice(Number.POSITIVE_INFINITY);
  }

  /**
   * A feed's new status. Each one is shown for at least one update, in order: a NATS
   * restart can drop and restore the connection within one render, and the page must
   * still say it reconnected rather than never leave "live".
   */
  receiveStatus(transport: Transport, status: FeedStatus): void {
    const queue = this.statusQueue[transport];
    queue.push(status);
    // A page that stops asking (a hidden tab draws no frames) gets the newest few.
    if (queue.length > 8) queue.shift();
    this.touch();
  }

  /**
   * The server's merged history: merged under what this tab holds, so figures cover the
   * selected period from the first update. Each stream (re)connect sends it; what is
   * already here is kept and the history's windows are not merged twice.
   */
  receiveHistory(text: string): void {
    if (!this.live.all.seedHistory(text)) return;
    this.seriesChanged = true;
    this.touch();
  }

  /** One parity progress message from a feed. */
  receiveParity(data: Uint8Array | string): void {
    this.live.receiveParity(data);
    this.parityChanged = true;
    this.touch();
  }

  stop(): void {
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    this.yielder.port1.close();
  }

  private decodeSlice(sliceMs = DECODE_SLICE_MS): void {
    const untilMs = performance.now() + sliceMs;
    let decoded = 0;
    // In batches of 16 between clock reads; splice, not shift, so a long queue drains in linear time.
    while (this.inbox.length > 0 && performance.now() < untilMs)
      for (const m of this.inbox.splice(0, 16)) {
        this.live.receive(m.data, m.transport, m.receivedMs, m.origin);
        decoded += 1;
      }
    if (this.inbox.length > 0) this.yielder.port2.postMessage(null);
    else this.decoding = false;
    if (decoded === 0) return;
    this.seriesChanged = true;
    this.touch();
  }

  /** Sets what the page reads; the next update carries it in full. */
  setQuery(query: LiveQuery): void {
    this.live.setProbeFilter(query.probe);
    this.query = query;
    this.seriesChanged = true;
    this.seriesSentMs = Number.NEGATIVE_INFINITY;
    this.seriesPoints = new Map();
    this.touch();
  }

  /**
   * Ms until an update is worth sending: 0 now; a delay when only the series changed and
   * they are not due yet, or when a figure was handed out from a cache that is due for a
   * refresh (the trailing update after a burst); null when nothing the page shows would
   * change. The page asks again at least every second (UpdatePump), so figures whose
   * data falls out of their period move on by the receiver's clock alone.
   */
  dueInMs(): number | null {
    if (this.changed || this.statusQueue.nats.length > 0 || this.statusQueue.kafka.length > 0)
      return 0;
    const nowMs = this.now();
    let due: number | null = null;
    const sooner = (ms: number) => (due = due === null ? ms : Math.min(due, ms));
    for (const agg of new Set([this.live.aggregator, this.live.all, this.live.probeWindows])) {
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

  /** SERIES_EVERY_MS of wall time, on the engine's clock. */
  private seriesEveryMs(): number {
    return SERIES_EVERY_MS * this.rate;
  }

  /** A span of the engine's clock as wall ms (none while the clock is held). */
  private wallMs(clockMs: number): number {
    return this.rate > 0 ? Math.max(0, clockMs) / this.rate : 0;
  }

  /** True if a figure the page reads would differ if computed now. */
  private summariesOutdated(): boolean {
    const slaUs = this.options.config.slaMs * 1000;
    const scopes = [
      { agg: this.live.aggregator, periods: this.query.periodsMs },
      { agg: this.live.all, periods: this.query.allPeriodsMs },
    ];
    return (
      scopes.some(({ agg, periods }) =>
        agg.backends().some((b) => periods.some((p) => agg.summaryOutdated(b, p, slaUs))),
      ) || this.query.probePeriodsMs.some((p) => this.live.probeWindows.figuresOutdated(p, slaUs))
    );
  }

  /** Everything the page shows, with the series and parity only when they changed. */
  update(): LiveUpdate {
    const view = this.live.aggregator;
    const all = this.live.all;
    const slaUs = this.options.config.slaMs * 1000;
    const summaries: Record<string, PeriodSummary> = {};
    for (const backend of view.backends())
      for (const periodMs of this.query.periodsMs)
        summaries[summaryKey('view', backend, periodMs)] = view.summary(backend, periodMs, slaUs);
    for (const backend of all.backends())
      for (const periodMs of this.query.allPeriodsMs)
        summaries[summaryKey('all', backend, periodMs)] = all.summary(backend, periodMs, slaUs);
    const probeFigures: Record<string, ProbeFigures> = {};
    for (const periodMs of this.query.probePeriodsMs)
      probeFigures[String(periodMs)] = this.live.probeWindows.figures(periodMs, slaUs);

    let series: Record<string, BackendSeries> | null = null;
    const nowMs = this.now();
    if (
      this.seriesChanged &&
      (nowMs - this.seriesSentMs >= this.seriesEveryMs() || this.startsALine())
    ) {
      series = Object.fromEntries(
        view.backends().map((b) => [b, { seconds: view.series(b), minutes: view.minutePoints(b) }]),
      );
      this.seriesChanged = false;
      this.seriesSentMs = nowMs;
      this.seriesPoints = new Map(Object.entries(series).map(([b, s]) => [b, s.seconds.length]));
    }

    const parity = this.parityChanged ? this.live.parity() : null;
    const parityAppend: Record<string, ParityPoint[]> = {};
    if (this.parityChanged)
      for (const p of parity ?? []) {
        const key = parityRunKey(p);
        const after = this.paritySentAtMs.get(key) ?? Number.NEGATIVE_INFINITY;
        const fresh = this.live.parityHistory(p.probe, p.ledger).filter((h) => h.atMs > after);
        if (fresh.length === 0) continue;
        parityAppend[key] = fresh;
        this.paritySentAtMs.set(key, fresh[fresh.length - 1]!.atMs);
      }
    this.parityChanged = false;

    for (const t of ['nats', 'kafka'] as const) {
      const next = this.statusQueue[t].shift();
      if (next) this.live.setStatus(t, next);
    }
    const stats = all.transportStats();
    this.changed = false;
    this.version += 1;
    return {
      version: this.version,
      backends: view.backends().map((backend) => ({
        backend,
        latest: view.latest(backend),
        acceptedAtMs: all.acceptedAt(backend),
      })),
      newestSlotMs: view.newestSlotMs(),
      summaries,
      probeFigures,
      transports: {
        nats: { ...stats.nats, status: this.live.status('nats') },
        kafka: { ...stats.kafka, status: this.live.status('kafka') },
      },
      rejections: { ...all.rejections() },
      probes: this.live.probes(),
      probeClocks: all.probeClockList(),
      series,
      parity,
      parityAppend,
    };
  }

  /** Evidence of what the view holds, histograms included: JSON, or CSV of the slots. */
  exportEvidence(source: EvidenceBundle['source'], format: EvidenceFile['format']): EvidenceFile {
    this.flush();
    const view = this.live.aggregator;
    const bundle = buildBundle({
      source,
      slaMs: this.options.config.slaMs,
      probes: view.probes(),
      backends: view.backends().map((backend) => ({ backend, slots: view.slotsOf(backend) })),
      parity: this.live.parity(),
    });
    const body = format === 'json' ? `${JSON.stringify(bundle, null, 2)}\n` : bundleToCsv(bundle);
    return { format, generatedAt: bundle.generatedAt, body };
  }

  /**
   * True if a backend's chart would draw its first line (or first point) with the next
   * series: a chart needs two points, and a tab that just opened should not wait 500 ms
   * for each.
   */
  private startsALine(): boolean {
    const view = this.live.aggregator;
    return view.backends().some((b) => {
      const sent = this.seriesPoints.get(b) ?? 0;
      return sent < 2 && view.slotCount(b) > sent;
    });
  }

  private touch(): void {
    this.changed = true;
    this.options.onChange();
  }
}

/** How often (ms) a waiting page's pump asks whether anything is due when nothing arrived. */
const IDLE_CHECK_MS = 1_000;

/**
 * Hands updates to the page only when it asks (pull): the page asks again once it has
 * rendered and rested, so a flood of windows never queues updates faster than they are
 * drawn. Shared by the worker and the in-page fallback.
 */
export class UpdatePump {
  private wanted = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly engine: LiveEngine,
    private readonly send: (update: LiveUpdate) => void,
  ) {}

  /** The page is ready for the next update. */
  pull(): void {
    this.wanted = true;
    this.poke();
  }

  /** Something changed (or may be due): send if the page is waiting. */
  poke(): void {
    if (!this.wanted) return;
    // A timer armed for series that were not due yet must not hold back newer data.
    clearTimeout(this.timer);
    this.timer = undefined;
    // Nothing due: look again in a second, as periods move on with the receiver's clock.
    const dueInMs = this.engine.dueInMs() ?? IDLE_CHECK_MS;
    if (dueInMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.poke();
      }, dueInMs);
      return;
    }
    this.wanted = false;
    this.send(this.engine.update());
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
