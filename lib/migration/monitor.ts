import { Admin } from '@platformatic/kafka';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { MigrationConfig, ServerConfig } from '@/lib/config';
import { describeError } from '@/lib/kafka';
import type { PeriodSummary } from '@/lib/latency/types';
import { jetStreamBacklog, kafkaLag, type JetStreamBacklog, type KafkaLag } from './lag';
import { groupPhase, migrationPhase } from './phases';
import { MigrationStore } from './store';
import type { GroupPhase, MigrationPhase, MigrationState, PhaseChange, PhaseRecord } from './types';

/** One row of the consumer-group board. */
export interface GroupRow {
  name: string;
  language: string;
  kafkaGroupId: string;
  stream: string;
  durable: string;
  phase: GroupPhase;
  /** When the group entered its phase; null when it has never been changed. */
  record: PhaseRecord<GroupPhase> | null;
  kafka: KafkaLag;
  jetstream: JetStreamBacklog;
  /** Kafka lag (messages) at each trend point; null where it was not known. */
  lagTrend: (number | null)[];
  /** JetStream pending (messages) at each trend point; null where it was not known. */
  pendingTrend: (number | null)[];
}

/** What /api/migration serves. */
export type MigrationSnapshot =
  | {
      type: 'live';
      atMs: number;
      phase: MigrationPhase;
      record: PhaseRecord<MigrationPhase> | null;
      standbyHours: number;
      groups: GroupRow[];
      /** Timestamps (ms) of the trend points, oldest first. */
      trendAtMs: number[];
      /** Newest first. */
      history: PhaseChange[];
      /**
       * The gate's target backend over gate.slaHoldSeconds as the server has seen it
       * (all probes, merged histograms), so a tab opened a minute ago still sees the hour.
       */
      targetLatency?: PeriodSummary | null;
      /** Per broker, the last error reaching it (null when fine). */
      errors: { nats: string | null; kafka: string | null };
    }
  | { type: 'unavailable'; reason: string };

export interface MonitorOptions {
  intervalMs?: number;
  /** Trend points kept per group (90 × 2 s = 3 minutes). */
  trendPoints?: number;
}

/**
 * Polls what the board shows, on the server: phases from the KV store, Kafka lag from
 * the admin API, JetStream backlog from consumer info. Browsers read the snapshot
 * (read-only); one poller serves every tab.
 */
export class MigrationMonitor {
  private nc: NatsConnection | null = null;
  private jsm: JetStreamManager | null = null;
  private store: MigrationStore | null = null;
  private readonly admin: Admin;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private snapshotValue: MigrationSnapshot = { type: 'unavailable', reason: 'starting' };
  private readonly trendAtMs: number[] = [];
  private readonly lagTrends = new Map<string, (number | null)[]>();
  private readonly pendingTrends = new Map<string, (number | null)[]>();
  private history: PhaseChange[] = [];
  private historyKey = '';
  private stopped = false;
  private readonly intervalMs: number;
  private readonly trendPoints: number;

  constructor(
    private readonly config: ServerConfig,
    private readonly migration: MigrationConfig,
    options: MonitorOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.trendPoints = options.trendPoints ?? 90;
    this.admin = new Admin({
      clientId: 'cutover-migration-monitor',
      bootstrapBrokers: config.kafkaBrokers,
      retries: 0,
    });
  }

  /** Starts polling; the first poll runs before this resolves. */
  async start(): Promise<void> {
    await this.poll();
    this.schedule();
  }

  snapshot(): MigrationSnapshot {
    return this.snapshotValue;
  }

  /** One round: phases, lag and backlog for every configured group. */
  async poll(): Promise<MigrationSnapshot> {
    const errors: { nats: string | null; kafka: string | null } = { nats: null, kafka: null };
    let state: MigrationState = { migration: null, groups: {} };
    try {
      await this.ensureNats();
      state = await this.store!.state();
      const key = JSON.stringify(state);
      if (key !== this.historyKey) {
        this.history = (await this.store!.history()).slice(0, 100);
        this.historyKey = key;
      }
    } catch (err) {
      errors.nats = (err as Error).message;
    }
    const groups = this.migration.consumerGroups;
    const [lags, backlogs] = await Promise.all([
      Promise.all(groups.map((g) => kafkaLag(this.admin, g.kafkaGroupId))),
      Promise.all(
        groups.map((g) =>
          this.jsm
            ? jetStreamBacklog(this.jsm, g.stream, g.durable)
            : Promise.resolve<JetStreamBacklog>({
                type: 'error',
                message: errors.nats ?? 'NATS not connected',
              }),
        ),
      ),
    ]);
    const kafkaError = lags.find((l) => l.type === 'error');
    if (kafkaError?.type === 'error') errors.kafka = kafkaError.message;

    const atMs = Date.now();
    this.trendAtMs.push(atMs);
    if (this.trendAtMs.length > this.trendPoints) this.trendAtMs.shift();
    const rows: GroupRow[] = groups.map((g, i) => {
      const kafka = lags[i]!;
      const jetstream = backlogs[i]!;
      const lagTrend = this.push(this.lagTrends, g.name, kafka.type === 'ok' ? kafka.lag : null);
      const pendingTrend = this.push(
        this.pendingTrends,
        g.name,
        jetstream.type === 'ok' ? jetstream.pending : null,
      );
      return {
        name: g.name,
        language: g.language,
        kafkaGroupId: g.kafkaGroupId,
        stream: g.stream,
        durable: g.durable,
        phase: groupPhase(state, g.name),
        record: state.groups[g.name] ?? null,
        kafka,
        jetstream,
        lagTrend,
        pendingTrend,
      };
    });
    this.snapshotValue = {
      type: 'live',
      atMs,
      phase: migrationPhase(state),
      record: state.migration,
      standbyHours: this.migration.migration.standbyHours,
      groups: rows,
      trendAtMs: [...this.trendAtMs],
      history: this.history,
      errors,
    };
    return this.snapshotValue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([this.admin.close(), this.nc?.close()]);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll()
        .catch((err: unknown) => console.error(`cutover: migration poll: ${describeError(err)}`))
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref?.();
  }

  private async ensureNats(): Promise<void> {
    if (this.store) return;
    this.nc ??= await connect({
      servers: this.config.natsUrl,
      user: this.config.natsUser,
      pass: this.config.natsPass,
      name: 'cutover-migration-monitor',
      maxReconnectAttempts: -1,
      timeout: 2000,
    });
    this.jsm ??= await jetstreamManager(this.nc);
    this.store = await MigrationStore.open(this.nc, {
      bucket: this.migration.migration.bucket,
      groups: this.migration.consumerGroups.map((g) => g.name),
      standbyHours: this.migration.migration.standbyHours,
    });
  }

  /** Appends to a group's trend, aligned with trendAtMs. */
  private push(
    trends: Map<string, (number | null)[]>,
    group: string,
    v: number | null,
  ): (number | null)[] {
    const t = trends.get(group) ?? [];
    t.push(v);
    while (t.length > this.trendAtMs.length) t.shift();
    trends.set(group, t);
    return [...t];
  }
}
