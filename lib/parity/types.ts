/** The two sides of the shadow run. */
export type Side = 'kafka' | 'nats';
export const SIDES: readonly Side[] = ['kafka', 'nats'];

export type PerSide = Record<Side, number>;

/** Reports kept per parity run for the history chart (one a second: an hour). */
export const PARITY_HISTORY_POINTS = 3600;

/** The key of one parity run, a (probe, ledger) pair, wherever runs are kept apart. */
export function parityRunKey(run: { probe: string; ledger: string }): string {
  return `${run.probe}|${run.ledger}`;
}

/** What went wrong with one message, for the bounded sample of offenders. */
export type ParityProblem = 'checksum_mismatch' | 'missing' | 'duplicate' | 'unknown_id';

export interface Offender {
  id: string;
  side: Side;
  problem: ParityProblem;
  atMs: number;
}

/** Running totals of a shadow run; what is persisted and published. */
export interface ParityTotals {
  /** Messages written to both sides. */
  shadowed: number;
  /** Messages seen exactly once on each side with matching, valid CRC32s. */
  matched: number;
  mismatches: PerSide;
  missing: PerSide;
  duplicates: PerSide;
  /**
   * Copies of this probe's own messages the ledger does not hold (a redelivery after the
   * grace period, or a late copy it had already forgotten). Other writers' and earlier
   * runs' messages never reach the ledger: the probe counts them apart (foreign, stale).
   */
  unknown: PerSide;
  /**
   * Copies that arrived after the grace period, once it had counted them missing: each
   * counts here once and no longer as missing (it did arrive), never as matched.
   */
  late: PerSide;
  /**
   * Messages this side's probe never got onto the broker: the publish failed (refused, or
   * no ack in time) or the lane skipped it (see ProbeOptions.maxBacklog). Never counted as
   * missing: missing means the broker acknowledged a message that never came back. A copy
   * that arrives anyway (stored, its ack lost) counts as delivered and leaves unsent.
   */
  unsent: PerSide;
}

export function emptyTotals(): ParityTotals {
  return {
    shadowed: 0,
    matched: 0,
    mismatches: { kafka: 0, nats: 0 },
    missing: { kafka: 0, nats: 0 },
    duplicates: { kafka: 0, nats: 0 },
    unknown: { kafka: 0, nats: 0 },
    late: { kafka: 0, nats: 0 },
    unsent: { kafka: 0, nats: 0 },
  };
}
