import type { NatsConnection } from '@nats-io/nats-core';
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { NatsConsumers, natsDurableName } from './nats-consumers';
import { connectNats, NatsSender } from './nats-sender';
import {
  type ConsumerSpec,
  type Delivery,
  type ProbeBackend,
  type ProbeMessage,
  type Report,
  type SenderSpec,
} from './types';

export interface NatsBackendOptions {
  /** The seed list: every node of the cluster, so any one may be down. */
  servers: string[];
  user: string;
  pass: string;
  stream: string;
  /** Messages go to <prefix>.<probeId>.<shard>.<device>; the stream takes <prefix>.>. */
  subjectPrefix: string;
  /** One durable consumer per group, `<group>-<probeId>`, each filtered on its shard. */
  groups: string[];
  /** The probe's id: in its subjects and durable names, so probes never share a durable. */
  probeId: string;
  /** Replicas of the stream when this creates it (3 on the cluster, as in the case study). */
  replicas: number;
}

const NANOS_PER_SECOND = 1e9;

/**
 * How long JetStream waits for an ack before it redelivers. The case study matched
 * Kafka's 5 s auto-commit to remove parity differences on restart. A message a killed
 * consumer had pulled but not acked comes back only after this, so a parity grace
 * period shorter than it counts such a message missing (and then "unknown").
 */
export const NATS_ACK_WAIT_MS = 5000;

/**
 * A probe's durables are removed by the server after this long without a pull, so those
 * of a probe that crashed (or of a test's random probe id) do not pile up; a clean close
 * removes them at once. Messages they left stay in the stream (7-day max age), and the
 * next run of the same probe id counts them as stale.
 */
export const NATS_DURABLE_INACTIVE_MS = 3600_000;

/**
 * NATS JetStream as the probe drives it: the case study's stream (WorkQueue retention,
 * file storage, 7-day max age) and one durable pull consumer per consumer group.
 * A WorkQueue stream refuses consumers with overlapping filters ("filtered consumer not
 * unique"), so each group owns a shard of the subject space, as each group owns its share
 * of the work, and each probe writes under its own id: two probes never split a shard.
 */
export class NatsBackend implements ProbeBackend {
  readonly name = 'nats' as const;
  readonly senderSpec: SenderSpec;
  readonly consumerSpec: ConsumerSpec;
  private readonly consumers: NatsConsumers;
  private readonly sender: NatsSender;

  private constructor(
    readonly connection: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBackendOptions,
  ) {
    this.sender = new NatsSender(connection, options.subjectPrefix, options.probeId);
    const { servers, user, pass, subjectPrefix, probeId, stream, groups } = options;
    this.senderSpec = { type: 'nats', servers, user, pass, subjectPrefix, probeId };
    this.consumerSpec = { type: 'nats', servers, user, pass, stream, groups, probeId };
    this.consumers = new NatsConsumers(jetstream(connection), { stream, groups, probeId });
  }

  static async connect(options: NatsBackendOptions): Promise<NatsBackend> {
    const nc = await connectNats(options, 'cutover-probe');
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.info(options.stream);
    } catch {
      await jsm.streams.add({
        name: options.stream,
        subjects: [`${options.subjectPrefix}.>`],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        max_age: 7 * 24 * 3600 * NANOS_PER_SECOND,
        num_replicas: options.replicas,
      });
    }
    for (const [shard, group] of options.groups.entries()) {
      const durable = natsDurableName(group, options.probeId);
      try {
        await jsm.consumers.info(options.stream, durable);
      } catch {
        await jsm.consumers.add(options.stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${options.subjectPrefix}.${options.probeId}.${shard}.>`,
          ack_wait: (NATS_ACK_WAIT_MS / 1000) * NANOS_PER_SECOND,
          inactive_threshold: (NATS_DURABLE_INACTIVE_MS / 1000) * NANOS_PER_SECOND,
        });
      }
    }
    return new NatsBackend(nc, jsm, options);
  }

  /** Sends from this thread (a probe whose lanes send from their own threads does not). */
  publish(message: ProbeMessage): Promise<void> {
    return this.sender.publish(message);
  }

  startConsumers(onDelivery: (delivery: Delivery) => void): Promise<void> {
    return this.consumers.start(onDelivery);
  }

  stopConsumers(): Promise<void> {
    return this.consumers.stop();
  }

  async publishReport(report: Report): Promise<void> {
    this.connection.publish(report.subject, report.text);
  }

  /**
   * Stops consuming and removes this probe's durables: a closed probe has nothing left to
   * read, and a durable nobody reads only holds state. What they had not acknowledged stays
   * in the stream for the next run of this probe id (counted stale there).
   */
  async close(): Promise<void> {
    await this.stopConsumers();
    this.sender.close();
    await Promise.allSettled(
      this.options.groups.map((g) =>
        this.jsm.consumers.delete(this.options.stream, natsDurableName(g, this.options.probeId)),
      ),
    );
    await this.connection.drain();
  }
}
