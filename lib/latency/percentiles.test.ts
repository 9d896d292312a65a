import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, newLatencyHistogram } from '@/lib/samples';
import { forEachRecorded, fractionAbove, heatmapBins } from './percentiles';

interface Iterable2 {
  recordedValuesIterator: {
    reset(): void;
    hasNext(): boolean;
    next(): { valueIteratedTo: number; countAtValueIteratedTo: number };
  };
}

/** The library's own iterator: what forEachRecorded must agree with. */
function viaIterator(h: ReturnType<typeof newLatencyHistogram>): [number, number][] {
  const it = (h as unknown as Iterable2).recordedValuesIterator;
  const out: [number, number][] = [];
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    out.push([v.valueIteratedTo, v.countAtValueIteratedTo]);
  }
  return out;
}

describe('forEachRecorded', () => {
  it('reports the same (value, count) pairs as the HdrHistogram iterator', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) ** 3;
    for (const n of [0, 1, 10, 5000]) {
      const h = newLatencyHistogram();
      for (let i = 0; i < n; i += 1) h.recordValue(Math.round(random() * 3_000_000));
      // A decoded histogram (as the feeds deliver) has a differently sized counts array.
      for (const histogram of [h, n ? decodeHistogram(encodeHistogram(h)) : h]) {
        const pairs: [number, number][] = [];
        forEachRecorded(histogram, (v, c) => pairs.push([v, c]));
        expect(pairs).toEqual(viaIterator(histogram));
      }
    }
  });

  it('feeds heatmap bins and the SLA share', () => {
    const h = newLatencyHistogram();
    h.recordValueWithCount(500, 3);
    h.recordValueWithCount(30_000, 1);
    h.recordValueWithCount(2_500_000, 1);
    expect(heatmapBins(h)).toEqual([3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(fractionAbove(h, 25_000)).toBeCloseTo(2 / 5);
  });
});
