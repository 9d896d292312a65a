import { describe, expect, it } from 'vitest';
import { rawWindowMessage } from '@/lib/testing/windows';
import { LatencyReceiver } from '.';

const raw = (probeId: string, values: number[], startMs = 1000) =>
  rawWindowMessage({ startMs, probeId }, values);

describe('latency - receiver', () => {
  it('filters by probe from the moment the filter is set, keeping all windows underneath', () => {
    const receiver = new LatencyReceiver({ now: () => 4000 });
    receiver.receive(raw('a', [1000]), 'nats', 3500);
    receiver.setProbeFilter('b');
    receiver.receive(raw('b', [5000, 5000], 2000), 'nats', 3500);
    receiver.receive(raw('a', [1000], 2000), 'nats', 3500);
    expect(receiver.aggregator.summary('nats', 60_000, 120_000).count).toBe(2);
    receiver.setProbeFilter(null);
    expect(receiver.aggregator.summary('nats', 60_000, 120_000).count).toBe(4);
    expect(receiver.probes()).toEqual(['a', 'b']);
  });

  it('refuses a window whose NATS subject names another backend or probe', () => {
    const receiver = new LatencyReceiver({ now: () => 4000 });
    const subject = (backend: string, probe: string) => ({
      type: 'nats' as const,
      subject: `cutover.v1.samples.${backend}.${probe}`,
    });
    receiver.receive(raw('a', [1000]), 'nats', 3500, subject('kafka', 'a'));
    receiver.receive(raw('a', [1000]), 'nats', 3500, subject('nats', 'b'));
    expect(receiver.all.rejections().subject_mismatch).toBe(2);
    expect(receiver.all.backends()).toEqual([]);
    receiver.receive(raw('a', [1000]), 'nats', 3500, subject('nats', 'a'));
    expect(receiver.all.backends()).toEqual(['nats']);
  });

  it('counts a message it cannot decode and never throws', () => {
    const receiver = new LatencyReceiver();
    receiver.receive('{"v":1,', 'kafka', 0);
    expect(receiver.all.rejections().not_json).toBe(1);
  });
});
