import { UserError, type Admin } from '@platformatic/kafka';
import type { JetStreamManager } from '@nats-io/jetstream';

/**
 * A Kafka consumer group's lag: committed offsets against end offsets, summed over every
 * partition of its topics (a partition without a commit: its whole backlog).
 */
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
 * Lag of one Kafka consumer group from the admin API, summed over every partition of
 * every topic it consumes (from topic metadata, not only the partitions it committed on):
 * end offset − committed offset, and for a partition without a commit its whole backlog,
 * end offset − log start offset (what a consumer starting from the earliest offset
 * would read; Kafka's own tools leave such a partition blank, which hid it here).
 *
 * The topics are those the group committed on and those its members subscribe to, so a
 * running group that has not committed yet lags by its whole backlog. A group Kafka does
 * not know (no member, no commit) is `no_group`: nothing consumes there, and reporting a
 * topic's whole history against a name nobody uses would point at the wrong problem.
 */
export async function kafkaLag(admin: Admin, groupId: string): Promise<KafkaLag> {
  try {
    const [[offsets], groups] = await Promise.all([
      admin.listConsumerGroupOffsets({ groups: [groupId] }),
      admin.describeGroups({ groups: [groupId] }),
    ]);
    const committed = new Map<string, Map<number, bigint>>();
    for (const t of offsets?.topics ?? []) {
      const byPartition = new Map<number, bigint>();
      for (const p of t.partitions)
        if (p.committedOffset >= 0n) byPartition.set(p.partitionIndex, p.committedOffset);
      if (byPartition.size > 0) committed.set(t.name, byPartition);
    }
    const topics = new Set(committed.keys());
    for (const m of groups.get(groupId)?.members.values() ?? []) {
      for (const t of m.metadata?.topics ?? []) topics.add(t);
      for (const a of m.assignments?.values() ?? []) topics.add(a.topic);
    }
    if (topics.size === 0) {
      return {
        type: 'no_group',
        message: `Kafka knows no group ${groupId} (no member, no commit)`,
      };
    }

    const partitionCounts = await partitionsOf(admin, [...topics]);
    if (partitionCounts.size === 0) {
      return {
        type: 'error',
        message: `no topic of group ${groupId} exists: ${[...topics].join(', ')}`,
      };
    }
    const request = (timestamp: bigint) =>
      [...partitionCounts].map(([name, count]) => ({
        name,
        partitions: Array.from({ length: count }, (_, partitionIndex) => ({
          partitionIndex,
          timestamp,
        })),
      }));
    // Timestamp −1 asks for the end of the log, −2 for its start (the earliest offset kept).
    const [ends, starts] = await Promise.all([
      admin.listOffsets({ topics: request(-1n) }),
      admin.listOffsets({ topics: request(-2n) }),
    ]);
    const offsetOf = (listed: typeof ends, topic: string, partition: number) =>
      listed.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === partition)
        ?.offset;

    let lag = 0n;
    let partitions = 0;
    for (const [topic, count] of partitionCounts) {
      for (let partition = 0; partition < count; partition++) {
        const end = offsetOf(ends, topic, partition);
        const from = committed.get(topic)?.get(partition) ?? offsetOf(starts, topic, partition);
        if (end === undefined || from === undefined) continue;
        partitions++;
        if (end > from) lag += end - from;
      }
    }
    return { type: 'ok', lag: Number(lag), partitions };
  } catch (err) {
    return { type: 'error', message: (err as Error).message };
  }
}

/**
 * Partition count of each topic that exists; a topic deleted since the group committed on
 * it is left out. Any other failure (Kafka unreachable) is thrown.
 */
async function partitionsOf(admin: Admin, topics: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const results = await Promise.allSettled(
    topics.map((t) => admin.metadata({ topics: [t], autocreateTopics: false })),
  );
  for (const [i, r] of results.entries()) {
    const topic = topics[i]!;
    if (r.status === 'rejected') {
      if (r.reason instanceof UserError && /^Unknown topic /.test(r.reason.message)) continue;
      throw r.reason;
    }
    const meta = r.value.topics.get(topic);
    if (meta) counts.set(topic, meta.partitionsCount);
  }
  return counts;
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
