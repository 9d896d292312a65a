import type { Admin } from '@platformatic/kafka';
import type { JetStreamManager } from '@nats-io/jetstream';

/** A Kafka consumer group's lag: committed offsets against end offsets, summed. */
export type KafkaLag =
  | { type: 'ok'; lag: number; partitions: number }
  | { type: 'no_group'; message: string }
  | { type: 'error'; message: string };

/** A JetStream durable consumer's backlog. */
export type JetStreamBacklog =
  | { type: 'ok'; pending: number; ackPending: number; redelivered: number }
  | { type: 'no_consumer'; message: string }
  | { type: 'error'; message: string };

/**
 * Lag of one Kafka consumer group from the admin API: for each partition it has
 * committed, end offset − committed offset. A group with no commits is reported as
 * such, not as zero lag.
 */
export async function kafkaLag(admin: Admin, groupId: string): Promise<KafkaLag> {
  try {
    const [group] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
    const topics = (group?.topics ?? [])
      .map((t) => ({ ...t, partitions: t.partitions.filter((p) => p.committedOffset >= 0n) }))
      .filter((t) => t.partitions.length > 0);
    if (topics.length === 0) {
      return { type: 'no_group', message: `no committed offsets for group ${groupId}` };
    }
    const ends = await admin.listOffsets({
      topics: topics.map((t) => ({
        name: t.name,
        // Timestamp −1 asks for the latest offset (the end of the log).
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, timestamp: -1n })),
      })),
    });
    let lag = 0n;
    let partitions = 0;
    for (const t of topics) {
      const endTopic = ends.find((e) => e.name === t.name);
      for (const p of t.partitions) {
        const end = endTopic?.partitions.find((e) => e.partitionIndex === p.partitionIndex);
        if (!end) continue;
        partitions++;
        if (end.offset > p.committedOffset) lag += end.offset - p.committedOffset;
      }
    }
    return { type: 'ok', lag: Number(lag), partitions };
  } catch (err) {
    return { type: 'error', message: (err as Error).message };
  }
}

/** Pending, ack-pending and redelivered counts of one JetStream durable consumer. */
export async function jetStreamBacklog(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<JetStreamBacklog> {
  try {
    const info = await jsm.consumers.info(stream, durable);
    return {
      type: 'ok',
      pending: info.num_pending,
      ackPending: info.num_ack_pending,
      redelivered: info.num_redelivered,
    };
  } catch (err) {
    const message = (err as Error).message;
    return /not found/i.test(message)
      ? { type: 'no_consumer', message: `no durable ${durable} on stream ${stream}` }
      : { type: 'error', message };
  }
}
