import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { anchoredClock, clockAnchor, nowUs } from './clock';

describe('anchoredClock', () => {
  it('reads the anchoring thread’s clock on this thread', () => {
    const now = anchoredClock(clockAnchor());
    for (let k = 0; k < 1000; k += 1) {
      const before = nowUs();
      const read = now();
      const after = nowUs();
      // Rounding to µs on both clocks: within a microsecond either side.
      expect(read).toBeGreaterThanOrEqual(before - 1);
      expect(read).toBeLessThanOrEqual(after + 1);
    }
  });

  it('reads it from a worker thread that has just started, within a millisecond', async () => {
    // The worker reads the anchored clock at once (its first reads, while it is still
    // starting) and a second later; each must lie between this thread's reads around it.
    // The thread loads clock.ts as the probe's threads do (tsx).
    const worker = new Worker(
      `require('tsx/cjs');
       const { parentPort, workerData } = require('node:worker_threads');
       const { anchoredClock } = require(workerData.entry);
       const now = anchoredClock(workerData.anchor);
       parentPort.on('message', () => parentPort.postMessage(now()));`,
      {
        eval: true,
        workerData: {
          entry: fileURLToPath(new URL('./clock.ts', import.meta.url)),
          anchor: clockAnchor(),
        },
      },
    );
    const ask = async () => {
      const before = nowUs();
      const read = await new Promise<number>((resolve) => {
        worker.once('message', resolve);
        worker.postMessage('now');
      });
      return { before, read, after: nowUs() };
    };
    try {
      for (let k = 0; k < 20; k += 1) {
        const { before, read, after } = await ask();
        expect(read).toBeGreaterThanOrEqual(before - 1000);
        expect(read).toBeLessThanOrEqual(after + 1000);
      }
    } finally {
      await worker.terminate();
    }
  });
});
