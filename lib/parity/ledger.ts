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
  /** The side's probe reported it never got this message onto the broker. */
  unsent: Record<Side, boolean>;
  matched: boolean;
}

/** A message whose grace period ended with a side missing; per side, what has come since. */
interface Missed {
  crc: number;
  sides: Record<Side, 'delivered' | 'missing' | 'unsent' | 'late'>;
}

export interface LedgerOptions {
  /** How long after sending a message may still arrive before it counts as missing, ms. */
  graceMs: number;
  /** Offending message ids kept for the drill-down (oldest dropped first). */
  maxOffenders?: number;
  /**
   * Messages counted missing that the ledger remembers, so that a late copy is recognised
   * (oldest forgotten first; ~150 bytes each). Default 100,000.
   */
  maxMissed?: number;
}

/** What the ledger made of one delivered copy. */
export type Observation = 'ok' | 'late' | ParityProblem;

const DEFAULT_MAX_MISSED = 100_000;

/**
 * The shadow run's parity ledger: every message is registered with the CRC32 of its
 * payload when it is dual-written; each side's consumer reports what it received.
 * A message is matched once both sides delivered it with the right checksum; after
 * the grace period a side that never delivered it counts it missing. Entries live
 * until their grace period ends, so duplicates are caught for that long.
 *
 * Late copies: a copy that arrives after its message was counted missing on that side
 * counts once, as late, and the message is taken off missing (it did arrive: missing
 * means never delivered, late means delivered after the grace period). It is not matched
 * (matched is both copies within the grace period) and its checksum is still checked.
 * The ledger remembers the last maxMissed such messages; a copy of one it has forgotten
 * counts as unknown, and missing keeps it.
 *
 * Unsent: a side whose probe could not get a message onto its broker (publish failed or
 * skipped) does not count it missing but unsent: missing is what a broker acknowledged and
 * never delivered. A copy that arrives anyway (stored, its ack lost) counts as usual.
 *
 * Memory: one entry per message in flight within the grace period, plus maxMissed.
 */
export class ParityLedger {
  private readonly pending = new Map<string, Pending>();
  private readonly missed = new Map<string, Missed>();
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
      unsent: { kafka: false, nats: false },
      matched: false,
    });
  }

  /**
   * Records that `side` delivered message `id` whose received payload has CRC32
   * `payloadCrc`. Returns what the ledger made of it.
   */
  observe(side: Side, id: string, payloadCrc: number, nowMs: number): Observation {
    const p = this.pending.get(id);
    if (!p) return this.observeAfterGrace(side, id, payloadCrc, nowMs);
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

  /**
   * Records that `side`'s probe never got message `id` onto its broker. Before the grace
   * period ends, the side will count it unsent instead of missing; after, it moves from
   * missing to unsent. Unknown ids and sides that delivered it are left as they are.
   */
  unsent(side: Side, id: string): void {
    const p = this.pending.get(id);
    if (p) {
      if (p.seen[side] === 0) p.unsent[side] = true;
      return;
    }
    const m = this.missed.get(id);
    if (m?.sides[side] !== 'missing') return;
    m.sides[side] = 'unsent';
    this.totals.missing[side] -= 1;
    this.totals.unsent[side] += 1;
  }

  /** Closes every entry whose grace period ended by nowMs; sides that never delivered count as missing. */
  expire(nowMs: number, all = false): void {
    // Map iteration is insertion order, which is send order, so stop at the first live entry.
    for (const [id, p] of this.pending) {
      if (!all && p.deadlineMs > nowMs) break;
      const absent = SIDES.filter((side) => p.seen[side] === 0);
      for (const side of absent) {
        if (p.unsent[side]) {
          this.totals.unsent[side] += 1;
          continue;
        }
        this.totals.missing[side] += 1;
        this.offend(id, side, 'missing', nowMs);
      }
      if (absent.length > 0) this.remember(id, p);
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

  private observeAfterGrace(
    side: Side,
    id: string,
    payloadCrc: number,
    nowMs: number,
  ): Observation {
    const m = this.missed.get(id);
    if (!m) {
      this.totals.unknown[side] += 1;
      return this.offend(id, side, 'unknown_id', nowMs);
    }
    const was = m.sides[side];
    if (was !== 'missing' && was !== 'unsent') {
      this.totals.duplicates[side] += 1;
      return this.offend(id, side, 'duplicate', nowMs);
    }
    m.sides[side] = 'late';
    this.totals.late[side] += 1;
    this.totals[was][side] -= 1;
    if (payloadCrc !== m.crc) {
      this.totals.mismatches[side] += 1;
      return this.offend(id, side, 'checksum_mismatch', nowMs);
    }
    return 'late';
  }

  private remember(id: string, p: Pending): void {
    const sides = { kafka: 'delivered', nats: 'delivered' } as Missed['sides'];
    for (const side of SIDES)
      if (p.seen[side] === 0) sides[side] = p.unsent[side] ? 'unsent' : 'missing';
    this.missed.set(id, { crc: p.crc, sides });
    const max = this.options.maxMissed ?? DEFAULT_MAX_MISSED;
    // Insertion order is expiry order: the first key is the oldest.
    while (this.missed.size > max) this.missed.delete(this.missed.keys().next().value!);
  }

  private offend(id: string, side: Side, problem: ParityProblem, atMs: number): ParityProblem {
    this.offenders.push({ id, side, problem, atMs });
    if (this.offenders.length > (this.options.maxOffenders ?? 50)) this.offenders.shift();
    return problem;
  }
}
