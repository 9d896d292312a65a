import { describe, expect, it } from 'vitest';
import { decodeParity, emptyTotals, encodeParity, type ParityReport } from '.';

const report: ParityReport = {
  probeId: 'probe-1',
  ledger: 'default',
  atMs: 1_764_165_601_000,
  target: 1000,
  inFlight: 2,
  totals: { ...emptyTotals(), shadowed: 10, matched: 8, late: { kafka: 1, nats: 0 } },
  ratePerSecond: 4,
  etaSeconds: 248,
  offenders: [],
};

describe('parity - protocol', () => {
  it('carries late copies and the deliveries a probe did not write', () => {
    const text = encodeParity({
      ...report,
      foreign: { kafka: 12, nats: 0 },
      stale: { kafka: 3, nats: 4 },
    });
    expect(decodeParity(text)).toMatchObject({
      late: { kafka: 1, nats: 0 },
      foreign: { kafka: 12, nats: 0 },
      stale: { kafka: 3, nats: 4 },
    });
  });

  it('still decodes a message of a probe from before late, foreign and stale', () => {
    const old = JSON.parse(encodeParity(report)) as Record<string, unknown>;
    delete old.late;
    const decoded = decodeParity(JSON.stringify(old));
    expect(decoded).toMatchObject({ shadowed: 10, matched: 8 });
    expect(decoded?.late).toBeUndefined();
    expect(decoded?.foreign).toBeUndefined();
  });

  it('rejects a negative count in the new fields', () => {
    expect(decodeParity(encodeParity({ ...report, stale: { kafka: -1, nats: 0 } }))).toBeNull();
  });
});
