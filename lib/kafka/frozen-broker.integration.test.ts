import { afterAll, describe, expect, it } from 'vitest';
import { Admin, Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import { KafkaConsumers } from '@/lib/probe/kafka-consumers';
import { probeHeaders } from '@/lib/probe/types';
import { clusterConfig, clusterNode } from '@/lib/testing/cluster';
import { uniqueId } from '@/lib/testing/stack';
import { CONSUMER_REQUEST_TIMEOUT_MS, PRODUCER_REQUEST_TIMEOUT_MS } from './client-timeouts';
import { SampleHub } from './sample-hub';
import { ensureTopics } from './topics';

/**
 * A broker that accepts connections but answers nothing (frozen: SIGSTOP) holds up a
 * producer's sends to a partition another broker leads for one request timeout and one
 * retry delay, not for as long as it is frozen. Every send waits on the metadata refresh
 * due every 5 s (metadataMaxAge), which goes to the first seed; so it takes
 * PRODUCER_REQUEST_TIMEOUT_MS (the client's own default is 30 s) and
 * patches/@platformatic+kafka+1.35.0.patch (an unanswered request ends its connection and
 * is retried; a broker that left a metadata request unanswered is tried last for a minute).
 * Consumers likewise: every fetch waits on the same refresh (CONSUMER_REQUEST_TIMEOUT_MS).
 * Against the 3-node cluster (`bash scripts/stack-up.sh --cluster`).
 */
const config = clusterConfig();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRY_DELAY_MS = 1_000;
const FREEZE_MS = 20_000;

const admin = new Admin({ clientId: 'it-frozen', bootstrapBrokers: config.kafkaBrokers });
const topic = `it-frozen-${uniqueId('t')}`;
const consumedTopic = `it-frozen-${uniqueId('c')}`;
let frozen: number | null = null;

afterAll(async () => {
  // Whatever happened, the node runs again for the tests after this one.
  if (frozen !== null) await clusterNode('thaw', 'kafka', frozen);
  frozen = null;
  await admin.deleteTopics({ topics: [topic, consumedTopic] }).catch(() => undefined);
  await admin.close();
});

/** The longest stretch between `from` and `to` without one of the times in `at`. */
function longestGap(at: number[], from: number, to: number): number {
  const during = [from, ...at.filter((t) => t > from && t < to), to];
  return Math.max(...during.slice(1).map((t, i) => t - during[i]!));
}

/** Freezes node `victim`'s Kafka broker for `ms` (scripts/cluster-node.sh); it runs again however this ends. */
async function freeze(victim: number, ms: number): Promise<{ frozenAt: number; thawedAt: number }> {
  frozen = victim;
  const frozenAt = Date.now();
  await clusterNode('freeze', 'kafka', victim);
  try {
    await sleep(ms);
  } finally {
    await clusterNode('thaw', 'kafka', victim);
    frozen = null;
  }
  return { frozenAt, thawedAt: Date.now() };
}

/** Calls `send` every 100 ms (errors ignored: the gaps are what is measured) until stopped. */
function every100ms(send: () => Promise<unknown>): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = Date.now();
      await send().catch(() => undefined);
      await sleep(Math.max(0, 100 - (Date.now() - t0)));
    }
  })();
  return () => {
    running = false;
    return loop;
  };
}

