import { describe, expect, it } from 'vitest';
import { emptyTotals, ParityLedger, progress } from '.';

const GRACE = 1000;

describe('parity - ledger', () => {
  it('matches a message delivered once by each side with the right checksum', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 42, 0);
    expect(l.observe('kafka', 'a', 42, 5)).toBe('ok');
    expect(l.snapshot().matched).toBe(0);
    expect(l.observe('nats', 'a', 42, 6)).toBe('ok');
    expect(l.snapshot()).toMatchObject({ shadowed: 1, matched: 1 });
    l.expire(GRACE);
    expect(l.snapshot().missing).toEqual({ kafka: 0, nats: 0 });
    expect(l.inFlight).toBe(0);
  });

  it('reports a corrupted payload on one side as a checksum mismatch, never as matched', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 42, 0);
    l.observe('nats', 'a', 42, 1);
    expect(l.observe('kafka', 'a', 7, 2)).toBe('checksum_mismatch');
    expect(l.snapshot()).toMatchObject({ matched: 0, mismatches: { kafka: 1, nats: 0 } });
    expect(l.recentOffenders()).toEqual([
      { id: 'a', side: 'kafka', problem: 'checksum_mismatch', atMs: 2 },
    ]);
  });

  it('counts a side that never delivered as missing only after the grace period', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 1, 0);
    l.shadow('b', 1, 500);
    l.observe('kafka', 'a', 1, 10);
    l.expire(999);
    expect(l.snapshot().missing.nats).toBe(0);
    l.expire(1000);
    expect(l.snapshot().missing).toEqual({ kafka: 0, nats: 1 });
    expect(l.inFlight).toBe(1);
    l.expire(1500);
    expect(l.snapshot().missing).toEqual({ kafka: 1, nats: 2 });
  });

  it('counts a copy that arrives after its grace period once, as late: no longer missing, never unknown', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 42, 0);
    l.observe('kafka', 'a', 42, 10);
    l.expire(GRACE);
    expect(l.snapshot().missing).toEqual({ kafka: 0, nats: 1 });
    // The NATS copy turns up after the ledger counted it missing.
    expect(l.observe('nats', 'a', 42, GRACE + 500)).toBe('late');
    const t = l.snapshot();
    expect(t.late).toEqual({ kafka: 0, nats: 1 });
    expect(t.missing).toEqual({ kafka: 0, nats: 0 });
    expect(t.unknown).toEqual({ kafka: 0, nats: 0 });
    // Matched means both copies within the grace period: a late pair is not matched.
    expect(t.matched).toBe(0);
    // A second late copy of the same side is a duplicate, not late again.
    expect(l.observe('nats', 'a', 42, GRACE + 600)).toBe('duplicate');
    expect(l.snapshot()).toMatchObject({
      late: { kafka: 0, nats: 1 },
      duplicates: { kafka: 0, nats: 1 },
    });
  });

  it('counts a message its probe never got onto a side as unsent, never missing, before or after the grace period', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 1, 0);
    l.shadow('b', 1, 0);
    l.shadow('c', 1, 0);
    l.observe('kafka', 'a', 1, 10);
    l.observe('kafka', 'b', 1, 10);
    l.observe('kafka', 'c', 1, 10);
    // The NATS publish of a failed before the grace period ended, of b only after.
    l.unsent('nats', 'a');
    l.expire(GRACE);
    expect(l.snapshot().missing).toEqual({ kafka: 0, nats: 2 });
    expect(l.snapshot().unsent).toEqual({ kafka: 0, nats: 1 });
    l.unsent('nats', 'b');
    expect(l.snapshot().missing).toEqual({ kafka: 0, nats: 1 });
    expect(l.snapshot().unsent).toEqual({ kafka: 0, nats: 2 });
    // Reported twice, or for a side that delivered it, or for an unknown id: nothing moves.
    l.unsent('nats', 'b');
    l.unsent('kafka', 'a');
    l.unsent('nats', 'zzz');
    expect(l.snapshot()).toMatchObject({
      missing: { kafka: 0, nats: 1 },
      unsent: { kafka: 0, nats: 2 },
    });
    expect(l.recentOffenders().filter((o) => o.problem === 'missing')).toHaveLength(2);
  });

  it('counts an unsent message that arrives anyway (stored, its ack lost) as delivered', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 1, 0);
    l.shadow('b', 1, 0);
    l.observe('kafka', 'a', 1, 10);
    l.observe('kafka', 'b', 1, 10);
    l.unsent('nats', 'a');
    l.unsent('nats', 'b');
    l.observe('nats', 'a', 1, 20);
    expect(l.snapshot().matched).toBe(1);
    l.expire(GRACE);
    expect(l.observe('nats', 'b', 1, GRACE + 1)).toBe('late');
    expect(l.snapshot()).toMatchObject({
      matched: 1,
      missing: { kafka: 0, nats: 0 },
      unsent: { kafka: 0, nats: 0 },
      late: { kafka: 0, nats: 1 },
    });
  });

  it('checks the checksum of a late copy too', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 42, 0);
    l.expire(GRACE);
    expect(l.observe('kafka', 'a', 7, GRACE + 1)).toBe('checksum_mismatch');
    expect(l.snapshot()).toMatchObject({
      late: { kafka: 1, nats: 0 },
      missing: { kafka: 0, nats: 1 },
      mismatches: { kafka: 1, nats: 0 },
    });
  });

  it('forgets the oldest missed copies beyond its bound, and counts a copy it forgot as unknown', () => {
    const l = new ParityLedger({ graceMs: GRACE, maxMissed: 2 });
    for (const id of ['a', 'b', 'c']) l.shadow(id, 1, 0);
    l.expire(GRACE);
    expect(l.observe('nats', 'a', 1, GRACE + 1)).toBe('unknown_id');
    expect(l.observe('nats', 'c', 1, GRACE + 1)).toBe('late');
    expect(l.snapshot()).toMatchObject({
      missing: { kafka: 3, nats: 2 },
      late: { kafka: 0, nats: 1 },
      unknown: { kafka: 0, nats: 1 },
    });
  });

  it('closing a run counts what is still in flight as missing, stamped with the closing time', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 1, 0);
    l.observe('nats', 'a', 1, 10);
    l.expire(200, true);
    expect(l.snapshot().missing).toEqual({ kafka: 1, nats: 0 });
    // A finite time: +Infinity would serialise as null and the message be rejected.
    expect(l.recentOffenders()).toEqual([
      { id: 'a', side: 'kafka', problem: 'missing', atMs: 200 },
    ]);
  });

  it('counts redeliveries as duplicates without double-counting matched', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    l.shadow('a', 1, 0);
    l.observe('kafka', 'a', 1, 1);
    l.observe('nats', 'a', 1, 1);
    expect(l.observe('kafka', 'a', 1, 2)).toBe('duplicate');
    expect(l.snapshot()).toMatchObject({ matched: 1, duplicates: { kafka: 1, nats: 0 } });
  });

  it('counts ids it never shadowed separately', () => {
    const l = new ParityLedger({ graceMs: GRACE });
    expect(l.observe('nats', 'ghost', 1, 0)).toBe('unknown_id');
    expect(l.snapshot().unknown.nats).toBe(1);
  });

  it('resumes from persisted totals', () => {
    const restored = { ...emptyTotals(), shadowed: 100, matched: 98 };
    const l = new ParityLedger({ graceMs: GRACE }, restored);
    l.shadow('a', 1, 0);
    expect(l.snapshot()).toMatchObject({ shadowed: 101, matched: 98 });
    expect(restored.shadowed).toBe(100);
  });

  it('keeps a bounded sample of offenders', () => {
    const l = new ParityLedger({ graceMs: GRACE, maxOffenders: 3 });
    for (let i = 0; i < 10; i += 1) l.observe('nats', `x${i}`, 0, i);
    expect(l.recentOffenders().map((o) => o.id)).toEqual(['x7', 'x8', 'x9']);
  });
});

describe('parity - progress', () => {
  it('gives rate and ETA towards the target from matched messages', () => {
    const a = { ...emptyTotals(), matched: 1000 };
    const b = { ...emptyTotals(), matched: 3000 };
    expect(progress(10_000_000, a, b, 1000)).toEqual({
      fraction: 0.0003,
      ratePerSecond: 2000,
      etaSeconds: 4998.5,
    });
    expect(progress(10, a, a, 1000).etaSeconds).toBe(0);
    expect(progress(10_000, a, a, 1000).etaSeconds).toBeNull();
  });
});
