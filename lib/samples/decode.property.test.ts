import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSample, encodeRawWindow, MAX_LATENCY_US, REJECT_REASONS, SampleRejected } from '.';

/** The decoder's contract: a window or a SampleRejected with a known reason, never anything else. */
function outcome(input: string | Uint8Array): 'ok' | string {
  try {
    const w = decodeSample(input);
    expect(w.count).toBe(w.histogram.totalCount);
    expect(w.windowEndMs).toBeGreaterThan(w.windowStartMs);
    if (w.count > 0) expect(w.histogram.maxValue).toBeLessThanOrEqual(MAX_LATENCY_US);
    return 'ok';
  } catch (e) {
    if (!(e instanceof SampleRejected)) throw e;
    expect(REJECT_REASONS).toContain(e.reason);
    return e.reason;
  }
}

describe('samples - decoder under fuzzing', () => {
  it('never throws anything but a counted rejection, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => void outcome(bytes)),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => void outcome(JSON.stringify(v) ?? 'null')),
      { numRuns: 2000 },
    );
  });

  it('accepts every well-formed raw window and keeps its count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: MAX_LATENCY_US }), { maxLength: 500 }),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        (latencies, start, length) => {
          const text = encodeRawWindow(
            {
              backend: 'nats',
              probeId: 'p',
              windowStartMs: start,
              windowEndMs: start + length,
              errors: 0,
              bytes: 0,
            },
            latencies,
          );
          expect(outcome(text)).toBe('ok');
          expect(decodeSample(text).count).toBe(latencies.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects mutated fields of a good window with a reason, without polluting prototypes', () => {
    const good = JSON.parse(
      encodeRawWindow(
        {
          backend: 'nats',
          probeId: 'p',
          windowStartMs: 1000,
          windowEndMs: 2000,
          errors: 0,
          bytes: 0,
        },
        [5],
      ),
    ) as Record<string, unknown>;
    const keys = [...Object.keys(good), '__proto__', 'constructor', 'prototype'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        // Appended, so the mutated value wins over the good one (JSON.parse keeps the last key).
        const text = JSON.stringify(good).replace(
          /\}$/,
          `,${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`,
        );
        outcome(text);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.toString.call({})).toBe('[object Object]');
      }),
      { numRuns: 1000 },
    );
  });
});
