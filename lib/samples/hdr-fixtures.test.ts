import type { Histogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { decodeHistogram, decodeSample } from '.';
import fixtures from './fixtures/python-hdrhistogram.json';
import { windowWithHdr } from './hdr-craft';

interface Fixture {
  name: string;
  digits: number;
  hdr: string;
  totalCount: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * The value our histogram must report for one the encoder's reported. Up to 3 digits the
 * same; 4 and 5 digits are decoded at 3, and their buckets nest in 3-digit ones, so the
 * answer is the top of the 3-digit bucket holding the encoder's answer.
 */
function expected(h: Histogram, f: Fixture, valueUs: number): number {
  const top = (h as Histogram & { highestEquivalentValue(v: number): number })
    .highestEquivalentValue;
  return f.digits <= 3 ? valueUs : top.call(h, valueUs);
}

describe('samples - hdr encoded by another implementation (HdrHistogram_py)', () => {
  it.each((fixtures.cases as Fixture[]).map((f) => [f.name, f] as const))(
    'decodes %s with its count and percentiles',
    (_name, f) => {
      const h = decodeHistogram(f.hdr);
      expect(h.totalCount).toBe(f.totalCount);
      expect(h.getValueAtPercentile(50)).toBe(expected(h, f, f.p50));
      expect(h.getValueAtPercentile(99)).toBe(expected(h, f, f.p99));
      expect(h.getValueAtPercentile(99.9)).toBe(expected(h, f, f.p999));
      // p100, not maxValue: hdr-histogram-js adds lowest−1 to its internal maxValue (Java ORs
      // it), so with lowest 1,000 its maxValue reads one bucket high; percentiles are exact.
      expect(h.getValueAtPercentile(100)).toBe(expected(h, f, f.max));
      expect(decodeSample(windowWithHdr(f.hdr, f.totalCount)).count).toBe(f.totalCount);
    },
  );
});
