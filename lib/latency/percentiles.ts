import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@/lib/samples';

/**
 * Merges histograms into a new one. Percentiles of a period are always asked of the
 * merged distribution: averaging per-window percentiles is wrong.
 */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = newLatencyHistogram();
  for (const h of histograms) merged.add(h);
  return merged;
}

/** p-th percentile (0–100) in µs, or 0 for an empty histogram. */
export function percentileUs(h: Histogram, p: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(p);
}
