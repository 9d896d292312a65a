import { describe, expect, it } from 'vitest';
import type { LatencyKind } from '@/lib/samples';
import { latencyWindow } from '@/lib/testing/windows';
import {
  emptySummary,
  LatencyReceiver,
  mergeHistograms,
  percentileUs,
  PROBE_LIMITED_SHARE,
  probeLimit,
  probeLimitNote,
  type PeriodSummary,
} from '.';

/** Ten seconds of a minute's period whose p99 is p99Us (only count and p99 matter to the rule). */
const summary = (p99Us: number, count = 100): PeriodSummary => ({
  ...emptySummary('nats', 60_000),
  coveredMs: 10_000,
  lastSlotEndMs: 10_000,
  count,
  p99Us,
  ratePerSecond: count / 10,
});

/** n messages of valueUs each. */
const windowOf = (
  metric: LatencyKind,
  probeId: string,
  startMs: number,
  valueUs: number,
  n: number,
) => latencyWindow({ startMs, probeId, metric }, new Array<number>(n).fill(valueUs));

describe('latency - probe-limited rule', () => {
  it('flags a backend when send delay p99 is at least a quarter of e2e p99, from the threshold on', () => {
    expect(PROBE_LIMITED_SHARE).toBe(0.25);
    expect(probeLimit(summary(40_000), summary(10_000))).toEqual({
      type: 'probe_limited',
      sendDelayP99Us: 10_000,
      e2eP99Us: 40_000,
      share: 0.25,
    });
    expect(probeLimit(summary(40_000), summary(9_999)).type).toBe('clear');
    expect(probeLimit(summary(40_000), summary(0)).type).toBe('clear');
  });

  it('says nothing without evidence: no send delay, or no e2e, in the period', () => {
    expect(probeLimit(summary(40_000), undefined)).toEqual({ type: 'no_evidence' });
    expect(probeLimit(summary(40_000), summary(30_000, 0))).toEqual({ type: 'no_evidence' });
    expect(probeLimit(undefined, summary(30_000))).toEqual({ type: 'no_evidence' });
    expect(probeLimit(summary(40_000, 0), summary(30_000))).toEqual({ type: 'no_evidence' });
    expect(probeLimit(summary(0), summary(0))).toEqual({ type: 'no_evidence' });
  });

  it('judges a backend on the send delay of all its probes merged, against its e2e of all probes', () => {
    // Probe a is 30 ms late on 2% of its messages, probe b never: merged, the late ones
    // are 20 of 1,999, just over 1%, so the merged p99 is a's lateness, while b's p99
    // (0.3 ms) and an average of the two p99s (15 ms) would each tell another story.
    const clock = { ms: 100_000 };
    const receiver = new LatencyReceiver({ now: () => clock.ms });
    const windows = [
      windowOf('send_delay', 'a', 90_000, 300, 980),
      windowOf('send_delay', 'a', 91_000, 30_000, 20),
      windowOf('send_delay', 'b', 90_000, 300, 999),
      windowOf('e2e', 'a', 90_000, 10_000, 980),
      windowOf('e2e', 'a', 91_000, 40_000, 20),
      windowOf('e2e', 'b', 90_000, 10_000, 999),
    ];
    for (const w of windows) receiver.ingest(w, 'kafka', clock.ms);
    const e2e = receiver.all.summary('nats', 60_000, 120_000);
    const sendDelay = receiver.probeWindows.figures(60_000, 120_000).sendDelay[0];
    const merged = (metric: LatencyKind) =>
      percentileUs(
        mergeHistograms(windows.filter((w) => w.metric === metric).map((w) => w.histogram)),
        99,
      );
    const verdict = probeLimit(e2e, sendDelay);
    expect(verdict).toEqual({
      type: 'probe_limited',
      sendDelayP99Us: merged('send_delay'),
      e2eP99Us: merged('e2e'),
      share: merged('send_delay') / merged('e2e'),
    });
    expect(merged('send_delay')).toBeGreaterThan(29_000);
    expect(merged('e2e')).toBeGreaterThan(39_000);
  });

  it('states the rule and its figures in the flag title', () => {
    const verdict = probeLimit(summary(15_000), summary(6_010));
    if (verdict.type !== 'probe_limited') throw new Error(verdict.type);
    expect(probeLimitNote(verdict, 'the last 15m')).toBe(
      'probe-limited: send delay p99 (6.01 ms) is 40% of e2e p99 (15.0 ms), ≥ 25%, over the last 15m (all probes) — the probe, not the broker, may be the bottleneck',
    );
    const atRule = probeLimit(summary(100), summary(29));
    if (atRule.type !== 'probe_limited') throw new Error(atRule.type);
    // 0.29 * 100 is 28.999… in floating point: the title still says 29%.
    expect(probeLimitNote(atRule, 'the last 1m')).toContain('is 29% of e2e p99');
  });
});
