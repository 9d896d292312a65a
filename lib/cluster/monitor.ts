import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Admin } from '@platformatic/kafka';
import { subscribeLeaderElected } from './advisories';
import { ElectionLog } from './elections';
import { clusterHealth } from './health';
import { pollKafka } from './kafka-poll';
import { pollNatsNode } from './nats-poll';
import { natsView } from './nats-view';
import type { ClusterEvidence, ClusterHealth, ClusterResponse, ClusterSnapshot } from './types';

export interface ClusterMonitorOptions {
  /** Each NATS node's monitoring endpoint, `http://host:8222`. */
  natsMonitorUrls: readonly string[];
  /** Seed list for the advisory subscription. */
  natsServers: readonly string[];
  natsUser: string;
  natsPass: string;
  kafkaBrokers: readonly string[];
  /** JetStream streams to follow (the consumer groups' streams). */
  streams: readonly string[];
  /** Kafka topics to follow. */
  topics: readonly string[];
  /** Replicas every watched stream and partition should have. */
  expectedReplicas: number;
  /** min.insync.replicas assumed where a topic's own cannot be read. */
  fallbackMinIsr: number;
  intervalMs?: number;
  /** Per request to one node (ms); a poll takes at most about twice this. */
  timeoutMs?: number;
  /** Elections kept. */
  eventCapacity?: number;
}

/**
 * Polls both clusters on the server (every 2 s by default) and listens for JetStream
 * stream leader advisories; one monitor serves every tab and the gate.
 */
export class ClusterMonitor {
  private readonly admin: Admin;
  private readonly elections: ElectionLog;
  private readonly knownNames = new Map<string, string>();
  private readonly knownBrokers = new Map<number, string>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly watched: ReadonlySet<string>;
  private nc: NatsConnection | null = null;
  private connecting: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private last: { snapshot: ClusterSnapshot; health: ClusterHealth } | null = null;

  constructor(private readonly options: ClusterMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.elections = new ElectionLog(options.eventCapacity);
    this.watched = new Set(options.streams);
    this.admin = new Admin({
      clientId: 'cutover-cluster-monitor',
      bootstrapBrokers: [...options.kafkaBrokers],
      retries: 0,
      timeout: this.timeoutMs,
      connectTimeout: this.timeoutMs,
      requestTimeout: this.timeoutMs,
    });
  }

  /** Starts polling; the first poll runs before this resolves. */
  async start(): Promise<void> {
    this.listen();
    await this.poll();
    this.schedule();
  }

  /** One round over every node of both clusters. */
  async poll(): Promise<ClusterSnapshot> {
    const o = this.options;
    const startedMs = Date.now();
    const [answers, kafka] = await Promise.all([
      Promise.all(o.natsMonitorUrls.map((u) => pollNatsNode(u, { timeoutMs: this.timeoutMs }))),
      pollKafka(this.admin, {
        bootstrap: o.kafkaBrokers,
        topics: o.topics,
        fallbackMinIsr: o.fallbackMinIsr,
        timeoutMs: this.timeoutMs,
        known: this.knownBrokers,
      }),
    ]);
    for (const a of answers) if (a.type === 'up') this.knownNames.set(a.url, a.varz.serverName);
    const snapshot: ClusterSnapshot = {
      atMs: Date.now(),
      expectedReplicas: o.expectedReplicas,
      nats: natsView(answers, o.streams, this.knownNames),
      kafka,
    };
    this.elections.observe(snapshot, startedMs);
    this.last = { snapshot, health: clusterHealth(snapshot) };
    return snapshot;
  }

  /** What /api/cluster serves. */
  response(): ClusterResponse {
    if (!this.last) return { type: 'unavailable', reason: 'starting' };
    return { type: 'live', ...this.last, events: this.elections.events() };
  }

  /** The newest health and its age on this server's clock, for the gate. */
  evidence(nowMs = Date.now()): ClusterEvidence {
    if (!this.last) return { type: 'unavailable', reason: 'no cluster poll has finished yet' };
    return { type: 'live', health: this.last.health, ageMs: nowMs - this.last.snapshot.atMs };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([this.admin.close(), this.connecting, this.nc?.close()]);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.listen();
      void this.poll()
        .catch((err: unknown) => console.error(`cutover: cluster poll: ${(err as Error).message}`))
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref?.();
  }

  /**
   * Subscribes to stream leader advisories, in the background: a NATS cluster that is
   * down must not hold up the polls that report it down. Retried on every poll until it
   * connects; the client then reconnects and resubscribes by itself.
   */
  private listen(): void {
    if (this.nc || this.connecting || this.stopped) return;
    const o = this.options;
    this.connecting = connect({
      servers: [...o.natsServers],
      user: o.natsUser,
      pass: o.natsPass,
      name: 'cutover-cluster-monitor',
      maxReconnectAttempts: -1,
      timeout: 2000,
    })
      .then(async (nc) => {
        if (this.stopped) {
          await nc.close();
          return;
        }
        this.nc = nc;
        subscribeLeaderElected(nc, (stream, leader) => {
          if (this.watched.has(stream)) this.elections.advisory(stream, leader, Date.now());
        });
      })
      .catch(() => undefined)
      .finally(() => {
        this.connecting = null;
      });
  }
}
