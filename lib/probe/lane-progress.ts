/**
 * How far each lane has got in the schedule (messages sent, withheld or skipped), in
 * memory shared by the lanes' sender threads and the main thread. A lane reads the others'
 * to bound its backlog without asking anyone, and the main thread can read it even while
 * its own event loop is blocked.
 */
export class LaneProgress {
  readonly buffer: SharedArrayBuffer;
  private readonly next: BigInt64Array;

  /** New counters for `lanes` lanes, or a view of counters another thread created. */
  constructor(lanes: number | SharedArrayBuffer) {
    this.buffer =
      typeof lanes === 'number'
        ? new SharedArrayBuffer(lanes * BigInt64Array.BYTES_PER_ELEMENT)
        : lanes;
    this.next = new BigInt64Array(this.buffer);
  }

  get lanes(): number {
    return this.next.length;
  }

  /** Lane `lane` has passed messages 0..next-1. */
  set(lane: number, next: number): void {
    Atomics.store(this.next, lane, BigInt(next));
  }

  get(lane: number): number {
    return Number(Atomics.load(this.next, lane));
  }

  /** The furthest any lane has got: every message below it has been planned. */
  lead(): number {
    let lead = 0;
    for (let i = 0; i < this.next.length; i += 1) lead = Math.max(lead, this.get(i));
    return lead;
  }

  /** The least far any lane has got. */
  trailing(): number {
    let trailing = Infinity;
    for (let i = 0; i < this.next.length; i += 1) trailing = Math.min(trailing, this.get(i));
    return trailing === Infinity ? 0 : trailing;
  }
}
