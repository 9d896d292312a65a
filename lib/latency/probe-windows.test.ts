import { describe, expect, it } from 'vitest';
import type { LatencyKind, LatencyWindow } from '@/lib/samples';
import { latencyWindow } from '@/lib/testing/windows';
import {
  LatencyReceiver,
  MAX_PROBE_BACKENDS,
  MAX_PROBE_SERIES,
  mergeHistograms,
  percentileUs,
  PROBE_SERIES_IDLE_MS,
  ProbeWindows,
} from '.';

const SLA_US = 120_000;

const windowOf = (
  metric: LatencyKind,
  probeId: string,
  backend: string,
  startMs: number,
  values: number[],
) => latencyWindow({ startMs, backend, probeId, metric }, values);

// Deterministic spread per (probe, backend, metric, second), so each pair differs.
function values(seed: number, n = 200): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1664525 + 1013904223) % 4294967296;
    return 100 + Math.round((x / 4294967296) ** 3 * 40_000);
  });
}

/** p50/p99/max of the windows merged: what every figure must equal. */
function truth(windows: LatencyWindow[]) {
  const h = mergeHistograms(windows.map((w) => w.histogram));
  return {
    count: h.totalCount,
    p50Us: percentileUs(h, 50),
    p99Us: percentileUs(h, 99),
    maxUs: percentileUs(h, 100),
  };
}

const figuresOf = (s: { count: number; p50Us: number; p99Us: number; maxUs: number }) => ({
  count: s.count,
  p50Us: s.p50Us,
  p99Us: s.p99Us,
  maxUs: s.maxUs,
});

