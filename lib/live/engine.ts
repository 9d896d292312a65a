import type { PublicConfig } from '@/lib/config';
import type { EvidenceBundle } from '@/lib/evidence';
import { LatencyReceiver } from '@/lib/latency';
import { ParityRuns } from '@/lib/parity';
import type { FeedHandlers, FeedStatus, SampleOrigin, StopFeed, Transport } from '@/lib/samples';
import { DecodeQueue } from './decode-queue';
import { evidenceFile } from './evidence';
import { FeedStatuses } from './feed-statuses';
import { openFeeds } from './feeds';
import type { EvidenceFile, LiveQuery, LiveUpdate } from './types';
import { UpdateBuilder } from './update-builder';

/** LatencyReceiver's summary refresh (ms of wall time); see AggregatorOptions.summaryRefreshMs. */
const SUMMARY_REFRESH_MS = 1000;

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
 * The page's whole live data path, framework-free so it runs in a Web Worker: takes in
 * what both feeds deliver (lib/live/feeds) through a decode queue into the merged
 * histograms (lib/latency), parity reports and feed statuses, and hands out the figures
 * the page asks for (LiveQuery) as LiveUpdates (UpdateBuilder). The page's main thread
 * only renders.
 */
export class LiveEngine {
  private readonly latency: LatencyReceiver;
  private readonly parity = new ParityRuns();
  private readonly statuses = new FeedStatuses();
  private readonly queue: DecodeQueue;
  private readonly updates: UpdateBuilder;
  private changed = true;
  private stopFeeds: StopFeed | null = null;
  private readonly now: () => number;

  constructor(private readonly options: EngineOptions) {
    this.now = options.now ?? Date.now;
    const clockRate = options.clockRate ?? 1;
    this.latency = new LatencyReceiver({
      now: this.now,
      skewToleranceMs: options.config.skewToleranceMs,
      // A held clock never ages a summary: recompute when data changes instead.
      ...(options.clockRate !== undefined && { summaryRefreshMs: SUMMARY_REFRESH_MS * clockRate }),
    });
    this.queue = new DecodeQueue(
      (m) => this.latency.receive(m.data, m.transport, m.receivedMs, m.origin),
      () => {
        this.updates.markSeriesChanged();
        this.touch();
      },
    );
    this.updates = new UpdateBuilder({
      latency: this.latency,
      parity: this.parity,
      statuses: this.statuses,
      slaMs: options.config.slaMs,
      now: this.now,
      clockRate,
    });
  }

  /** Subscribes to both feeds. */
  start(): void {
    const handlers = (transport: Transport): FeedHandlers => ({
      onMessage: (data, origin) => this.receiveSample(data, transport, origin),
      onRejected: (reason) => {
        this.latency.all.reject(reason, transport);
        this.touch();
      },
      onStatus: (status) => this.receiveStatus(transport, status),
      onParity: (data) => this.receiveParity(data),
      onHistory: (text) => this.receiveHistory(text),
    });
    this.stopFeeds = openFeeds(this.options.config, this.options.streamUrl, handlers);
  }

  /**
   * One sample message from a feed: queued, then decoded and merged (or counted as
   * rejected) in slices (DecodeQueue), so requests from the page are answered between
   * slices.
   */
  receiveSample(
    data: Uint8Array | string,
    transport: Transport,
    origin: SampleOrigin = { type: 'checked' },
  ): void {
    // A NATS payload can be a view into a socket buffer that is reused: keep a copy.
    const own = typeof data === 'string' ? data : data.slice();
    this.queue.push({ data: own, transport, origin, receivedMs: this.now() });
  }

  /** Decodes everything queued now (tests, and before an export). */
  flush(): void {
    this.queue.flush();
  }

  /** A feed's new status, shown for at least one update (FeedStatuses). */
  receiveStatus(transport: Transport, status: FeedStatus): void {
    this.statuses.push(transport, status);
    this.touch();
  }

  /**
   * The server's merged history: merged under what this tab holds, so figures cover the
   * selected period from the first update. Each stream (re)connect sends it; what is
   * already here is kept and the history's windows are not merged twice.
   */
  receiveHistory(text: string): void {
    if (!this.latency.all.seedHistory(text)) return;
    this.updates.markSeriesChanged();
    this.touch();
  }

  /** One parity progress message from a feed. */
  receiveParity(data: Uint8Array | string): void {
    this.parity.receive(data);
    this.updates.markParityChanged();
    this.touch();
  }

  stop(): void {
    this.stopFeeds?.();
    this.stopFeeds = null;
    this.queue.close();
  }

  /** Sets what the page reads; the next update carries it in full. */
  setQuery(query: LiveQuery): void {
    this.latency.setProbeFilter(query.probe);
    this.updates.setQuery(query);
    this.touch();
  }

  /**
   * Ms until an update is worth sending: 0 now (something changed, a status waits); else
   * as UpdateBuilder.dueInMs, null when nothing the page shows would change. The page
   * asks again at least every second (UpdatePump), so figures whose data falls out of
   * their period move on by the receiver's clock alone.
   */
  dueInMs(): number | null {
    if (this.changed || this.statuses.pending()) return 0;
    return this.updates.dueInMs();
  }

  /** Everything the page shows, with the series and parity only when they changed. */
  update(): LiveUpdate {
    this.statuses.advance();
    this.changed = false;
    return this.updates.build();
  }

  /** Evidence of what the view holds, histograms included: JSON, or CSV of the slots. */
  exportEvidence(source: EvidenceBundle['source'], format: EvidenceFile['format']): EvidenceFile {
    this.flush();
    return evidenceFile(
      this.latency.aggregator,
      this.parity.latest(),
      this.options.config.slaMs,
      source,
      format,
    );
  }

  private touch(): void {
    this.changed = true;
    this.options.onChange();
  }
}
