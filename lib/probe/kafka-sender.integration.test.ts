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
});