describe('kafka client - a frozen broker', () => {
  it('holds up sends to a partition another broker leads for one timeout, not for the whole freeze', async () => {
    await ensureTopics(config.kafkaBrokers, [topic], 1, 3, 0, { 'min.insync.replicas': '1' });
    const meta = await admin.metadata({ topics: [topic], forceUpdate: true });
    const leader = meta.topics.get(topic)!.partitions[0]!.leader;
    // A follower, made the producer's first seed: where its metadata refreshes go first.
    // Node N of the cluster is the N-th of its seed list (scripts/cluster-up.sh).
    const brokers = config.kafkaBrokers.map((b, i) => ({ b, id: i + 1 }));
    const victim = brokers.find((x) => x.id !== leader)!;
    const seeds = [victim.b, ...brokers.filter((x) => x !== victim).map((x) => x.b)];

    const producer = new Producer({
      clientId: 'it-frozen',
      bootstrapBrokers: seeds,
      serializers: stringSerializers,
      requestTimeout: PRODUCER_REQUEST_TIMEOUT_MS,
      retryDelay: RETRY_DELAY_MS,
    });
    const acked: number[] = [];
    // One send every 100 ms, acknowledged by the leader alone: what is measured is the
    // client, not the ISR waiting for the frozen follower (Kafka's replica.lag.time.max.ms).
    const stop = every100ms(() =>
      producer
        .send({ messages: [{ topic, key: 'k', value: 'v' }], acks: ProduceAcks.LEADER })
        .then(() => acked.push(Date.now())),
    );
    try {
      await sleep(2_000);
      const { frozenAt, thawedAt } = await freeze(victim.id, FREEZE_MS);
      await stop();
      // The longest stretch without an acknowledged send while the broker was frozen.
      const longest = longestGap(acked, frozenAt, thawedAt);
      // One request timeout and one retry delay (7 s), and some slack for a busy CI.
      expect(longest, `longest gap ${longest} ms while frozen for 20 s`).toBeLessThan(
        PRODUCER_REQUEST_TIMEOUT_MS + RETRY_DELAY_MS + 2_000,
      );
    } finally {
      await stop();
      await producer.close();
    }
  }, 90_000);

  it("holds up the dashboard's and the probe's consumers of a partition on other brokers for one timeout, not for the whole freeze", async () => {
    // The partition lives on nodes 2 and 3 (2 leads); node 1, the consumers' first seed,
    // is where their metadata refreshes go first. Were it a replica of the partition, its
    // freeze would also hold the high watermark, and so what any consumer can read, until
    // the controller fenced it (broker.session.timeout.ms, 9 s), whatever the client did.
    const victim = 1;
    await admin.createTopics({
      topics: [consumedTopic],
      assignments: [{ partition: 0, brokers: [2, 3] }],
    });
    const seeds = config.kafkaBrokers;
    // Both consumers as the app builds them.
    const hub = new SampleHub({ source: 'kafka', brokers: seeds, topic: consumedTopic });
    const hubAt: number[] = [];
    let hubStatus = '';
    const unsubscribe = hub.subscribe((e) => {
      if (e.type === 'sample') hubAt.push(Date.now());
      if (e.type === 'status') hubStatus = e.status.type;
    });
    const probe = new KafkaConsumers({
      brokers: seeds,
      topic: consumedTopic,
      groups: ['g'],
      groupPrefix: 'it-frozen',
      probeId: uniqueId('p'),
    });
    const probeAt: number[] = [];
    await probe.start(() => probeAt.push(Date.now()));
    // The writer never asks the frozen broker (the others are its seeds), so the gaps
    // measured are the consumers' own, not a stall of the writer's.
    const producer = new Producer({
      clientId: 'it-frozen',
      bootstrapBrokers: seeds.slice(1),
      serializers: stringSerializers,
      requestTimeout: PRODUCER_REQUEST_TIMEOUT_MS,
      retryDelay: RETRY_DELAY_MS,
    });
    let n = 0;
    const stop = every100ms(() => {
      const id = String(n++);
      // The probe's consumers pass on only messages with its headers, of their shard.
      const headers = probeHeaders({
        id,
        key: id,
        shard: 0,
        payload: new Uint8Array(),
        crc: 0,
        intendedUs: Date.now() * 1000,
        probe: 'it',
        run: 'it',
      });
      return producer.send({
        messages: [{ topic: consumedTopic, key: id, value: '{}', headers: new Map(headers) }],
        acks: ProduceAcks.LEADER,
      });
    });
    try {
      // Both read the tail before the freeze.
      const t0 = Date.now();
      while ((hubAt.length < 5 || probeAt.length < 5) && Date.now() - t0 < 20_000) await sleep(100);
      expect(hubAt.length, `dashboard (${hubStatus}) reads before the freeze`).toBeGreaterThan(0);
      expect(probeAt.length, 'probe reads before the freeze').toBeGreaterThan(0);
      const { frozenAt, thawedAt } = await freeze(victim, FREEZE_MS);
      const hubGap = longestGap(hubAt, frozenAt, thawedAt);
      const probeGap = longestGap(probeAt, frozenAt, thawedAt);
      console.log(
        `frozen node ${victim} 20 s: longest gap dashboard ${hubGap} ms, probe ${probeGap} ms`,
      );
      expect(hubGap, `dashboard: longest gap ${hubGap} ms while frozen for 20 s`).toBeLessThan(
        CONSUMER_REQUEST_TIMEOUT_MS + RETRY_DELAY_MS + 2_000,
      );
      expect(probeGap, `probe: longest gap ${probeGap} ms while frozen for 20 s`).toBeLessThan(
        CONSUMER_REQUEST_TIMEOUT_MS + RETRY_DELAY_MS + 2_000,
      );
    } finally {
      await stop();
      await producer.close();
      unsubscribe();
      await hub.close();
      await probe.stop();
    }
  }, 120_000);
});
