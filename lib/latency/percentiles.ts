import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@/lib/samples';
import { HEATMAP_EDGES_US, heatmapBin } from './heatmap';
import type { LatencyPercentiles } from './types';

/**
 * Merges histograms into a new one. Percentiles of a period are always asked of the
 * merged distribution: averaging per-window percentiles is wrong. The result counts in
 * 64-bit floats (exact to 2^53): an hour of slots can hold more than 2^32 messages in one
 * bucket, where a 32-bit count would silently wrap.
 */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    autoResize: true,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 64,
    useWebAssembly: false,
  });
  for (const h of histograms) merged.add(h);
  return merged;
}

/**
 * Largest number of messages one slot (one second of one backend, all probes) may hold:
 * slots and minute roll-ups keep 32-bit counts, and a minute merges 60 slots, so 2^32 / 64
 * keeps every roll-up exact. 67 million messages a second is ~6,700× the case study's rate;
 * a window that would take its slot past it is refused as out_of_range.
 */
export const MAX_SLOT_MESSAGES = 2 ** 32 / 64;

/** A 32-bit copy of a histogram, for slots and minute roll-ups (see MAX_SLOT_MESSAGES). */
export function copyHistogram(h: Histogram): Histogram {
  const copy = newLatencyHistogram();
  copy.add(h);
  return copy;
}

/** p-th percentile (0–100) in µs, or 0 for an empty histogram. */
export function percentileUs(h: Histogram, p: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(p);
}

/** p50, p90, p99, p99.9 and max of a histogram (µs, at HDR resolution), all 0 when it is empty. */
export function percentilesOf(h: Histogram): LatencyPercentiles {
  return {
    p50Us: percentileUs(h, 50),
    p90Us: percentileUs(h, 90),
    p99Us: percentileUs(h, 99),
    p999Us: percentileUs(h, 99.9),
    maxUs: percentileUs(h, 100),
  };
}

/** The counts-array accessors hdr-histogram-js has on its classes but not on its exported interface. */
interface CountsArray {
  countsArrayLength: number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  highestEquivalentValue(valueUs: number): number;
}

/**
 * Calls fn(valueUs, count) for every distinct recorded value, ascending, with the value
 * reported as its bucket's highest equivalent value (as HdrHistogram's recorded-values
 * iterator does). A plain walk over the counts array: the library's iterator allocates
 * per step and cost ~1 ms a slot, which heatmap bins and the SLA share paid every frame.
 */
export function forEachRecorded(h: Histogram, fn: (valueUs: number, count: number) => void): void {
  const counts = h as unknown as CountsArray;
  if (h.totalCount === 0) return;
  const length = counts.countsArrayLength;
  for (let i = 0; i < length; i += 1) {
    const n = counts.getCountAtIndex(i);
    if (n > 0) fn(counts.highestEquivalentValue(counts.valueFromIndex(i)), n);
  }
}

/** Share (0..1) of recorded values above thresholdUs, at HDR resolution. */
export function fractionAbove(h: Histogram, thresholdUs: number): number {
  if (h.totalCount === 0) return 0;
  let above = 0;
  forEachRecorded(h, (v, n) => {
    if (v > thresholdUs) above += n;
  });
  return above / h.totalCount;
}

/** Message counts per heatmap bin. */
export function heatmapBins(h: Histogram): number[] {
  const bins = new Array<number>(HEATMAP_EDGES_US.length + 1).fill(0);
  forEachRecorded(h, (v, n) => {
    bins[heatmapBin(v)]! += n;
  });
  return bins;
}
