import type { Side } from '@/lib/parity';
import type { LaneSender } from './lane-sender';
import type { Fault } from './types';

/**
 * Injected faults, handed to their side's sender one at a time so that each hits its own
 * message: the next goes out once the sender has reported where the last one landed, to a
 * message after it.
 */
export class FaultInjections {
  /** Faults not yet handed to a sender. */
  private readonly queue: Fault[] = [];
  private started = false;
  private injecting = false;
  /** The next fault goes to a message from this one on. */
  private from = 0;

  constructor(private readonly senderOf: (side: Side) => LaneSender | undefined) {}

  /** Hands out queued faults from now on (once the run's plan exists). */
  start(): void {
    this.started = true;
    this.next();
  }

  push(fault: Fault): void {
    this.queue.push(fault);
    this.next();
  }

  /**
   * A sender's report of the fault it was handed: the message it hit, or null if none.
   * undefined (no fault in this report) changes nothing.
   */
  landed(injectedAt: number | null | undefined): void {
    if (injectedAt === undefined) return;
    if (injectedAt !== null) this.from = injectedAt + 1;
    this.injecting = false;
    this.next();
  }

  private next(): void {
    if (this.injecting || !this.started) return;
    const fault = this.queue.shift();
    if (!fault) return;
    const sender = this.senderOf(fault.side);
    if (!sender) return this.next();
    this.injecting = true;
    sender.inject(fault.kind, this.from);
  }
}
