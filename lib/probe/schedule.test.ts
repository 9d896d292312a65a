import { describe, expect, it } from 'vitest';
import { newLatencyHistogram } from '@/lib/samples';
import { OpenLoopSchedule } from './schedule';

describe('probe - open-loop schedule', () => {
  it('spaces messages by 1/rate from the start', () => {
    const s = new OpenLoopSchedule(1_000_000, 10_000);
    expect(s.intendedUs(0)).toBe(1_000_000);
    expect(s.intendedUs(10_000)).toBe(2_000_000);
    expect(s.dueBy(999_999)).toBe(0);
    expect(s.dueBy(1_000_000)).toBe(1);
    expect(s.dueBy(1_000_250)).toBe(3);
  });

  it('shows a 200 ms producer stall in the distribution (coordinated omission)', () => {
    // 1,000 msg/s for 2 s; the producer freezes for 200 ms at t = 1 s and then catches up.
    const s = new OpenLoopSchedule(0, 1000);
    const serviceUs = 500;
    const fromIntended = newLatencyHistogram();
    const fromActual = newLatencyHistogram();
    let clockUs = 0;
    for (let i = 0; i < 2000; i += 1) {
      const intended = s.intendedUs(i);
      if (clockUs < intended) clockUs = intended;
      if (i === 1000) clockUs += 200_000;
      const sentAt = clockUs;
      fromIntended.recordValue(sentAt + serviceUs - intended);
      fromActual.recordValue(serviceUs);
    }
    // Measured from the actual send, the stall vanishes: every message "took" 500 µs.
    expect(fromActual.getValueAtPercentile(99.9)).toBeLessThan(1000);
    // Measured from the intended time, the ~200 delayed messages carry the stall.
    expect(fromIntended.maxValue).toBeGreaterThanOrEqual(200_000);
    expect(fromIntended.getValueAtPercentile(99)).toBeGreaterThan(150_000);
    expect(fromIntended.getValueAtPercentile(50)).toBeLessThan(1000);
  });
});
