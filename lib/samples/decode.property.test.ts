import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { decodeSample, encodeRawWindow, MAX_LATENCY_US, REJECT_REASONS, SampleRejected } from '.';
import { windowWithHdr } from './hdr-craft';
import { MAX_DECODED_COUNTS_LENGTH } from './hdr-decode';
import { hdrMutation, mutateHdr } from './hdr-mutate';

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

/** The counts-array accessors hdr-histogram-js has on its classes but not on its interface. */
type CountsArray = hdr.Histogram & {
  countsArrayLength: number;
  getCountAtIndex(i: number): number;
  valueFromIndex(i: number): number;
};

/** (lowest value of the bucket, count) for every non-empty bucket, ascending. */
function buckets(h: hdr.Histogram): [number, number][] {
  const c = h as CountsArray;
  const out: [number, number][] = [];
  for (let i = 0; i < c.countsArrayLength; i += 1) {
    const n = c.getCountAtIndex(i);
    if (n > 0) out.push([c.valueFromIndex(i), n]);
  }
  return out;
}

/**
 * What hdr-histogram-js's own decoder gives (exact: with the same digits as ours), at the resolution ours keeps (≤ 3 digits: more
 * are merged down exactly as adding them to a 3-digit slot does). Only ever called on input
 * our decoder accepted, which bounds the reference's work too.
 */
function referenceDecode(text: string): { ref: hdr.Histogram; exact: boolean } {
  const ref = hdr.decodeFromCompressedBase64(text, 32, false);
  if (ref.numberOfSignificantValueDigits <= 3) return { ref, exact: true };
  const at3 = hdr.build({
    lowestDiscernibleValue: (ref as unknown as { lowestDiscernibleValue: number })
      .lowestDiscernibleValue,
    highestTrackableValue:
      2 * (ref as unknown as { lowestDiscernibleValue: number }).lowestDiscernibleValue,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
  at3.add(ref);
  return { ref: at3, exact: false };
}

/** A real encoding from hdr-histogram-js: digits 1..5, lowest 1 or a power of two, µs values. */
const realEncoding = fc
  .record({
    digits: fc.integer({ min: 1, max: 5 }),
    lowestLog2: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })),
    values: fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 3_000_000_000 }),
      ),
      { maxLength: 300 },
    ),
  })
  .map(({ digits, lowestLog2, values }) => {
    const h = hdr.build({
      lowestDiscernibleValue: 2 ** lowestLog2,
      highestTrackableValue: 2 ** (lowestLog2 + 1),
      numberOfSignificantValueDigits: digits as 1 | 2 | 3 | 4 | 5,
      autoResize: true,
    });
    for (const v of values) h.recordValue(v);
    return hdr.encodeIntoCompressedBase64(h);
  });

describe('samples - hdr decoder under structural mutation', () => {
  it('decodes what the reference decodes, or rejects with a reason; never more than the counts budget', () => {
    fc.assert(
      fc.property(
        realEncoding,
        fc.array(hdrMutation, { minLength: 0, maxLength: 3 }),
        (base, mutations) => {
          const { hdr: text, count } = mutateHdr(base, mutations);
          let window;
          try {
            window = decodeSample(windowWithHdr(text, count));
          } catch (e) {
            if (!(e instanceof SampleRejected)) throw e;
            expect(REJECT_REASONS).toContain(e.reason);
            return;
          }
          const ours = window.histogram as CountsArray;
          expect(ours.countsArrayLength).toBeLessThanOrEqual(MAX_DECODED_COUNTS_LENGTH);
          const { ref, exact } = referenceDecode(text);
          expect(buckets(ours)).toEqual(buckets(ref));
          expect(ours.totalCount).toBe(ref.totalCount);
          if (exact && ours.totalCount > 0) {
            expect(ours.maxValue).toBe(ref.maxValue);
            expect(ours.minNonZeroValue).toBe(ref.minNonZeroValue);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('accepts every unmutated real encoding, bit-exact', () => {
    fc.assert(
      fc.property(realEncoding, (base) => {
        const { hdr: text, count } = mutateHdr(base, []);
        const w = decodeSample(windowWithHdr(text, count));
        expect(buckets(w.histogram)).toEqual(buckets(referenceDecode(text).ref));
      }),
      { numRuns: 200 },
    );
  });
});
