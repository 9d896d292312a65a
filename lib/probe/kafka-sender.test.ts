import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  KafkaSender,
  LINGER_MS,
  MAX_IN_FLIGHT_REQUESTS,
  MAX_REQUEST_BYTES,
  firstRequestLength,
} from './kafka-sender';
import type { ProbeMessage } from './types';

/** A batch cut into requests as KafkaSender cuts its queue: firstRequestLength at a time. */
function splitBySize<T extends { message: ProbeMessage }>(batch: T[]): T[][] {
  const requests: T[][] = [];
  for (let at = 0; at < batch.length;) {
    const n = firstRequestLength(batch.slice(at));
    requests.push(batch.slice(at, at + n));
    at += n;
  }
  return requests;
}

const item = (bytes: number) => ({ message: { payload: new Uint8Array(bytes) } as ProbeMessage });

describe('probe - Kafka produce requests split by size', () => {
  it('keeps a small turn in one request', () => {
    expect(splitBySize([item(1387), item(1387)]).map((r) => r.length)).toEqual([2]);
  });

  it('splits a late turn under the request budget, in order, losing nothing', () => {
    const batch = Array.from({ length: 1000 }, () => item(1387));
    const requests = splitBySize(batch);
    expect(requests.flat()).toEqual(batch);
    for (const r of requests)
      expect(r.length * (1387 + 256)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    expect(requests.length).toBe(Math.ceil(1000 / Math.floor(MAX_REQUEST_BYTES / (1387 + 256))));
  });

  it('sends a message larger than the budget alone rather than never', () => {
    const requests = splitBySize([item(10), item(2 * MAX_REQUEST_BYTES), item(10)]);
    expect(requests.map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it('sends nothing for an empty turn', () => {
    expect(splitBySize([])).toEqual([]);
  });
});

describe('probe - Kafka sender batching (linger, size, requests in flight)', () => {
  // Only the batching logic: a stand-in records each send() and answers when told. The
  // broker path itself is covered against the real broker (kafka-sender.integration.test.ts).
  function recordingProducer() {
    const sends: { count: number; answer: () => void }[] = [];
    const producer = {
      send: (r: { messages: unknown[] }) =>
        new Promise<void>((resolve) => sends.push({ count: r.messages.length, answer: resolve })),
      close: async () => {},
    };
    return { sends, producer: producer as unknown as ConstructorParameters<typeof KafkaSender>[0] };
  }
  const message = (bytes = 1387) =>
    ({
      id: 'x',
      key: 'k',
      payload: new Uint8Array(bytes),
      crc: 0,
      intendedUs: 0,
      shard: 0,
      probe: 'p',
      run: 'r',
    }) as ProbeMessage;

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds the first message LINGER_MS for others, then sends them in one request', async () => {
    const { sends, producer } = recordingProducer();
    const sender = new KafkaSender(producer, 't');
    for (let i = 0; i < 3; i++) void sender.publish(message());
    await vi.advanceTimersByTimeAsync(LINGER_MS - 1);
    expect(sends).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sends.map((s) => s.count)).toEqual([3]);
  });

  it('sends at once when a request is full, without waiting out the linger', () => {
    const { sends, producer } = recordingProducer();
    const sender = new KafkaSender(producer, 't');
    const perRequest = Math.floor(MAX_REQUEST_BYTES / (1387 + 256));
    for (let i = 0; i < perRequest; i++) void sender.publish(message());
    expect(sends.length).toBe(0);
    void sender.publish(message()); // would overflow the request: the full one goes now
    expect(sends.map((s) => s.count)).toEqual([perRequest]);
  });

  it('keeps at most MAX_IN_FLIGHT_REQUESTS unanswered; the rest go as answers come', async () => {
    const { sends, producer } = recordingProducer();
    const sender = new KafkaSender(producer, 't');
    const big = MAX_REQUEST_BYTES; // one message per request
    for (let i = 0; i < MAX_IN_FLIGHT_REQUESTS + 2; i++) void sender.publish(message(big));
    expect(sends.length).toBe(MAX_IN_FLIGHT_REQUESTS);
    sends[0]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(sends.length).toBe(MAX_IN_FLIGHT_REQUESTS + 1);
  });
});
