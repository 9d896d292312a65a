import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, splitBySize } from './kafka-sender';
import type { ProbeMessage } from './types';

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
