import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, type LatencyWindow } from '@/lib/samples';
import { LatencyAggregator, mergeHistograms, percentileUs } from '.';

/** Nearest-rank percentile of an exactly sorted array: the truth HDR must approximate. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function windowOf(
  values: number[],
  startMs: number,
  probeId = 'p1',
  backend = 'nats',
): LatencyWindow {
  const histogram = newLatencyHistogram();
  for (const v of values) histogram.recordValue(v);
  return {
    backend,
    metric: 'e2e',
    probeId,
    windowStartMs: startMs,
    windowEndMs: startMs + 1000,
    count: values.length,
    errors: 0,
    bytes: 0,
    histogram,
  };
}

// Deterministic pseudo-random latencies with a long tail (LCG, so failures reproduce).
function latencies(n: number, seed: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    x = (x * 1664525 + 1013904223) % 4294967296;
    const u = x / 4294967296;
    out.push(Math.round(500 + 20_000 * u * u * u));
  }
  return out;
}

describe('latency - percentiles', () => {
  it('match an exact sort within HDR precision (3 significant digits)', () => {
    const values = latencies(50_000, 7);
    const h = mergeHistograms([windowOf(values, 0).histogram]);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(percentileUs(h, p) - exact) / exact).toBeLessThan(0.001);
    }
  });

  it('of merged windows equal those of all values together, unlike averaged percentiles', () => {
    const fast = Array.from({ length: 1000 }, () => 1000);
    const slow = Array.from({ length: 10 }, () => 100_000);
    const merged = mergeHistograms([windowOf(fast, 0).histogram, windowOf(slow, 1000).histogram]);
    const together = windowOf([...fast, ...slow], 0).histogram;
    expect(percentileUs(merged, 99)).toBe(percentileUs(together, 99));
    const averaged =
      (percentileUs(windowOf(fast, 0).histogram, 99) +
        percentileUs(windowOf(slow, 0).histogram, 99)) /
      2;
    expect(averaged).toBeGreaterThan(50_000);
    expect(percentileUs(merged, 99)).toBeLessThan(2000);
  });
});

describe('latency - aggregator', () => {
  it('de-duplicates a window delivered by both transports', () => {
    const agg = new LatencyAggregator();
    const w = windowOf([100, 200], 1000);
    expect(agg.ingest(w, 'nats', 1)).toBe('accepted');
    expect(agg.ingest(windowOf([100, 200], 1000), 'kafka', 2)).toBe('duplicate');
    expect(agg.series('nats')).toHaveLength(1);
    expect(agg.latest('nats')?.count).toBe(2);
    expect(agg.transportStats().kafka).toMatchObject({ accepted: 0, duplicates: 1, lastSeenMs: 2 });
  });

  it('merges windows of different probes in the same second', () => {
    const agg = new LatencyAggregator();
    agg.ingest(windowOf([1000], 5000, 'a'), 'nats', 0);
    agg.ingest(windowOf([3000], 5000, 'b'), 'nats', 0);
    expect(agg.series('nats')).toHaveLength(1);
    expect(agg.latest('nats')).toMatchObject({ count: 2, maxUs: 3001 });
  });

  it('keeps slots in time order when windows arrive out of order', () => {
    const agg = new LatencyAggregator();
    for (const t of [3000, 1000, 2000]) agg.ingest(windowOf([t], t), 'kafka', 0);
    expect(agg.series('nats').length).toBe(3);
    expect(agg.series('nats').map((p) => p.slotStartMs)).toEqual([1000, 2000, 3000]);
  });

  it('stays bounded however long it runs', () => {
    const agg = new LatencyAggregator({ capacitySlots: 10, dedupeCapacity: 50 });
    for (let i = 0; i < 1000; i += 1) agg.ingest(windowOf([i + 1], i * 1000), 'nats', i);
    expect(agg.series('nats')).toHaveLength(10);
    expect(agg.series('nats')[0]?.slotStartMs).toBe(990_000);
    expect(agg.ingest(windowOf([1], 0), 'nats', 0)).toBe('too_old');
  });

  it('counts rejections by reason and transport', () => {
    const agg = new LatencyAggregator();
    agg.reject('not_json', 'kafka', 5);
    agg.reject('not_json', 'nats', 6);
    agg.reject('oversize', 'nats', 7);
    expect(agg.rejections()).toMatchObject({ not_json: 2, oversize: 1, bad_schema: 0 });
    expect(agg.transportStats().nats.rejected).toBe(2);
  });
});

describe('latency - metrics', () => {
  it('draws end-to-end windows only; publish and send-delay windows are set aside', () => {
    const agg = new LatencyAggregator();
    expect(agg.ingest({ ...windowOf([5], 0), metric: 'publish' }, 'nats', 0)).toBe('other_metric');
    expect(agg.backends()).toEqual([]);
  });
});

describe('latency - periods', () => {
  it('summarises a period from the merged histogram of its slots', () => {
    const agg = new LatencyAggregator();
    const fast = Array.from({ length: 990 }, (_, i) => 1000 + i);
    const spike = Array.from({ length: 10 }, () => 250_000);
    agg.ingest(windowOf(fast, 0), 'nats', 0);
    agg.ingest(windowOf(spike, 1000), 'nats', 0);
    const s = agg.summary('nats', 60_000, 120_000);
    const all = windowOf([...fast, ...spike], 0).histogram;
    expect(s).toMatchObject({
      count: 1000,
      p50Us: percentileUs(all, 50),
      p99Us: percentileUs(all, 99),
      p999Us: percentileUs(all, 99.9),
    });
    expect(s.overSla).toBeCloseTo(0.01);
    expect(s.coveredMs).toBe(2000);
    expect(s.ratePerSecond).toBe(500);
  });

  it('only counts slots inside the period, ending at the newest slot', () => {
    const agg = new LatencyAggregator();
    agg.ingest(windowOf([100_000], 0), 'nats', 0);
    agg.ingest(windowOf([1000], 120_000), 'nats', 0);
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(1);
    expect(agg.summary('nats', 300_000, 120_000).count).toBe(2);
  });

  it('answers an hour from minute roll-ups beyond the seconds it keeps', () => {
    const agg = new LatencyAggregator({ capacitySlots: 60 });
    for (let m = 0; m < 60; m += 1) agg.ingest(windowOf([1000 + m], m * 60_000), 'nats', 0);
    expect(agg.series('nats')).toHaveLength(60);
    expect(agg.summary('nats', 3_600_000, 120_000).count).toBe(60);
    expect(agg.summary('nats', 300_000, 120_000).count).toBe(5);
  });

  it('bins each slot for the heatmap', () => {
    const agg = new LatencyAggregator();
    agg.ingest(windowOf([500, 1500, 1500, 150_000], 0), 'nats', 0);
    const bins = agg.latest('nats')!.bins;
    expect(bins[0]).toBe(1);
    expect(bins[1]).toBe(2);
    expect(bins[7]).toBe(1);
    expect(bins.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
