import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, type LatencyWindow } from '@/lib/samples';
import { latencyWindow } from '@/lib/testing/windows';
import { LatencyAggregator, MAX_SLOT_MESSAGES, mergeHistograms, percentileUs } from '.';

/** Nearest-rank percentile of an exactly sorted array: the truth HDR must approximate. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

const windowOf = (values: number[], startMs: number, probeId = 'p1', backend = 'nats') =>
  latencyWindow({ startMs, probeId, backend }, values);

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

/** An aggregator on a clock the test moves; windows arrive at `clock.ms`. */
function clocked(options: ConstructorParameters<typeof LatencyAggregator>[0] = {}) {
  const clock = { ms: 0 };
  const agg = new LatencyAggregator({ ...options, now: () => clock.ms });
  const ingest = (w: LatencyWindow, transport: 'nats' | 'kafka' = 'nats') =>
    agg.ingest(w, transport, clock.ms);
  return { agg, clock, ingest };
}

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

  it('refuses a second copy with other content as a conflict, never merged', () => {
    const agg = new LatencyAggregator();
    expect(agg.ingest(windowOf([100, 200], 1000), 'nats', 1)).toBe('accepted');
    expect(agg.ingest(windowOf([900_000], 1000), 'kafka', 2)).toBe('conflict');
    expect(agg.latest('nats')).toMatchObject({ count: 2, maxUs: 200 });
    expect(agg.transportStats().kafka).toMatchObject({ conflicts: 1, rejected: 1 });
    expect(agg.rejections().conflict).toBe(1);
  });

  it('keeps de-duplication keys as long as their slot, however many other windows come', () => {
    // Keys are kept by age, not by count: a sparse backend's late copy is still a duplicate.
    const { agg, clock, ingest } = clocked({ capacitySlots: 300 });
    clock.ms = 1000;
    expect(ingest(windowOf([5], 0, 'p1', 'sparse'))).toBe('accepted');
    for (let i = 0; i < 60_000; i += 1) ingest(windowOf([1], 0, `probe-${i % 200}-${i}`, 'busy'));
    expect(ingest(windowOf([5], 0, 'p1', 'sparse'), 'kafka')).toBe('duplicate');
    expect(agg.latest('sparse')?.count).toBe(1);
  });

  it('merges windows of different probes in the same second', () => {
    const agg = new LatencyAggregator();
    agg.ingest(windowOf([1000], 5000, 'a'), 'nats', 5000);
    agg.ingest(windowOf([3000], 5000, 'b'), 'nats', 5000);
    expect(agg.series('nats')).toHaveLength(1);
    expect(agg.latest('nats')).toMatchObject({ count: 2, maxUs: 3001 });
  });

  it('keeps slots in time order when windows arrive out of order', () => {
    const agg = new LatencyAggregator();
    for (const t of [3000, 1000, 2000]) agg.ingest(windowOf([t], t), 'kafka', 4000);
    expect(agg.series('nats').length).toBe(3);
    expect(agg.series('nats').map((p) => p.slotStartMs)).toEqual([1000, 2000, 3000]);
  });

  it('stays bounded however long it runs', () => {
    const { agg, clock, ingest } = clocked({ capacitySlots: 10 });
    for (let i = 0; i < 1000; i += 1) {
      clock.ms = i * 1000 + 1000;
      ingest(windowOf([i + 1], i * 1000));
    }
    expect(agg.series('nats')).toHaveLength(10);
    expect(agg.series('nats')[0]?.slotStartMs).toBe(990_000);
    expect(ingest(windowOf([1], 0))).toBe('too_old');
    expect(agg.rejections().too_old).toBe(1);
  });

  it('counts rejections by reason and transport', () => {
    const agg = new LatencyAggregator();
    agg.reject('not_json', 'kafka');
    agg.reject('not_json', 'nats');
    agg.reject('oversize', 'nats');
    expect(agg.rejections()).toMatchObject({ not_json: 2, oversize: 1, bad_schema: 0 });
    expect(agg.transportStats().nats.rejected).toBe(2);
  });

  it('does not count rejected messages as fresh data', () => {
    const agg = new LatencyAggregator();
    agg.reject('not_json', 'kafka');
    expect(agg.transportStats().kafka.lastSeenMs).toBeNull();
  });
});

