import { describe, expect, it } from 'vitest';
import { encodeRawWindow } from '@/lib/samples';
import { LiveLatency } from '.';

const raw = (probeId: string, values: number[], startMs = 1000) =>
  encodeRawWindow(
    {
      backend: 'nats',
      probeId,
      windowStartMs: startMs,
      windowEndMs: startMs + 1000,
      errors: 0,
      bytes: 0,
    },
    values,
  );

describe('latency - live state', () => {
  it('filters by probe from the moment the filter is set, keeping all windows underneath', () => {
    const live = new LiveLatency();
    live.receive(raw('a', [1000]), 'nats', 0);
    live.setProbeFilter('b');
    live.receive(raw('b', [5000, 5000], 2000), 'nats', 0);
    live.receive(raw('a', [1000], 2000), 'nats', 0);
    expect(live.aggregator.summary('nats', 60_000, 120_000).count).toBe(2);
    live.setProbeFilter(null);
    expect(live.aggregator.summary('nats', 60_000, 120_000).count).toBe(4);
    expect(live.probes()).toEqual(['a', 'b']);
  });

  it('counts a message it cannot decode, never throws, and keeps the newest parity per probe', () => {
    const live = new LiveLatency();
    live.receive('{"v":1,', 'kafka', 0);
    expect(live.all.rejections().not_json).toBe(1);
    live.receiveParity('not json');
    expect(live.parity()).toEqual([]);
  });
});
