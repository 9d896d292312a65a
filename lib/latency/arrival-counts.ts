import { REJECT_REASONS, TRANSPORTS, type RejectReason, type Transport } from '@/lib/samples';
import type { RejectionCounts, TransportCounts } from './types';

/**
 * What became of the windows each transport delivered: accepted, copies of one already
 * merged, refused and why, and when the transport last brought one.
 */
export class ArrivalCounts {
  private readonly transports = Object.fromEntries(
    TRANSPORTS.map((t) => [
      t,
      { accepted: 0, duplicates: 0, conflicts: 0, rejected: 0, lastSeenMs: null },
    ]),
  ) as TransportCounts;
  private readonly rejected = Object.fromEntries(
    REJECT_REASONS.map((r) => [r, 0]),
  ) as RejectionCounts;

  /**
   * A window the ledger let through (new, or a copy) arrived at nowMs by the receiver's
   * clock: the transport is alive, whatever becomes of the window next.
   */
  seen(transport: Transport, nowMs: number): void {
    this.transports[transport].lastSeenMs = nowMs;
  }

  /** A window merged. */
  accepted(transport: Transport): void {
    this.transports[transport].accepted += 1;
  }

  /** A copy of a window already merged (the other transport's, usually). */
  duplicate(transport: Transport): void {
    this.transports[transport].duplicates += 1;
  }

  /** A message refused, and why; a conflict is also counted as such. */
  reject(reason: RejectReason, transport: Transport): void {
    this.rejected[reason] += 1;
    this.transports[transport].rejected += 1;
    if (reason === 'conflict') this.transports[transport].conflicts += 1;
  }

  transportStats(): Readonly<TransportCounts> {
    return this.transports;
  }

  rejections(): Readonly<RejectionCounts> {
    return this.rejected;
  }
}
