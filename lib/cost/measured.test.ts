import { describe, expect, it } from 'vitest';
import { measuredRate, workloadRatePerSecond } from './measured';

describe('cost - measured rate', () => {
  const summary = { count: 1_000, coveredMs: 1_000, ratePerSecond: 1_000 };

  it('takes the rate the windows counted', () => {
    expect(measuredRate('nats', summary, 10_000, 60_000, 12_000)).toEqual({
      type: 'measured',
      ratePerSecond: 1_000,
      count: 1_000,
      coveredMs: 1_000,
      newestSlotMs: 10_000,
    });
  });

  it('says why there is no rate instead of inventing one', () => {
    expect(measuredRate('nats', undefined, null, 60_000, 0)).toEqual({
      type: 'none',
      reason: 'no latency windows from nats yet',
    });
    expect(measuredRate('kafka', { ...summary, count: 0 }, 10_000, 60_000, 12_000).type).toBe(
      'none',
    );
  });

  it('does not call an old rate current', () => {
    expect(measuredRate('kafka', summary, 10_000, 60_000, 80_000)).toEqual({
      type: 'none',
      reason: 'no window from kafka in the last 60 s',
    });
  });

  it('takes the highest measured backend as the workload', () => {
    const none = { type: 'none', reason: 'x' } as const;
    const at = (ratePerSecond: number) =>
      ({ type: 'measured', ratePerSecond, count: 1, coveredMs: 1, newestSlotMs: 0 }) as const;
    expect(workloadRatePerSecond([at(900), none, at(1_000)])).toBe(1_000);
    expect(workloadRatePerSecond([none, none])).toBeNull();
  });
});
