import { describe, expect, it } from 'vitest';
import { busiestLeader, probeSummaryFrom, streamHealthy, topicHealthy } from './failover';
import { measureSpike, type TapPoint } from './window-tap';

const second = (startMs: number, p99Ms: number, count = 2000): TapPoint => ({
  startMs,
  count,
  p99Ms,
});

describe('failover drill - leaders and health', () => {
  it('finds the broker leading the most partitions, the lowest id on a tie', () => {
    const t = { leaders: [2, 3, 2, 1, 3], isr: [], replicas: [] };
    expect(busiestLeader(t)).toBe(2);
    expect(busiestLeader({ ...t, leaders: [3, 3, 1, -1] })).toBe(3);
  });

  it('calls a stream whole only with a leader and every follower in sync and online', () => {
    const r = (current: boolean, offline = false, lag = 0, activeMs = 0) => ({
      name: 'x',
      current,
      lag,
      offline,
      activeMs,
    });
    expect(streamHealthy({ leader: 'a', replicas: [r(true), r(true)] }, 3)).toBe(true);
    // A follower a few operations behind, heard from just now, is in sync (as on /cluster).
    expect(streamHealthy({ leader: 'a', replicas: [r(true), r(false, false, 40, 100)] }, 3)).toBe(
      true,
    );
    expect(
      streamHealthy({ leader: 'a', replicas: [r(true), r(false, false, 35_000, 100)] }, 3),
    ).toBe(false);
    expect(streamHealthy({ leader: 'a', replicas: [r(true), r(false, false, 0, 9_000)] }, 3)).toBe(
      false,
    );
    expect(streamHealthy({ leader: 'a', replicas: [r(true), r(true, true)] }, 3)).toBe(false);
    expect(streamHealthy({ leader: 'a', replicas: [r(true)] }, 3)).toBe(false);
    expect(streamHealthy({ leader: null, replicas: [r(true), r(true)] }, 3)).toBe(false);
    expect(streamHealthy(null, 3)).toBe(false);
  });

  it('calls a topic whole only when every partition has a leader and its full ISR', () => {
    const replicas = [
      [1, 2, 3],
      [2, 3, 1],
    ];
    expect(topicHealthy({ leaders: [1, 2], isr: replicas, replicas })).toBe(true);
    expect(topicHealthy({ leaders: [1, -1], isr: replicas, replicas })).toBe(false);
    expect(
      topicHealthy({
        leaders: [1, 2],
        isr: [
          [1, 2],
          [2, 3, 1],
        ],
        replicas,
      }),
    ).toBe(false);
  });
});

describe('failover drill - spike', () => {
  const base = 1_000_000;
  const series = (p99s: (number | null)[]): TapPoint[] =>
    p99s.flatMap((p, i) => (p === null ? [] : [second(base + i * 1000, p)]));

  it('takes the baseline as the median before the fault and the duration to the last high second', () => {
    // 10 s at ~20 ms, the fault at +10 s, three seconds up, then back.
    const s = series([20, 21, 19, 20, 22, 20, 18, 20, 21, 20, 300, 150, 40, 22, 20, 21, 20]);
    const spike = measureSpike(s, base + 10_000, 7_000);
    expect(spike.baselineP99Ms).toBe(20);
    expect(spike.peakP99Ms).toBe(300);
    expect(spike.durationMs).toBe(3_000);
    expect(spike.emptySeconds).toBe(0);
  });

  it('counts seconds with no delivery as part of the spike, never as a quiet second', () => {
    const s = series([20, 20, 20, 20, 20, 20, 20, 20, 20, 20, null, null, 900, 20, 20]);
    const spike = measureSpike(s, base + 10_000, 5_000);
    expect(spike.emptySeconds).toBe(2);
    expect(spike.peakP99Ms).toBe(900);
    expect(spike.durationMs).toBe(3_000);
  });

  it('reports no spike when p99 stays within the threshold', () => {
    const s = series([20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 29, 25, 20]);
    expect(measureSpike(s, base + 10_000, 3_000).durationMs).toBe(0);
  });
});

describe('failover drill - the probe summary', () => {
  it('reads the JSON block after the per-second lines, and a bare one', () => {
    const json = JSON.stringify({ parity: { missing: { kafka: 0, nats: 0 } } }, null, 2);
    expect(
      probeSummaryFrom(`[16:11:23] kafka 8 msg/s p99 110 ms\n[16:11:24] x\n${json}\n`),
    ).toEqual(JSON.parse(json));
    expect(probeSummaryFrom(json)).toEqual(JSON.parse(json));
  });
});