describe('latency - clocks', () => {
  const HOUR = 3_600_000;

  it("refuses a window from the future, and it moves no other backend's period", () => {
    // Periods end at the receiver's clock: a window from an hour ahead must not move them.
    const { agg, clock, ingest } = clocked();
    clock.ms = 100_000;
    for (let s = 70; s < 100; s += 1) {
      ingest(windowOf([1000], s * 1000, 'p1', 'kafka'));
      ingest(windowOf([2000], s * 1000, 'p1', 'nats'));
    }
    expect(ingest(windowOf([5], clock.ms + HOUR, 'eu-2', 'nats'))).toBe('clock_skew');
    expect(agg.summary('kafka', 60_000, 120_000).count).toBe(30);
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(30);
    expect(agg.rejections().clock_skew).toBe(1);
    expect(agg.probeClockList().find((c) => c.probe === 'eu-2')).toMatchObject({
      aheadMs: HOUR + 1000,
      refused: 1,
    });
  });

  it('accepts a window within the skew tolerance', () => {
    const { ingest, clock } = clocked({ skewToleranceMs: 30_000 });
    clock.ms = 100_000;
    expect(ingest(windowOf([5], clock.ms + 20_000))).toBe('accepted');
  });

  it('refuses a window from 1970 as too old instead of making it a backend', () => {
    const { agg, clock, ingest } = clocked();
    clock.ms = 1_764_165_600_000;
    expect(ingest(windowOf([5], 0, 'p1', 'ancient'))).toBe('too_old');
    expect(agg.backends()).toEqual([]);
  });

  it("ends periods at the receiver's clock: a backend that went quiet leaves the period", () => {
    const { agg, clock, ingest } = clocked();
    clock.ms = 11_000;
    for (let s = 0; s < 10; s += 1) ingest(windowOf([1000], s * 1000));
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(10);
    clock.ms = 200_000;
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(0);
  });
});

describe('latency - metrics', () => {
  it('draws end-to-end windows only; publish and send-delay windows are set aside', () => {
    const agg = new LatencyAggregator();
    expect(agg.ingest({ ...windowOf([5], 0), metric: 'publish' }, 'nats', 0)).toBe('other_kind');
    expect(agg.backends()).toEqual([]);
  });
});

