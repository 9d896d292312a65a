import { connect } from '@nats-io/transport-node';
import { headers, type MsgHdrs, type NatsConnection } from '@nats-io/nats-core';
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
} from '@nats-io/jetstream';
import {
  parseHeaders,
  probeHeaders,
  type Delivery,
  type ProbeBackend,
  type ProbeMessage,
  type Report,
} from './types';

export interface NatsBackendOptions {
  url: string;
  user: string;
  pass: string;
  stream: string;
  /** Messages go to <prefix>.<shard>.<device>; the stream takes <prefix>.>. */
  subjectPrefix: string;
  /** One durable consumer per group, each filtered on its shard. */
  groups: string[];
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

/** The probe headers as NATS message headers (JetStream and core NATS alike). */
export function natsHeaders(message: ProbeMessage): MsgHdrs {
  const h = headers();
  for (const [k, v] of probeHeaders(message)) h.set(k, v);
  return h;
}

/**
 * NATS JetStream as the probe drives it: the case study's stream (WorkQueue retention,
 * file storage, 7-day max age) and one durable pull consumer per consumer group.
 * A WorkQueue stream refuses consumers with overlapping filters, so each group owns
 * a shard of the subject space, as each group owns its share of the work.
 */
export class NatsBackend implements ProbeBackend {
  readonly name = 'nats' as const;
  private subscriptions: ConsumerMessages[] = [];

  private constructor(
    readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly options: NatsBackendOptions,
  ) {}

  static async connect(options: NatsBackendOptions): Promise<NatsBackend> {
    const nc = await connect({
      servers: options.url,
      user: options.user,
      pass: options.pass,
      name: 'cutover-probe',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // A server still starting may refuse credentials it will accept a moment later.
      ignoreAuthErrorAbort: true,
    });
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
      try {
        await jsm.consumers.info(options.stream, group);
      } catch {
        await jsm.consumers.add(options.stream, {
          durable_name: group,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${options.subjectPrefix}.${shard}.>`,
          ack_wait: (NATS_ACK_WAIT_MS / 1000) * NANOS_PER_SECOND,
        });
      }
    }
    return new NatsBackend(nc, jetstream(nc), options);
  }

  async publish(message: ProbeMessage): Promise<void> {
    const h = natsHeaders(message);
    await this.js.publish(
      `${this.options.subjectPrefix}.${message.shard}.${message.key}`,
      message.payload,
      {
        headers: h,
        msgID: message.id,
      },
    );
  }

  async startConsumers(onDelivery: (delivery: Delivery) => void): Promise<void> {
    for (const group of this.options.groups) {
      const consumer = await this.js.consumers.get(this.options.stream, group);
      const messages = await consumer.consume({ max_messages: 1000 });
      this.subscriptions.push(messages);
      void (async () => {
        for await (const m of messages) {
          const d = parseHeaders((name) => m.headers?.get(name) || undefined, m.data);
          m.ack();
          if (d) onDelivery(d);
        }
      })();
    }
  }

  async stopConsumers(): Promise<void> {
    const subs = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subs.map((s) => s.close()));
  }

  async publishReport(report: Report): Promise<void> {
    this.connection.publish(report.subject, report.text);
  }

  async close(): Promise<void> {
    await this.stopConsumers();
    await this.connection.drain();
  }
}
