import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SentCrcs } from './sent-crcs';

describe('probe - CRC32s the senders share with the main thread', () => {
  it('answers for what a lane built and still holds, and null otherwise', () => {
    const crcs = new SentCrcs(2, 8);
    crcs.put(0, 3, 0xdeadbeef);
    crcs.put(1, 4, 7);
    expect(crcs.get(3)).toBe(0xdeadbeef);
    expect(crcs.get(4)).toBe(7);
    // Never built (a message every lane skipped): the caller builds it.
    expect(crcs.get(5)).toBeNull();
    // Slot 3 of lane 0 now holds message 11: message 3 is gone, not answered wrongly.
    crcs.put(0, 11, 1);
    expect(crcs.get(3)).toBeNull();
    expect(crcs.get(11)).toBe(1);
    // CRC32 0 is a CRC32 like any other; message 0 is a message like any other.
    crcs.put(1, 0, 0);
    expect(crcs.get(0)).toBe(0);
  });

  it('a view from another thread shares the same rings', () => {
    const a = new SentCrcs(2, 16);
    const b = new SentCrcs(2, a.buffer);
    expect(b.slots).toBe(16);
    b.put(1, 20, 42);
    expect(a.get(20)).toBe(42);
  });

  // The race that matters: a writer thread rewriting slots while this thread reads them,
  // as a sender thread and the main thread do. The writer goes on through the messages (a
  // lane builds each once) and says how far it got; the reader asks for the ones around
  // there, whose slots are being rewritten. Every answer must be the CRC32 of the very
  // message asked for, or null; never that of the message now sharing its slot.
  it('never answers with another message’s CRC32 while a writer thread rewrites the ring', async () => {
    const crcs = new SentCrcs(1, 4);
    const f = (i: number) => Math.imul(i + 1, 0x9e3779b1) >>> 0;
    const writes = 3_000_000;
    const next = new Int32Array(new SharedArrayBuffer(4));
    const writer = new Worker(
      `require('tsx/cjs');
       const { workerData: d } = require('node:worker_threads');
       const { SentCrcs } = require(d.entry);
       const crcs = new SentCrcs(1, d.buffer);
       const next = new Int32Array(d.next);
       for (let i = 0; i < d.writes; i += 1) {
         crcs.put(0, i, Math.imul(i + 1, 0x9e3779b1) >>> 0);
         Atomics.store(next, 0, i + 1);
       }`,
      {
        eval: true,
        workerData: {
          entry: require.resolve('./sent-crcs.ts'),
          buffer: crcs.buffer,
          next: next.buffer,
          writes,
        },
      },
    );
    const exited = new Promise((resolve, reject) => {
      writer.once('exit', resolve);
      writer.once('error', reject);
    });
    let answered = 0;
    let wrong = 0;
    for (let n = 0; n < writes; n = Atomics.load(next, 0)) {
      for (let i = Math.max(0, n - 4); i <= n; i += 1) {
        const crc = crcs.get(i);
        if (crc === null) continue;
        answered += 1;
        if (crc !== f(i)) wrong += 1;
      }
    }
    await exited;
    expect({ wrong, answeredSome: answered > 0 }).toEqual({ wrong: 0, answeredSome: true });
  }, 60_000);
});