describe('latency - periods', () => {
  it('summarises a period from the merged histogram of its slots', () => {
    const { agg, clock, ingest } = clocked();
    clock.ms = 2500;
    const fast = Array.from({ length: 990 }, (_, i) => 1000 + i);
    const spike = Array.from({ length: 10 }, () => 250_000);
    ingest(windowOf(fast, 0));
    ingest(windowOf(spike, 1000));
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

  it("only counts slots inside the period, ending at the receiver's clock", () => {
    const { agg, clock, ingest } = clocked();
    clock.ms = 121_000;
    ingest(windowOf([100_000], 0));
    ingest(windowOf([1000], 120_000));
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(1);
    expect(agg.summary('nats', 300_000, 120_000).count).toBe(2);
  });

  it('answers an hour from minute roll-ups beyond the seconds it keeps', () => {
    const { agg, clock, ingest } = clocked({ capacitySlots: 60 });
    for (let m = 0; m < 60; m += 1) {
      clock.ms = m * 60_000 + 1000;
      ingest(windowOf([1000 + m], m * 60_000));
    }
    expect(agg.series('nats')).toHaveLength(60);
    expect(agg.summary('nats', 3_600_000, 120_000).count).toBe(60);
    expect(agg.summary('nats', 300_000, 120_000).count).toBe(5);
  });

  it('covers a long period with whole minutes plus the seconds kept, every second', () => {
    // A minute only partly inside the period is merged whole, so coverage is never short.
    const { agg, clock, ingest } = clocked();
    let short = 0;
    for (let s = 0; s < 900; s += 1) {
      clock.ms = s * 1000 + 1000 + 250;
      ingest(windowOf([1000], s * 1000));
      if (s < 700) continue;
      const summary = agg.summary('nats', 600_000, 120_000);
      // From the first slot merged to the end of the receiver's current slot: the period.
      if (Math.ceil(clock.ms / 1000) * 1000 - summary.firstSlotMs < 600_000) short += 1;
      expect(summary.count).toBe(Math.round(summary.coveredMs / 1000));
    }
    expect(short).toBe(0);
  });

  it('catches up with the last window of a burst once the refresh interval has passed', () => {
    const { agg, clock, ingest } = clocked({ summaryRefreshMs: 1000 });
    clock.ms = 100_000;
    ingest(windowOf([1000], 60_000));
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(1);
    for (let s = 61; s < 90; s += 1) ingest(windowOf([1000], s * 1000));
    // Served from the cache, and flagged for a trailing refresh.
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(1);
    expect(agg.refreshDueAtMs()).toBe(101_000);
    clock.ms = 101_000;
    expect(agg.summary('nats', 60_000, 120_000).count).toBe(30);
    expect(agg.refreshDueAtMs()).toBeNull();
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

describe('latency - history for a tab that opens late', () => {
  it("covers the whole period from the server's history, and merges no window twice", () => {
    // A tab's figures cover the period its card names, not only what it received itself.
    const clock = { ms: 0 };
    const server = new LatencyAggregator({ now: () => clock.ms });
    const tab = new LatencyAggregator({ now: () => clock.ms });
    const w = (s: number, probe = 'p1') => windowOf([1000 + (s % 50)], s * 1000, probe);
    for (let s = 0; s < 900; s += 1) {
      clock.ms = s * 1000 + 1500;
      server.ingest(w(s), 'nats', clock.ms);
    }
    // The tab opens: it already got the newest window over NATS, then the history over SSE.
    tab.ingest(w(899), 'nats', clock.ms);
    expect(tab.seedHistory(server.exportHistory())).toBe(true);
    // Copies of windows in the history arrive late on Kafka: duplicates, not merged again.
    expect(tab.ingest(w(898), 'kafka', clock.ms)).toBe('duplicate');
    expect(tab.ingest(w(899), 'kafka', clock.ms)).toBe('duplicate');
    for (const periodMs of [60_000, 300_000, 900_000])
      expect(tab.summary('nats', periodMs, 120_000)).toEqual(
        server.summary('nats', periodMs, 120_000),
      );
    clock.ms += 1000;
    server.ingest(w(900), 'nats', clock.ms);
    tab.ingest(w(900), 'nats', clock.ms);
    expect(tab.summary('nats', 900_000, 120_000)).toEqual(server.summary('nats', 900_000, 120_000));
  });

  it('ignores a malformed or hostile history', () => {
    const tab = new LatencyAggregator();
    expect(tab.seedHistory('{"v":1,"type":"history"')).toBe(false);
    const bomb = JSON.stringify({
      v: 1,
      type: 'history',
      atMs: 0,
      backends: [
        { backend: 'nats', secondsFromMs: null, slots: [{ s: 0, e: 0, h: 'AAAA' }], minutes: [] },
      ],
      keys: [],
    });
    expect(tab.seedHistory(bomb)).toBe(false);
    expect(tab.backends()).toEqual([]);
  });
});

describe('latency - counts that would wrap', () => {
  it('refuses a window that would take its slot past MAX_SLOT_MESSAGES, and merges periods in 64 bits', () => {
    // Windows near 2^31 each must not wrap a 32-bit count, in a slot or in a merge.
    const { agg, clock, ingest } = clocked();
    clock.ms = 100_000;
    const big = (startMs: number, probe: string, count: number) => {
      const histogram = newLatencyHistogram();
      histogram.recordValueWithCount(5000, count);
      return { ...windowOf([], startMs, probe), count, histogram };
    };
    expect(ingest(big(90_000, 'a', MAX_SLOT_MESSAGES))).toBe('accepted');
    expect(ingest(big(90_000, 'b', 1))).toBe('out_of_range');
    expect(agg.rejections().out_of_range).toBe(1);
    // 99 full slots (slot 90 was full already): beyond 2^32 in one bucket, counted exactly.
    for (let s = 0; s < 99; s += 1) ingest(big(s * 1000, 'a', MAX_SLOT_MESSAGES));
    const summary = agg.summary('nats', 300_000, 120_000);
    expect(summary.count).toBe(99 * MAX_SLOT_MESSAGES);
    expect(summary.count).toBeGreaterThan(2 ** 32);
    expect(summary.p50Us).toBe(percentileUs(windowOf([5000], 0).histogram, 50));
  });
});
