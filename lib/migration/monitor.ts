import { Admin } from '@platformatic/kafka';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { ClusterEvidence } from '@/lib/cluster';
import type { ConsumerGroupConfig, MigrationConfig, ServerConfig } from '@/lib/config';
import { ADMIN_REQUEST_TIMEOUT_MS, describeError } from '@/lib/kafka';
import type { PeriodSummary } from '@/lib/latency/types';
import {
  jetStreamBacklog,
  kafkaLag,
  listJetStreamBacklogs,
  listKafkaGroups,
  probeJetStreamBacklog,
  probeKafkaLag,
  type JetStreamBacklog,
  type KafkaGroupListing,
  type KafkaLag,
} from './lag';
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
  /** For a group the probe runs, the worst of its probe consumers (see probeConsumers). */
  kafka: KafkaLag;
  jetstream: JetStreamBacklog;
  /**
   * Set for a group the probe runs (config `probe.groups`): the probe consumes it as
   * `<kafkaGroupId>-<probe id>` and `<durable>-<probe id>`, one per probe, and `kafka` and
   * `jetstream` are the worst of those found (largest lag, pending and ack pending;
   * redeliveries summed); these are how many. Kafka groups without members are not
   * counted: a stopped probe's group stays for days with a lag nobody will consume.
   */
  probeConsumers?: { kafka: number; jetstream: number };
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
      /** Both clusters' health for the gate's cluster check (lib/cluster), served alike. */
      cluster?: ClusterEvidence;
      /** Per broker, the last error reaching it (null when fine). */
      errors: { nats: string | null; kafka: string | null };
    }
  | { type: 'unavailable'; reason: string };

/** What one poll lists once for every group the probe runs. */
interface Listings {
  kafka: Promise<KafkaGroupListing> | null;
  streams: Map<string, ReturnType<typeof listJetStreamBacklogs>>;
}

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
  /**
   * Groups the probe runs, as config `probe.groups` names them; none when it is unset
   * (the probe then runs every group, but the board does not assume the probe is what
   * consumes a group unless the config says so).
   */
  private readonly probeRun: ReadonlySet<string>;

  constructor(
    private readonly config: ServerConfig,
    private readonly migration: MigrationConfig,
    options: MonitorOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.trendPoints = options.trendPoints ?? 90;
    this.probeRun = new Set(migration.probe.groups ?? []);
    this.admin = new Admin({
      clientId: 'cutover-migration-monitor',
      bootstrapBrokers: config.kafkaBrokers,
      retries: 0,
      requestTimeout: ADMIN_REQUEST_TIMEOUT_MS,
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
    const listings: Listings = { kafka: null, streams: new Map() };
    const [lags, backlogs] = await Promise.all([
      Promise.all(groups.map((g) => this.kafkaOf(g, listings))),
      Promise.all(groups.map((g) => this.jetStreamOf(g, listings, errors.nats))),
    ]);
    const kafkaError = lags.map((l) => l.lag).find((l) => l.type === 'error');
    if (kafkaError?.type === 'error') errors.kafka = kafkaError.message;

    const atMs = Date.now();
    this.trendAtMs.push(atMs);
    if (this.trendAtMs.length > this.trendPoints) this.trendAtMs.shift();
    const rows: GroupRow[] = groups.map((g, i) => {
      const { lag: kafka, consumers: kafkaConsumers } = lags[i]!;
      const { backlog: jetstream, consumers: jetstreamConsumers } = backlogs[i]!;
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
        ...(this.probeRun.has(g.name) && {
          probeConsumers: { kafka: kafkaConsumers, jetstream: jetstreamConsumers },
        }),
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
      servers: this.config.natsServers,
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
      replicas: this.config.replicas,
    });
  }

  /**
   * A group's Kafka lag: of its own group id, or for a group the probe runs the worst of
   * its probe consumers (consumers: how many were measured).
   */
  private async kafkaOf(
    g: ConsumerGroupConfig,
    listings: Listings,
  ): Promise<{ lag: KafkaLag; consumers: number }> {
    if (!this.probeRun.has(g.name)) {
      return { lag: await kafkaLag(this.admin, g.kafkaGroupId), consumers: 0 };
    }
    try {
      listings.kafka ??= listKafkaGroups(this.admin);
      const configured = this.migration.consumerGroups.map((c) => c.kafkaGroupId);
      return await probeKafkaLag(this.admin, await listings.kafka, g.kafkaGroupId, configured);
    } catch (err) {
      return { lag: { type: 'error', message: (err as Error).message }, consumers: 0 };
    }
  }

  /** A group's JetStream backlog, as kafkaOf() for its durable on its stream. */
  private async jetStreamOf(
    g: ConsumerGroupConfig,
    listings: Listings,
    natsError: string | null,
  ): Promise<{ backlog: JetStreamBacklog; consumers: number }> {
    if (!this.jsm) {
      return {
        backlog: { type: 'error', message: natsError ?? 'NATS not connected' },
        consumers: 0,
      };
    }
    if (!this.probeRun.has(g.name)) {
      return { backlog: await jetStreamBacklog(this.jsm, g.stream, g.durable), consumers: 0 };
    }
    try {
      const listed = listings.streams.get(g.stream) ?? listJetStreamBacklogs(this.jsm, g.stream);
      listings.streams.set(g.stream, listed);
      const configured = this.migration.consumerGroups
        .filter((c) => c.stream === g.stream)
        .map((c) => c.durable);
      return probeJetStreamBacklog(await listed, g.stream, g.durable, configured);
    } catch (err) {
      return { backlog: { type: 'error', message: (err as Error).message }, consumers: 0 };
    }
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
