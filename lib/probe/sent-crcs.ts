/**
 * The CRC32 of the messages each lane's sender built lately, in memory the sender threads
 * share with the main thread, which registers every message in the parity ledger. Without
 * it the main thread built each payload a third time only to take its CRC32: at 3,000
 * msg/s that was the largest item of its CPU profile (sensorPayload, Buffer writes and
 * crc32: 7.4 of its 19.8 busy seconds in a 15 s run).
 *
 * One ring of `slots` entries per lane, one writer each (its sender). A slot holds a
 * message number and its CRC32; the writer first invalidates the number, then stores the
 * CRC32 and the new number, and a reader accepts a CRC32 only if the number read before
 * and after it is the one asked for (a seqlock: a slot rewritten meanwhile is refused).
 * That holds because a lane builds each message once, in order: a number a slot has held
 * never comes back to it.
 * A message no lane built (skipped), or one overwritten since, is simply not here: the
 * caller builds it from the plan, as before. Hand-written: no library shares a lock-free
 * lookup between worker threads, and this one is twenty lines.
 */
/** A message number (8 bytes) and a CRC32 (4). */
const SLOT_BYTES = 12;

export class SentCrcs {
  readonly buffer: SharedArrayBuffer;
  private readonly numbers: BigInt64Array;
  private readonly crcs: Uint32Array;
  private readonly lanes: number;
  /** Entries per lane (a field: put runs once per message sent). */
  readonly slots: number;

  /** A ring of `slots` per lane for `lanes` lanes, or a view of rings another thread made. */
  constructor(lanes: number, slots: number | SharedArrayBuffer) {
    this.buffer =
      typeof slots === 'number' ? new SharedArrayBuffer(lanes * slots * SLOT_BYTES) : slots;
    const n = this.buffer.byteLength / SLOT_BYTES;
    this.numbers = new BigInt64Array(this.buffer, 0, n);
    this.crcs = new Uint32Array(this.buffer, n * 8, n);
    this.lanes = lanes;
    this.slots = n / lanes;
  }

  /** Lane `lane` built message i, whose payload's CRC32 is crc. */
  put(lane: number, i: number, crc: number): void {
    const s = lane * this.slots + (i % this.slots);
    Atomics.store(this.numbers, s, 0n);
    Atomics.store(this.crcs, s, crc);
    Atomics.store(this.numbers, s, BigInt(i + 1));
  }

  /** Message i's CRC32 as some lane built it, or null when no lane's ring still has it. */
  get(i: number): number | null {
    const tag = BigInt(i + 1);
    const slot = i % this.slots;
    for (let lane = 0; lane < this.lanes; lane += 1) {
      const s = lane * this.slots + slot;
      if (Atomics.load(this.numbers, s) !== tag) continue;
      const crc = Atomics.load(this.crcs, s);
      if (Atomics.load(this.numbers, s) === tag) return crc;
    }
    return null;
  }
}
