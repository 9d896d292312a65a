import {
  emptyTotals,
  SIDES,
  type Offender,
  type ParityProblem,
  type ParityTotals,
  type Side,
} from './types';

interface Pending {
  crc: number;
  deadlineMs: number;
  seen: Record<Side, number>;
  bad: Record<Side, boolean>;
  matched: boolean;
}

export interface LedgerOptions {
  /** How long after sending a message may still arrive before it counts as missing, ms. */
  graceMs: number;
  /** Offending message ids kept for the drill-down (oldest dropped first). */
  maxOffenders?: number;
}

/**
 * The shadow run's parity ledger: every message is registered with the CRC32 of its
 * payload when it is dual-written; each side's consumer reports what it received.
 * A message is matched once both sides delivered it with the right checksum; after
 * the grace period a side that never delivered it counts it missing. Entries live
 * until their grace period ends, so duplicates are caught for that long.
 * Memory: one entry per message in flight within the grace period.
 */
export class ParityLedger {
  private readonly pending = new Map<string, Pending>();
  private readonly offenders: Offender[] = [];
  private totals: ParityTotals;

  constructor(
    private readonly options: LedgerOptions,
    restored: ParityTotals = emptyTotals(),
  ) {
    this.totals = structuredClone(restored);
  }

  /** Registers a message written to both sides. */
  shadow(id: string, crc: number, sentAtMs: number): void {
    this.totals.shadowed += 1;
    this.pending.set(id, {
      crc,
      deadlineMs: sentAtMs + this.options.graceMs,
      seen: { kafka: 0, nats: 0 },
      bad: { kafka: false, nats: false },
      matched: false,
    });
  }

  /**
   * Records that `side` delivered message `id` whose received payload has CRC32
   * `payloadCrc`. Returns what the ledger made of it.
   */
  observe(side: Side, id: string, payloadCrc: number, nowMs: number): 'ok' | ParityProblem {
    const p = this.pending.get(id);
    if (!p) {
      this.totals.unknown[side] += 1;
      return this.offend(id, side, 'unknown_id', nowMs);
    }
    p.seen[side] += 1;
    if (p.seen[side] > 1) {
      this.totals.duplicates[side] += 1;
      return this.offend(id, side, 'duplicate', nowMs);
    }
    if (payloadCrc !== p.crc) {
      p.bad[side] = true;
      this.totals.mismatches[side] += 1;
      return this.offend(id, side, 'checksum_mismatch', nowMs);
    }
    if (!p.matched && SIDES.every((s) => p.seen[s] > 0 && !p.bad[s])) {
      p.matched = true;
      this.totals.matched += 1;
    }
    return 'ok';
  }

  /** Closes every entry whose grace period ended by nowMs; sides that never delivered count as missing. */
  expire(nowMs: number, all = false): void {
    // Map iteration is insertion order, which is send order, so stop at the first live entry.
    for (const [id, p] of this.pending) {
      if (!all && p.deadlineMs > nowMs) break;
      for (const side of SIDES) {
        if (p.seen[side] === 0) {
          this.totals.missing[side] += 1;
          this.offend(id, side, 'missing', nowMs);
        }
      }
      this.pending.delete(id);
    }
  }

  /** Messages still waiting for at least one side (what a clean shutdown waits for). */
  unsettled(): number {
    let n = 0;
    for (const p of this.pending.values()) if (SIDES.some((s) => p.seen[s] === 0)) n += 1;
    return n;
  }

  /** Messages shadowed whose grace period has not ended. */
  get inFlight(): number {
    return this.pending.size;
  }

  snapshot(): ParityTotals {
    return structuredClone(this.totals);
  }

  /** The most recent offending messages, newest last. */
  recentOffenders(): readonly Offender[] {
    return this.offenders;
  }

  private offend(id: string, side: Side, problem: ParityProblem, atMs: number): ParityProblem {
    this.offenders.push({ id, side, problem, atMs });
    if (this.offenders.length > (this.options.maxOffenders ?? 50)) this.offenders.shift();
    return problem;
  }
}
