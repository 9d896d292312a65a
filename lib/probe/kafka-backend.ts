import { Consumer, stringDeserializer, type MessagesStream } from '@platformatic/kafka';
import { describeError, ensureTopics } from '@/lib/kafka';
import { createKafkaProducer, KafkaSender } from './kafka-sender';
import {
  parseHeaders,
  type Delivery,
  type KafkaAcks,
  type ProbeBackend,
  type ProbeMessage,
  type Report,
  type SenderSpec,
} from './types';

export interface KafkaBackendOptions {
  brokers: string[];
  topic: string;
  /** One Kafka consumer group per name; group ids are `<groupPrefix>-<name>-<probeId>`. */
  groups: string[];
  groupPrefix: string;
  /**
   * The probe's id, in its group ids: two probes in one group would split the partitions
   * between them. A probe's groups are left to Kafka's offset retention (7 days after the
   * last member leaves), so a restart with the same id resumes where the last run stopped.
   */
  probeId: string;
  /** Topics the reports go to, created if missing. */
  reportTopics: string[];
  /** Which acknowledgement counts as sent (see KafkaAcks). */
  acks: KafkaAcks;
  /** Replication factor of the topics this creates. */
  replicas: number;
  /** min.insync.replicas of the topics this creates (at most `replicas`). */
  minInsyncReplicas: number;
}

type ConsumerEntry = {
  consumer: Consumer<Buffer, Buffer, string, string>;
  stream: MessagesStream<Buffer, Buffer, string, string>;
};

/** How long closing a failed consumer may take before its group is started again, ms. */
const CLOSE_TIMEOUT_MS = 5_000;
/**
 * Apache Kafka as the probe drives it: the case study's topic keyed by device id,
 * acks as told (all in-sync replicas by default), one consumer group per group.
 * Every Kafka group reads the whole topic, as Kafka groups do; each measures only the
 * messages of its shard so that both brokers measure every message exactly once.
 */
export class KafkaBackend implements ProbeBackend {
  readonly name = 'kafka' as const;
  readonly senderSpec: SenderSpec;
  private consumers: ConsumerEntry[] = [];
  private onDelivery: (delivery: Delivery) => void = () => {};
  private readonly retries = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly sender: KafkaSender,
    private readonly options: KafkaBackendOptions,
  ) {
    const { brokers, topic, acks } = options;
    this.senderSpec = { type: 'kafka', brokers, topic, acks };
  }

  /** The Kafka group id of one group for this probe. */
  static groupId(options: Pick<KafkaBackendOptions, 'groupPrefix' | 'probeId'>, group: string) {
    return `${options.groupPrefix}-${group}-${options.probeId}`;
  }

  static async connect(options: KafkaBackendOptions): Promise<KafkaBackend> {
    const { brokers, replicas } = options;
    // A min ISR above the replication factor would refuse every acks=all write.
    const minIsr = Math.min(options.minInsyncReplicas, replicas);
    await ensureTopics(brokers, [options.topic, ...options.reportTopics], 1, replicas, 3, {
      'min.insync.replicas': String(minIsr),
    });
    const producer = createKafkaProducer(brokers);
    return new KafkaBackend(new KafkaSender(producer, options.topic, options.acks), options);
  }

  /** Sends from this thread (a probe whose lanes send from their own threads does not). */
  publish(message: ProbeMessage): Promise<void> {
    return this.sender.publish(message);
  }

  async startConsumers(onDelivery: (delivery: Delivery) => void): Promise<void> {
    this.onDelivery = onDelivery;
    for (const [shard, group] of this.options.groups.entries()) await this.startGroup(shard, group);
  }

  /**
   * One group's consumer. A broker that goes away ends its stream with an error; the
   * group is then rejoined after a pause, for as long as the probe runs, so an outage
   * shows as latency and missing messages rather than a crashed probe.
   */
  private async startGroup(shard: number, group: string): Promise<void> {
    try {
      const consumer = new Consumer<Buffer, Buffer, string, string>({
        groupId: KafkaBackend.groupId(this.options, group),
        clientId: `cutover-probe-${group}`,
        bootstrapBrokers: this.options.brokers,
        maxWaitTime: 50,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        deserializers: { headerKey: stringDeserializer, headerValue: stringDeserializer },
      });
      const stream = await consumer.consume({
        topics: [this.options.topic],
        mode: 'committed',
        fallbackMode: 'latest',
        autocommit: 1000,
      });
      const entry = { consumer, stream };
      // The consumer reports failures of its own (a rejoin that found no broker) as events;
      // unheard, they would end the process.
      consumer.on('error', (err: unknown) => {
        console.error(`probe: kafka consumer ${group}: ${describeError(err)}; rejoining`);
        void this.replace(entry, shard, group);
      });
      stream.on('data', (m) => {
        const d = parseHeaders((name) => m.headers.get(name), m.value ?? new Uint8Array());
        if (d && d.shard === shard) this.onDelivery(d);
      });
      stream.on('error', (err: unknown) => {
        console.error(`probe: kafka consumer ${group}: ${describeError(err)}; rejoining`);
        void this.replace(entry, shard, group);
      });
      this.consumers.push(entry);
    } catch (err) {
      console.error(`probe: kafka consumer ${group}: ${describeError(err)}; retrying in 2 s`);
      this.retries.add(setTimeout(() => void this.startGroup(shard, group), 2000));
    }
  }

  private async replace(entry: ConsumerEntry, shard: number, group: string): Promise<void> {
    const i = this.consumers.indexOf(entry);
    if (i < 0) return; // stopped meanwhile
    this.consumers.splice(i, 1);
    // Leaving the group needs a broker; with none, the retry must not wait for it.
    await Promise.race([
      new Promise<void>((resolve) => entry.consumer.close(true, () => resolve())),
      new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS)),
    ]);
    this.retries.add(setTimeout(() => void this.startGroup(shard, group), 2000));
  }

  async stopConsumers(): Promise<void> {
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    const all = this.consumers;
    this.consumers = [];
    for (const { consumer, stream } of all) {
      await stream.close().catch(() => undefined);
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
    }
  }

  async publishReport(report: Report): Promise<void> {
    await this.sender.producer.send({
      messages: [{ topic: report.topic, key: report.key, value: Buffer.from(report.text) }],
    });
  }

  async close(): Promise<void> {
    await this.stopConsumers();
    await this.sender.close();
  }
}
