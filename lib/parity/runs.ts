import { decodeParity, type ParityMessage } from './protocol';
import { PARITY_HISTORY_POINTS, parityRunKey } from './types';

/** One parity progress report, reduced to what the history chart draws. */
export interface ParityPoint {
  atMs: number;
  shadowed: number;
  matched: number;
  /** Mismatches + missing, both sides. */
  problems: number;
}

/** Runs tracked at most (hostile probe ids cannot grow it). */
const MAX_RUNS = 20;

/**
 * The parity runs a receiver has heard of: the newest report of each (probe, ledger) and
 * its progress over time, from the parity messages any transport delivers.
 */
export class ParityRuns {
  private readonly newest = new Map<string, ParityMessage>();
  private readonly histories = new Map<string, ParityPoint[]>();

  /** Keeps a valid report newer than its run's last; anything else is ignored. */
  receive(data: Uint8Array | string): void {
    const p = decodeParity(data);
    if (!p) return;
    const key = parityRunKey(p);
    const known = this.newest.get(key);
    if (known && known.atMs >= p.atMs) return;
    if (!known && this.newest.size >= MAX_RUNS) return;
    this.newest.set(key, p);
    const history = this.histories.get(key) ?? [];
    history.push({
      atMs: p.atMs,
      shadowed: p.shadowed,
      matched: p.matched,
      problems: p.mismatches.kafka + p.mismatches.nats + p.missing.kafka + p.missing.nats,
    });
    if (history.length > PARITY_HISTORY_POINTS) history.shift();
    this.histories.set(key, history);
  }

  /** Progress over time of one run, oldest first (bounded). */
  history(probe: string, ledger: string): readonly ParityPoint[] {
    return this.histories.get(parityRunKey({ probe, ledger })) ?? [];
  }

  /** The newest report of each run, the most recent run first. */
  latest(): ParityMessage[] {
    return [...this.newest.values()].sort((a, b) => b.atMs - a.atMs);
  }
}
