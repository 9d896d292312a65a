/**
 * Open-loop schedule: message i is due at startUs + i / rate, whatever happened to
 * message i-1. Latency is measured from this intended time, so a stalled producer
 * shows up as latency instead of silently sending fewer messages (coordinated omission).
 */
export class OpenLoopSchedule {
  readonly intervalUs: number;

  constructor(
    readonly startUs: number,
    ratePerSecond: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('rate must be > 0');
    this.intervalUs = 1_000_000 / ratePerSecond;
  }

  /** Intended send time of message i, µs. */
  intendedUs(i: number): number {
    return this.startUs + i * this.intervalUs;
  }

  /** How many messages (0..n-1) are due by nowUs. */
  dueBy(nowUs: number): number {
    return nowUs < this.startUs ? 0 : Math.floor((nowUs - this.startUs) / this.intervalUs) + 1;
  }
}
