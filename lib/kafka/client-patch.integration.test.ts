import { afterAll, describe, expect, it } from 'vitest';
import {
  Admin,
  Consumer,
  Producer,
  stringDeserializer,
  stringSerializer,
} from '@platformatic/kafka';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { ensureTopics } from './topics';

/**
 * patches/@platformatic+kafka+1.35.0.patch, connection.js: a response that arrived in
 * several socket chunks is parsed from one contiguous copy. A consumer catching up on a
 * backlog gets fetch responses of megabytes, in up to ~160 chunks on loopback; the copy
 * must hand every record over intact, headers included.
 */
const config = stackConfig();
const topic = uniqueId('it-chunks');
const admin = new Admin({ clientId: 'it-chunks', bootstrapBrokers: config.kafkaBrokers });

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.close();
});

describe('kafka client patch - responses in many chunks', () => {
  it('reads a backlog of 6,000 case-study-sized records intact, from fetch responses of megabytes', async () => {
    const total = 6_000;
    await ensureTopics(config.kafkaBrokers, [topic], 2);
    const producer = new Producer({
      clientId: 'it-chunks',
      bootstrapBrokers: config.kafkaBrokers,
      serializers: { headerKey: stringSerializer, headerValue: stringSerializer },
    });
    // Each value spells its own number across ~1.4 KB, so a byte taken from the wrong
    // chunk or offset shows as a value that does not match its header.
    const valueOf = (i: number) => Buffer.from(`${i}:`.padEnd(1_390, String(i % 10)));
    try {
      for (let from = 0; from < total; from += 1_000) {
        const messages = [];
        for (let i = from; i < from + 1_000; i++)
          messages.push({
            topic,
            key: Buffer.from(`device-${i % 100}`),
            value: valueOf(i),
            headers: new Map([
              ['n', String(i)],
              ['pad', 'x'.repeat(i % 50)],
            ]),
          });
        await producer.send({ messages });
      }
    } finally {
      await producer.close();
    }

    const consumer = new Consumer({
      groupId: uniqueId('it-chunks'),
      clientId: 'it-chunks',
      bootstrapBrokers: config.kafkaBrokers,
      maxWaitTime: 100,
      deserializers: { headerKey: stringDeserializer, headerValue: stringDeserializer },
    });
    const seen = new Set<number>();
    const bad: string[] = [];
    try {
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${seen.size} of ${total}`)), 30_000);
        stream.on('data', (m) => {
          const n = Number(m.headers.get('n'));
          const value = m.value as Buffer;
          if (!value.equals(valueOf(n)) || m.headers.get('pad') !== 'x'.repeat(n % 50))
            bad.push(`record ${n} at ${m.partition}/${m.offset}`);
          seen.add(n);
          if (seen.size === total) {
            clearTimeout(timer);
            resolve();
          }
        });
        stream.on('error', reject);
      });
    } finally {
      await consumer.close(true);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(seen.size).toBe(total);
  }, 60_000);
});
