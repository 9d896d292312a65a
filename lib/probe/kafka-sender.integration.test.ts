import { afterAll, describe, expect, it } from 'vitest';
import { Admin, producerSendsChannel } from '@platformatic/kafka';
import { ensureTopics } from '@/lib/kafka';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { createKafkaProducer, KafkaSender } from './kafka-sender';
import type { KafkaAcks, ProbeMessage } from './types';

const config = stackConfig();
const topic = uniqueId('it-acks');

afterAll(async () => {
  const admin = new Admin({ clientId: 'it-acks', bootstrapBrokers: config.kafkaBrokers });
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.close();
});

const message = (id: string): ProbeMessage => ({
  id,
  key: 'dev-1',
  shard: 0,
  payload: new TextEncoder().encode('{}'),
  crc: 0,
  intendedUs: Date.now() * 1000,
  probe: 'it',
  run: 'r',
});

/** The acks of every produce request the client sends meanwhile, from its own diagnostics. */
async function acksSent(acks: KafkaAcks): Promise<unknown[]> {
  const seen: unknown[] = [];
  const start = (ctx: unknown) =>
    seen.push((ctx as { options?: { acks?: unknown } }).options?.acks);
  producerSendsChannel.start.subscribe(start);
  const sender = new KafkaSender(createKafkaProducer(config.kafkaBrokers), topic, acks);
  try {
    await sender.publish(message(acks));
  } finally {
    producerSendsChannel.start.unsubscribe(start);
    await sender.close();
  }
  return seen;
}

describe('probe - Kafka acknowledgements', () => {
  // The client applies no producer-level acks to its sends (its default is the leader's):
  // what counts is what each produce request asks for, as the broker receives it.
  it('asks every produce request for the acks it was told: -1 for all, 1 for leader', async () => {
    await ensureTopics(config.kafkaBrokers, [topic]);
    expect(await acksSent('all')).toEqual([-1]);
    expect(await acksSent('leader')).toEqual([1]);
  }, 60_000);

  // A late turn at 10,000 msg/s hands the sender ~700 due messages at once: one request
  // of them all is over the broker's 1 MB message.max.bytes and was refused whole.
  it('lands a burst of 1,500 case-study-sized messages published in one turn', async () => {
    await ensureTopics(config.kafkaBrokers, [topic]);
    const sizes: number[] = [];
    const start = (ctx: unknown) =>
      sizes.push((ctx as { options?: { messages?: unknown[] } }).options?.messages?.length ?? 0);
    producerSendsChannel.start.subscribe(start);
    const sender = new KafkaSender(createKafkaProducer(config.kafkaBrokers), topic, 'all');
    try {
      const payload = new Uint8Array(1387).fill(0x41);
      const results = await Promise.allSettled(
        Array.from({ length: 1500 }, (_, i) => sender.publish({ ...message(`b-${i}`), payload })),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(1500);
      expect(sizes.length).toBeGreaterThan(2);
    } finally {
      producerSendsChannel.start.unsubscribe(start);
      await sender.close();
    }
  }, 60_000);
});