describe('latency - probe windows', () => {
  it('merge send delay and publish per probe and backend, and send delay per backend over all probes, each window once', () => {
    const clock = { ms: 10_000 };
    const pw = new ProbeWindows({ now: () => clock.ms });
    const windows: LatencyWindow[] = [];
    let seed = 1;
    for (const probe of ['a', 'b'])
      for (const backend of ['kafka', 'nats'])
        for (const metric of ['send_delay', 'publish'] as const)
          for (let s = 5; s < 8; s += 1)
            windows.push(windowOf(metric, probe, backend, s * 1000, values((seed += 1))));
    // Both transports deliver every window: copies must not be merged twice.
    for (const w of windows) {
      expect(pw.ingest(w, 'nats', clock.ms)).toBe('accepted');
      expect(pw.ingest(w, 'kafka', clock.ms)).toBe('duplicate');
    }
    const figures = pw.figures(60_000, SLA_US);
    expect(figures.rows.map((r) => `${r.probe}/${r.backend}`)).toEqual([
      'a/kafka',
      'a/nats',
      'b/kafka',
      'b/nats',
    ]);
    const of = (probe: string | null, backend: string, metric: LatencyKind) =>
      windows.filter(
        (w) =>
          (probe === null || w.probeId === probe) && w.backend === backend && w.metric === metric,
      );
    for (const row of figures.rows) {
      expect(figuresOf(row.sendDelay)).toEqual(truth(of(row.probe, row.backend, 'send_delay')));
      expect(figuresOf(row.publish)).toEqual(truth(of(row.probe, row.backend, 'publish')));
      expect(row.sendDelay.coveredMs).toBe(3000);
    }
    expect(figures.sendDelay.map((s) => s.backend)).toEqual(['kafka', 'nats']);
    for (const s of figures.sendDelay)
      expect(figuresOf(s)).toEqual(truth(of(null, s.backend, 'send_delay')));
  });

  it('cover the period ending at the receiver clock, and leave out pairs with nothing in it', () => {
    const clock = { ms: 100_000 };
    const pw = new ProbeWindows({ now: () => clock.ms });
    const old = windowOf('send_delay', 'a', 'nats', 30_000, [5000]);
    const recent = windowOf('send_delay', 'a', 'nats', 90_000, [1000]);
    const other = windowOf('publish', 'b', 'nats', 30_000, [2000]);
    for (const w of [old, recent, other]) pw.ingest(w, 'nats', clock.ms);
    expect(pw.ingest(windowOf('e2e', 'a', 'nats', 90_000, [1]), 'nats', 0)).toBe('other_kind');
    const minute = pw.figures(60_000, SLA_US);
    expect(minute.rows.map((r) => r.probe)).toEqual(['a']);
    expect(figuresOf(minute.rows[0]!.sendDelay)).toEqual(truth([recent]));
    expect(minute.rows[0]!.publish.count).toBe(0);
    const fiveMinutes = pw.figures(300_000, SLA_US);
    expect(fiveMinutes.rows.map((r) => r.probe)).toEqual(['a', 'b']);
    expect(figuresOf(fiveMinutes.sendDelay[0]!)).toEqual(truth([old, recent]));
    // The clock moves on, no window arrives: the figures move with it.
    clock.ms = 170_000;
    expect(pw.figuresOutdated(60_000, SLA_US)).toBe(true);
    expect(pw.figures(60_000, SLA_US).rows).toEqual([]);
  });

  it('keep at most MAX_PROBE_SERIES pairs: a new probe id waits until a pair has been idle past every period', () => {
    const clock = { ms: 1_000_000 };
    const pw = new ProbeWindows({ now: () => clock.ms });
    const send = (probe: string, backend = 'nats') =>
      pw.ingest(windowOf('send_delay', probe, backend, clock.ms - 1000, [1000]), 'nats', clock.ms);
    for (let i = 0; i < MAX_PROBE_SERIES; i += 1) {
      clock.ms += 1000;
      expect(send(`p${i}`)).toBe('accepted');
    }
    expect(send('hostile')).toBe('over_capacity');
    clock.ms += PROBE_SERIES_IDLE_MS;
    for (let i = 1; i < MAX_PROBE_SERIES; i += 1) expect(send(`p${i}`)).toBe('accepted');
    // p0 has been idle past the longest period: it gives its place, and only it.
    expect(send('late')).toBe('accepted');
    expect(send('hostile-2')).toBe('over_capacity');
    const probes = pw.figures(3_600_000, SLA_US).rows.map((r) => r.probe);
    expect(probes).toHaveLength(MAX_PROBE_SERIES);
    expect(probes).toContain('late');
    expect(probes).not.toContain('p0');
  });

  it('merge send delay of at most MAX_PROBE_BACKENDS backends', () => {
    const clock = { ms: 10_000 };
    const pw = new ProbeWindows({ now: () => clock.ms });
    for (let i = 0; i <= MAX_PROBE_BACKENDS; i += 1)
      pw.ingest(windowOf('send_delay', 'a', `b${i}`, 9000, [1000]), 'nats', clock.ms);
    expect(pw.figures(60_000, SLA_US).sendDelay).toHaveLength(MAX_PROBE_BACKENDS);
  });

  it('say when a figure handed out stale is due again: the trailing update after a burst', () => {
    const clock = { ms: 100_000 };
    const pw = new ProbeWindows({ now: () => clock.ms, summaryRefreshMs: 1000 });
    pw.ingest(windowOf('publish', 'a', 'nats', 90_000, [1000]), 'nats', clock.ms);
    expect(pw.figures(60_000, SLA_US).rows[0]!.publish.count).toBe(1);
    expect(pw.refreshDueAtMs()).toBeNull();
    clock.ms += 100;
    pw.ingest(windowOf('publish', 'a', 'nats', 91_000, [1000, 2000]), 'nats', clock.ms);
    expect(pw.figuresOutdated(60_000, SLA_US)).toBe(true);
    expect(pw.figures(60_000, SLA_US).rows[0]!.publish.count).toBe(1);
    expect(pw.refreshDueAtMs()).toBe(101_000);
    clock.ms = pw.refreshDueAtMs()!;
    expect(pw.figures(60_000, SLA_US).rows[0]!.publish.count).toBe(3);
    expect(pw.refreshDueAtMs()).toBeNull();
  });

  it('are fed by the latency receiver, apart from the e2e series', () => {
    const receiver = new LatencyReceiver({ now: () => 10_000 });
    // Values under 2,048 µs, which HDR keeps exactly at 3 significant digits.
    receiver.ingest(windowOf('send_delay', 'a', 'nats', 9000, [300]), 'nats', 10_000);
    receiver.ingest(windowOf('publish', 'a', 'nats', 9000, [200, 200]), 'nats', 10_000);
    receiver.ingest(windowOf('e2e', 'a', 'nats', 9000, [1900]), 'nats', 10_000);
    expect(receiver.all.summary('nats', 60_000, SLA_US)).toMatchObject({ count: 1, p99Us: 1900 });
    const row = receiver.probeWindows.figures(60_000, SLA_US).rows[0]!;
    expect(row.sendDelay).toMatchObject({ count: 1, p99Us: 300 });
    expect(row.publish).toMatchObject({ count: 2, p99Us: 200 });
  });
});
