import { Consumer, stringDeserializer, type MessagesStream } from '@platformatic/kafka';
import { describeError } from '@/lib/kafka';
import { CONSUMER_REQUEST_TIMEOUT_MS } from '@/lib/kafka/client-timeouts';
import { parseHeaders, type Delivery } from './types';

export interface KafkaConsumersOptions {
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
}

/** The Kafka group id of one group for this probe. */
export function kafkaGroupId(
  options: Pick<KafkaConsumersOptions, 'groupPrefix' | 'probeId'>,
  group: string,
): string {
  return `${options.groupPrefix}-${group}-${options.probeId}`;
}

type Entry = {
  consumer: Consumer<Buffer, Buffer, string, string>;
  stream: MessagesStream<Buffer, Buffer, string, string>;
};

/** A fetch returns once it has FETCH_MIN_BYTES or has waited FETCH_MAX_WAIT_MS. */
export const FETCH_MAX_WAIT_MS = 5;
export const FETCH_MIN_BYTES = 64 * 1024;

/** How long closing a failed consumer may take before its group is started again, ms. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * The probe's Kafka consumers: one per group. Every Kafka group reads the whole topic, as
 * Kafka groups do; each passes on only the messages of its shard, so that both brokers
 * measure every message exactly once. Plain data in, so a consumer thread can open them
 * (lane-consumer.ts) as well as the main thread.
 */
export class KafkaConsumers {
  private entries: Entry[] = [];
  private onDelivery: (delivery: Delivery) => void = () => {};
  private readonly retries = new Set<NodeJS.Timeout>();
  /**
   * Per group, per partition: the offset after the last message this process handled.
   * A group that rejoins after a failure resumes from here, not from the group's committed
   * offsets: @platformatic/kafka 1.35 autocommits a fetched batch's end as it is fetched,
   * not once its messages have been handled, and a group without a readable commit falls
   * back to the latest offset. Resuming from the commits, the failover drill's consumers
   * skipped ~30,000 messages the topic held (Kafka's own ConsoleConsumer found them).
   */
  private readonly positions = new Map<string, Map<number, bigint>>();

  constructor(private readonly options: KafkaConsumersOptions) {}

  async start(onDelivery: (delivery: Delivery) => void): Promise<void> {
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
        groupId: kafkaGroupId(this.options, group),
        clientId: `cutover-probe-${group}`,
        bootstrapBrokers: this.options.brokers,
        // A fetch waits up to 5 ms for 64 KiB (~46 case-study messages) rather than
        // returning each message alone: at 1,000 msg/s a fetch per message per group cost
        // the consumer thread and the broker more than the messages did (figures beside
        // LINGER_MS in kafka-sender.ts). sarama's default wait is 500 ms, Java's 500 ms.
        maxWaitTime: FETCH_MAX_WAIT_MS,
        minBytes: FETCH_MIN_BYTES,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        requestTimeout: CONSUMER_REQUEST_TIMEOUT_MS,
        deserializers: { headerKey: stringDeserializer, headerValue: stringDeserializer },
      });
      const { topic } = this.options;
      const handled = this.positions.get(group) ?? new Map<number, bigint>();
      this.positions.set(group, handled);
      // The first start reads from the group's commits (a new probe id's group: from now);
      // a rejoin from what this process handled. A partition it never had a message from
      // starts at the latest offset either way.
      const stream = await consumer.consume({
        topics: [topic],
        autocommit: 1000,
        ...(handled.size === 0
          ? { mode: 'committed' as const, fallbackMode: 'latest' as const }
          : {
              mode: 'manual' as const,
              offsets: [...handled].map(([partition, offset]) => ({ topic, partition, offset })),
            }),
      });
      const entry = { consumer, stream };
      // The consumer reports failures of its own (a rejoin that found no broker) as events;
      // unheard, they would end the process.
      consumer.on('error', (err: unknown) => {
        console.error(`probe: kafka consumer ${group}: ${describeError(err)}; rejoining`);
        void this.replace(entry, shard, group);
      });
      stream.on('data', (m) => {
        handled.set(m.partition, m.offset + 1n);
        const d = parseHeaders((name) => m.headers.get(name), m.value ?? new Uint8Array());
        if (d && d.shard === shard) this.onDelivery(d);
      });
      stream.on('error', (err: unknown) => {
        console.error(`probe: kafka consumer ${group}: ${describeError(err)}; rejoining`);
        void this.replace(entry, shard, group);
      });
      this.entries.push(entry);
    } catch (err) {
      console.error(`probe: kafka consumer ${group}: ${describeError(err)}; retrying in 2 s`);
      this.retries.add(setTimeout(() => void this.startGroup(shard, group), 2000));
    }
  }

  private async replace(entry: Entry, shard: number, group: string): Promise<void> {
    const i = this.entries.indexOf(entry);
    if (i < 0) return; // stopped meanwhile
    this.entries.splice(i, 1);
    // Leaving the group needs a broker; with none, the retry must not wait for it.
    await Promise.race([
      new Promise<void>((resolve) => entry.consumer.close(true, () => resolve())),
      new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS)),
    ]);
    this.retries.add(setTimeout(() => void this.startGroup(shard, group), 2000));
  }

  async stop(): Promise<void> {
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    const all = this.entries;
    this.entries = [];
    for (const { consumer, stream } of all) {
      await stream.close().catch(() => undefined);
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
    }
  }
}
