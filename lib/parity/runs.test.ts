import { describe, expect, it } from 'vitest';
import { encodeParity } from './protocol';
import { ParityRuns } from './runs';
import { emptyTotals } from './types';

const report = (probeId: string, atMs: number, matched: number) =>
  encodeParity({
    probeId,
    ledger: 'main',
    atMs,
    target: 100,
    inFlight: 0,
    totals: { ...emptyTotals(), shadowed: matched, matched },
    ratePerSecond: 1,
    etaSeconds: null,
    offenders: [],
  });

describe('parity - runs a receiver has heard of', () => {
  it('ignores what is not a parity message, and never throws', () => {
    const runs = new ParityRuns();
    runs.receive('not json');
    runs.receive(new Uint8Array([0xff, 0xfe]));
    expect(runs.latest()).toEqual([]);
  });

  it('keeps the newest report per run, newest run first, and each run its history', () => {
    const runs = new ParityRuns();
    runs.receive(report('a', 1000, 10));
    runs.receive(report('b', 1500, 5));
    runs.receive(report('a', 2000, 20));
    // An older report of a run arriving late changes nothing.
    runs.receive(report('a', 1200, 99));
    expect(runs.latest().map((p) => [p.probe, p.matched])).toEqual([
      ['a', 20],
      ['b', 5],
    ]);
    expect(runs.history('a', 'main').map((p) => p.matched)).toEqual([10, 20]);
    expect(runs.history('c', 'main')).toEqual([]);
  });
});
