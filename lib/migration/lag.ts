import { UserError, type Admin } from '@platformatic/kafka';
import type { ConsumerInfo, JetStreamManager } from '@nats-io/jetstream';

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
type Backlog = JetStreamBacklog & { type: 'ok' };

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
    return backlogOf(await jsm.consumers.info(stream, durable));
  } catch (err) {
    const message = (err as Error).message;
    return /not found/i.test(message)
      ? { type: 'no_consumer', message: `no durable ${durable} on stream ${stream}` }
      : { type: 'error', message };
  }
}

function backlogOf(info: ConsumerInfo): Backlog {
  return {
    type: 'ok',
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
  };
}

/**
 * The Kafka groups that have members now, and those that have none. A probe leaves its
 * groups to Kafka's offset retention (7 days) when it stops, so a stopped probe's group
 * keeps its last commit while the topic grows: its lag says nothing about anyone consuming.
 */
export interface KafkaGroupListing {
  running: string[];
  stopped: string[];
}

/** Every Kafka group by whether it has members (admin listGroups). */
export async function listKafkaGroups(admin: Admin): Promise<KafkaGroupListing> {
  const listing: KafkaGroupListing = { running: [], stopped: [] };
  for (const [id, g] of await admin.listGroups()) {
    (g.state === 'EMPTY' || g.state === 'DEAD' ? listing.stopped : listing.running).push(id);
  }
  return listing;
}

/**
 * Every consumer of a stream with its backlog, by name; none when the stream does not
 * exist. The probe removes its durables when it closes, and the server those of a probe
 * that died after an hour unused.
 */
export async function listJetStreamBacklogs(
  jsm: JetStreamManager,
  stream: string,
): Promise<Map<string, Backlog>> {
  const backlogs = new Map<string, Backlog>();
  try {
    for await (const info of jsm.consumers.list(stream)) backlogs.set(info.name, backlogOf(info));
  } catch (err) {
    if (!/not found/i.test((err as Error).message)) throw err;
  }
  return backlogs;
}

/**
 * The worst Kafka lag among the probe consumers of one group, `<base>-<probe id>`, that
 * have members now, and how many were measured. `configured` is every configured group id:
 * one that is, or extends, a configured id longer than `base` belongs to that group.
 */
export async function probeKafkaLag(
  admin: Admin,
  groups: KafkaGroupListing,
  base: string,
  configured: readonly string[],
): Promise<{ lag: KafkaLag; consumers: number }> {
  const ids = probeConsumerNames(groups.running, base, configured);
  const lags = await Promise.all(ids.map((id) => kafkaLag(admin, id)));
  const stopped = probeConsumerNames(groups.stopped, base, configured).length;
  const none =
    `no running probe consumer ${base}-<probe id>` +
    (stopped > 0 ? ` (${stopped} stopped, left to Kafka's offset retention)` : '');
  return {
    lag: worstKafkaLag(lags, none),
    consumers: lags.filter((l) => l.type === 'ok').length,
  };
}

/**
 * The worst backlog among the probe consumers of one durable on its stream,
 * `<base>-<probe id>`, figure by figure, and how many there are. `configured` is every
 * configured durable on that stream (see probeKafkaLag).
 */
export function probeJetStreamBacklog(
  backlogs: ReadonlyMap<string, Backlog>,
  stream: string,
  base: string,
  configured: readonly string[],
): { backlog: JetStreamBacklog; consumers: number } {
  const found = probeConsumerNames(backlogs.keys(), base, configured).map((n) => backlogs.get(n)!);
  return {
    backlog: worstBacklog(found, `no probe durable ${base}-<probe id> on stream ${stream}`),
    consumers: found.length,
  };
}

/**
 * The names among `names` that are probe consumers of `base`: `<base>-<probe id>`. A name
 * that is, or extends, another configured name longer than `base` is that one's
 * (`alerting-v2`'s consumers are not probe consumers of `alerting`).
 */
function probeConsumerNames(
  names: Iterable<string>,
  base: string,
  configured: readonly string[],
): string[] {
  const longer = configured.filter((c) => c.length > base.length && c.startsWith(`${base}-`));
  return [...names].filter(
    (n) => n.startsWith(`${base}-`) && !longer.some((c) => n === c || n.startsWith(`${c}-`)),
  );
}

/**
 * The largest lag, with its partition count. Any error makes it an error (the worst is
 * then unknown); a group that vanished between listing and asking is left out; with none
 * left, `no_group` saying `none`.
 */
function worstKafkaLag(lags: readonly KafkaLag[], none: string): KafkaLag {
  const error = lags.find((l) => l.type === 'error');
  if (error) return error;
  let worst: (KafkaLag & { type: 'ok' }) | null = null;
  for (const l of lags) if (l.type === 'ok' && (worst === null || l.lag > worst.lag)) worst = l;
  return worst ?? { type: 'no_group', message: none };
}

/**
 * Figure by figure: the largest pending and the largest ack pending (each may come from a
 * different consumer), and every redelivery (the sum). With none, `no_consumer`.
 */
function worstBacklog(backlogs: readonly Backlog[], none: string): JetStreamBacklog {
  if (backlogs.length === 0) return { type: 'no_consumer', message: none };
  return {
    type: 'ok',
    pending: Math.max(...backlogs.map((b) => b.pending)),
    ackPending: Math.max(...backlogs.map((b) => b.ackPending)),
    redelivered: backlogs.reduce((sum, b) => sum + b.redelivered, 0),
  };
}
