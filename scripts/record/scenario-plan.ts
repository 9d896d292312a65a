/**
 * When each step of the migration scenario happens, as ms since the recording started,
 * for a run of `totalMs` at `ratePerSecond`. Fractions of the run, so a short run (for
 * trying it out) tells the same story faster.
 */
export interface ScenarioPlan {
  totalMs: number;
  /** The dual-writing probe starts; the migration goes to shadowing, the groups to shadow. */
  shadowAtMs: number;
  /**
   * The shadow probe corrupts the NATS copy of every corruptMessage-th message: the clean
   * probe replaces it after the first is caught, before the second is due.
   */
  corruptMessage: number;
  /** kill -9 of the stream leader, and how long the node stays down. */
  nodeFailureAtMs: number;
  nodeDownMs: number;
  /** Groups go to dual read, one by one this far apart, once parity is at its target. */
  dualReadAtMs: number;
  /** The latest the dual read waits for the parity target (then goes ahead, and says so). */
  dualReadLatestMs: number;
  /** The migration goes to cutover (waiting for the gate until cutoverLatestMs). */
  cutoverAtMs: number;
  cutoverLatestMs: number;
  /** Groups cut over one by one, this far apart, from firstCutAtMs. */
  firstCutAtMs: number;
  groupEveryMs: number;
  standbyAtMs: number;
  /** Matched messages the ledger needs: reached between the restart and the dual read. */
  parityTarget: number;
  /** The gate's SLA hold (s): long enough to mean something, short enough to fit. */
  slaHoldSeconds: number;
  /** Parity grace period (ms): above JetStream's 5 s ack wait. */
  graceMs: number;
}

export function scenarioPlan(totalMs: number, ratePerSecond: number): ScenarioPlan {
  const at = (f: number) => Math.round(f * totalMs);
  // The clean ledger starts about 0.22 of the way in and must reach its target by 0.44.
  const cleanRunMs = at(0.44) - at(0.22);
  return {
    totalMs,
    shadowAtMs: at(0.06),
    corruptMessage: Math.max(1, Math.round((ratePerSecond * at(0.08)) / 1000)),
    nodeFailureAtMs: at(0.27),
    nodeDownMs: Math.max(10_000, at(0.04)),
    dualReadAtMs: at(0.5),
    dualReadLatestMs: at(0.56),
    cutoverAtMs: at(0.62),
    cutoverLatestMs: at(0.66),
    firstCutAtMs: at(0.64),
    groupEveryMs: at(0.045),
    standbyAtMs: at(0.84),
    parityTarget: Math.max(
      1000,
      Math.floor((0.8 * ratePerSecond * cleanRunMs) / 1000 / 1000) * 1000,
    ),
    slaHoldSeconds: Math.max(10, Math.round(totalMs / 10_000)),
    graceMs: 10_000,
  };
}
