import { describe, expect, it } from 'vitest';
import { scenarioPlan } from './scenario-plan';

describe('record - the migration scenario plan', () => {
  it('puts every step in story order inside the run, whatever its length', () => {
    for (const minutes of [2, 10, 30]) {
      const p = scenarioPlan(minutes * 60_000, 1000);
      const lastCutMs = p.firstCutAtMs + 3 * p.groupEveryMs;
      const order = [
        p.shadowAtMs,
        p.nodeFailureAtMs,
        p.nodeFailureAtMs + p.nodeDownMs,
        p.dualReadAtMs,
        p.dualReadLatestMs,
        p.cutoverAtMs,
        p.cutoverLatestMs,
        lastCutMs,
        p.standbyAtMs,
        p.totalMs,
      ];
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(p.graceMs).toBeGreaterThan(5000);
    }
  });

  it('sizes the parity target and the first corruption from the rate', () => {
    const p = scenarioPlan(600_000, 1000);
    // 48 s of the shadow probe's messages before its first corruption.
    expect(p.corruptMessage).toBe(48_000);
    // 80% of what the clean ledger can match between 0.22 and 0.44 of the run.
    expect(p.parityTarget).toBe(105_000);
    expect(p.slaHoldSeconds).toBe(60);
    expect(scenarioPlan(600_000, 2000).parityTarget).toBe(211_000);
  });
});
