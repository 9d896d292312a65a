import { ensureTopics } from '@/lib/kafka';
import { KafkaConsumers, type KafkaConsumersOptions } from './kafka-consumers';
import { createKafkaProducer, KafkaSender } from './kafka-sender';
import {
  type ConsumerSpec,
  type Delivery,
  type KafkaAcks,
  type ProbeBackend,
  type ProbeMessage,
  type Report,
  type SenderSpec,
} from './types';

export interface KafkaBackendOptions extends KafkaConsumersOptions {
  /** Topics the reports go to, created if missing. */
  reportTopics: string[];
  /** Which acknowledgement counts as sent (see KafkaAcks). */
  acks: KafkaAcks;
  /** Replication factor of the topics this creates. */
  replicas: number;
  /** min.insync.replicas of the topics this creates (at most `replicas`). */
  minInsyncReplicas: number;
}

/**
 * Apache Kafka as the probe drives it: the case study's topic keyed by device id,
 * acks as told (all in-sync replicas by default), one consumer group per group
 * (kafka-consumers.ts).
 */
export class KafkaBackend implements ProbeBackend {
  readonly name = 'kafka' as const;
  readonly senderSpec: SenderSpec;
  readonly consumerSpec: ConsumerSpec;
  private readonly consumers: KafkaConsumers;

  private constructor(
    private readonly sender: KafkaSender,
    private readonly options: KafkaBackendOptions,
  ) {
    const { brokers, topic, acks, groups, groupPrefix, probeId } = options;
    this.senderSpec = { type: 'kafka', brokers, topic, acks };
    this.consumerSpec = { type: 'kafka', brokers, topic, groups, groupPrefix, probeId };
    this.consumers = new KafkaConsumers(this.consumerSpec);
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

  startConsumers(onDelivery: (delivery: Delivery) => void): Promise<void> {
    return this.consumers.start(onDelivery);
  }

  stopConsumers(): Promise<void> {
    return this.consumers.stop();
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
