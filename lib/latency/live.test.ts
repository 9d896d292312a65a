import { describe, expect, it } from 'vitest';
import { rawWindowMessage } from '@/lib/testing/windows';
import { LiveLatency } from '.';

const raw = (probeId: string, values: number[], startMs = 1000) =>
  rawWindowMessage({ startMs, probeId }, values);

describe('latency - live state', () => {
  it('filters by probe from the moment the filter is set, keeping all windows underneath', () => {
    const live = new LiveLatency({ now: () => 4000 });
    live.receive(raw('a', [1000]), 'nats', 3500);
    live.setProbeFilter('b');
    live.receive(raw('b', [5000, 5000], 2000), 'nats', 3500);
    live.receive(raw('a', [1000], 2000), 'nats', 3500);
    expect(live.aggregator.summary('nats', 60_000, 120_000).count).toBe(2);
    live.setProbeFilter(null);
    expect(live.aggregator.summary('nats', 60_000, 120_000).count).toBe(4);
    expect(live.probes()).toEqual(['a', 'b']);
  });

  it('refuses a window whose NATS subject names another backend or probe', () => {
    const live = new LiveLatency({ now: () => 4000 });
    const subject = (backend: string, probe: string) => ({
      type: 'nats' as const,
      subject: `cutover.v1.samples.${backend}.${probe}`,
    });
    live.receive(raw('a', [1000]), 'nats', 3500, subject('kafka', 'a'));
    live.receive(raw('a', [1000]), 'nats', 3500, subject('nats', 'b'));
    expect(live.all.rejections().subject_mismatch).toBe(2);
    expect(live.all.backends()).toEqual([]);
    live.receive(raw('a', [1000]), 'nats', 3500, subject('nats', 'a'));
    expect(live.all.backends()).toEqual(['nats']);
  });

  it('counts a message it cannot decode and never throws', () => {
    const live = new LiveLatency();
    live.receive('{"v":1,', 'kafka', 0);
    expect(live.all.rejections().not_json).toBe(1);
  });
});
