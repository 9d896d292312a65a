import { describe, expect, it } from 'vitest';
import { addTotals, diffTotals, emptyTotals, readTotals } from '.';

describe('parity - totals', () => {
  it('adds what one probe counted since its last save to what is stored', () => {
    const stored = { ...emptyTotals(), shadowed: 100, matched: 90, missing: { kafka: 3, nats: 0 } };
    const saved = { ...emptyTotals(), shadowed: 40, matched: 40, missing: { kafka: 1, nats: 0 } };
    const now = {
      ...emptyTotals(),
      shadowed: 50,
      matched: 49,
      // One late copy took a message off missing.
      missing: { kafka: 0, nats: 0 },
      late: { kafka: 1, nats: 0 },
    };
    expect(addTotals(stored, diffTotals(now, saved))).toEqual({
      ...emptyTotals(),
      shadowed: 110,
      matched: 99,
      missing: { kafka: 2, nats: 0 },
      late: { kafka: 1, nats: 0 },
    });
  });

  it('never stores a negative count', () => {
    const delta = { ...emptyTotals(), missing: { kafka: -2, nats: 0 } };
    expect(addTotals(emptyTotals(), delta).missing.kafka).toBe(0);
  });

  it('reads totals an older probe persisted, without late', () => {
    const old = { shadowed: 5, matched: 5, missing: { kafka: 1, nats: 0 }, unknown: { nats: 2 } };
    expect(readTotals(old)).toEqual({
      ...emptyTotals(),
      shadowed: 5,
      matched: 5,
      missing: { kafka: 1, nats: 0 },
      unknown: { kafka: 0, nats: 2 },
    });
    expect(readTotals(null)).toEqual(emptyTotals());
  });
});
