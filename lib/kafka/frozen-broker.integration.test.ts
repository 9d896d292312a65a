import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Admin, Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import { clusterConfig } from '@/lib/testing/cluster';
import { uniqueId } from '@/lib/testing/stack';
import { PRODUCER_REQUEST_TIMEOUT_MS } from './client-timeouts';
import { ensureTopics } from './topics';

/**
 * A broker that accepts connections but answers nothing (frozen: SIGSTOP) holds up a
 * producer's sends to a partition another broker leads for one request timeout and one
 * retry delay, not for as long as it is frozen. Every send waits on the metadata refresh
 * due every 5 s (metadataMaxAge), which goes to the first seed; so it takes
 * PRODUCER_REQUEST_TIMEOUT_MS (the client's own default is 30 s) and
 * patches/@platformatic+kafka+1.35.0.patch (an unanswered request ends its connection and
 * is retried; a broker that left a metadata request unanswered is tried last for a minute).
 * Against the 3-node cluster (`bash scripts/stack-up.sh --cluster`).
 */
const config = clusterConfig();
const runDir = path.resolve(process.env.CUTOVER_RUN_DIR ?? '.cutover/run');
const kafkaPid = (node: number) =>
  Number(readFileSync(path.join(runDir, `kafka-n${node}.pid`), 'utf8').trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRY_DELAY_MS = 1_000;
const FREEZE_MS = 20_000;

const admin = new Admin({ clientId: 'it-frozen', bootstrapBrokers: config.kafkaBrokers });
const topic = `it-frozen-${uniqueId('t')}`;
let frozen: number | null = null;

afterAll(async () => {
  // Whatever happened, the node runs again for the tests after this one.
  if (frozen !== null) process.kill(frozen, 'SIGCONT');
  frozen = null;
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.close();
});

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
    let running = true;
    // One send every 100 ms, acknowledged by the leader alone: what is measured is the
    // client, not the ISR waiting for the frozen follower (Kafka's replica.lag.time.max.ms).
    const sending = (async () => {
      while (running) {
        const t0 = Date.now();
        await producer
          .send({ messages: [{ topic, key: 'k', value: 'v' }], acks: ProduceAcks.LEADER })
          .then(() => acked.push(Date.now()))
          .catch(() => undefined);
        await sleep(Math.max(0, 100 - (Date.now() - t0)));
      }
    })();
    try {
      await sleep(2_000);
      frozen = kafkaPid(victim.id);
      const frozenAt = Date.now();
      process.kill(frozen, 'SIGSTOP');
      await sleep(FREEZE_MS);
      process.kill(frozen, 'SIGCONT');
      frozen = null;
      const thawedAt = Date.now();
      running = false;
      await sending;
      // The longest stretch without an acknowledged send while the broker was frozen.
      const during = [frozenAt, ...acked.filter((t) => t > frozenAt && t < thawedAt), thawedAt];
      const longest = Math.max(...during.slice(1).map((t, i) => t - during[i]!));
      // One request timeout and one retry delay (7 s), and some slack for a busy CI.
      expect(longest, `longest gap ${longest} ms while frozen for 20 s`).toBeLessThan(
        PRODUCER_REQUEST_TIMEOUT_MS + RETRY_DELAY_MS + 2_000,
      );
    } finally {
      running = false;
      if (frozen !== null) process.kill(frozen, 'SIGCONT');
      frozen = null;
      await sending;
      await producer.close();
    }
  }, 90_000);
});
